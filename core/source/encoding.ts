import fs from 'node:fs';
import { FerryError } from '../api/errors.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: TextEncoding;
  bom: boolean;
  /** How the guess was made, for the report when it is not plain UTF-8. */
  note?: string;
}

const SAMPLE_BYTES = 64 * 1024;

/** Reads the first bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Decides how a text file is encoded from its first bytes: a byte-order mark settles it; UTF-16
 * without a mark shows as zero bytes in every other position; valid UTF-8 is UTF-8; anything
 * else is taken as Windows-1252, which is what Excel on Windows writes.
 */
export function guessEncoding(head: Buffer, fileName: string): EncodingGuess {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bom: true };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  let zeroEven = 0;
  let zeroOdd = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  const pairs = n / 2;
  if (pairs >= 2 && zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) {
    return { encoding: 'utf-16le', bom: false, note: 'read as UTF-16 (little-endian) without a byte-order mark' };
  }
  if (pairs >= 2 && zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) {
    return { encoding: 'utf-16be', bom: false, note: 'read as UTF-16 (big-endian) without a byte-order mark' };
  }
  if (zeroEven + zeroOdd > 0) {
    throw new FerryError(
      'not-text',
      `"${fileName}" does not look like a text file (it contains binary data). Export it again as CSV, Excel, JSON or XML.`,
    );
  }
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    return {
      encoding: 'windows-1252',
      bom: false,
      note: 'the file is not UTF-8; Ferry read it as Windows-1252 (Western European). Check accented letters and symbols.',
    };
  }
}

/**
 * Streams a text file as decoded strings. The decoder drops the byte-order mark. Bytes that do
 * not decode become U+FFFD; `onBadBytes` is told once so the reader can report it.
 */
export async function* readText(
  path: string,
  encoding: TextEncoding,
  opts: { signal?: AbortSignal; onBytes?: (n: number) => void; onBadBytes?: () => void; chunkBytes?: number } = {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const stream = fs.createReadStream(path, { highWaterMark: opts.chunkBytes ?? 256 * 1024 });
  let bytes = 0;
  let warned = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) return;
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      const text = decoder.decode(chunk, { stream: true });
      if (!warned && text.indexOf('\uFFFD') !== -1) {
        warned = true;
        opts.onBadBytes?.();
      }
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}
