import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CancelledError } from '../api/errors.js';
import { diskReason, httpReason, networkReason } from './reasons.js';

export interface FetchFileOptions {
  /** URL schemes Ferry may fetch and follow redirects to, e.g. `['https:']`. */
  schemes: readonly string[];
  /** Longest wait for the server to answer or to send more bytes. */
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Called with the bytes of each chunk written. */
  onBytes?: (n: number) => void;
}

export type FetchOutcome =
  | { status: 'saved'; bytes: number }
  | { status: 'skipped'; bytes: number; note?: string }
  | { status: 'failed'; reason: string };

const MAX_REDIRECTS = 5;

/**
 * Downloads one link to `dest`. The bytes go to a temporary name in the same folder and are
 * renamed only once complete, so a failure or a cancel never leaves half a file. A file already
 * at `dest` with the size the server announces is left alone, as is one whose link no longer works.
 */
export async function fetchToFile(url: string, dest: string, opts: FetchFileOptions): Promise<FetchOutcome> {
  const existing = await fs.stat(dest).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  const keptNote = (why: string): FetchOutcome | undefined =>
    existing === undefined
      ? undefined
      : { status: 'skipped', bytes: existing, note: `Saved earlier; ${why}, so Ferry kept the saved copy.` };
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { status: 'failed', reason: 'This is not a web address, so there is nothing to download.' };
  }
  if (!opts.schemes.includes(current.protocol)) {
    return {
      status: 'failed',
      reason: `Ferry only downloads ${schemeWords(opts.schemes)} links; this one is ${current.protocol.replace(':', '')}.`,
    };
  }
  // A wait, not a deadline: a big file that keeps arriving is never cut off, a link that goes quiet is.
  const quiet = new AbortController();
  let timer = setTimeout(() => quiet.abort(), opts.timeoutMs);
  const stillAlive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => quiet.abort(), opts.timeoutMs);
  };
  const signal = opts.signal ? AbortSignal.any([opts.signal, quiet.signal]) : quiet.signal;
  const temp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomUUID().slice(0, 8)}.part`);
  let wroteTemp = false;
  /** The first folder made for this file, while the file is not saved (undefined when none was made). */
  let madeFrom: string | undefined;
  try {
    let res: Response | undefined;
    for (let hop = 0; ; hop++) {
      res = await fetch(current, { redirect: 'manual', signal });
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (!location) break;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        return { status: 'failed', reason: 'The link sends Ferry round in circles (too many redirects).' };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return {
          status: 'failed',
          reason: 'The link redirects to an address that is not a valid web address, so there is nothing to download.',
        };
      }
      if (!opts.schemes.includes(next.protocol)) {
        return {
          status: 'failed',
          reason: `The link redirects to a ${next.protocol.replace(':', '')} address; Ferry only follows ${schemeWords(opts.schemes)} links.`,
        };
      }
      current = next;
    }
    if (!res.ok) {
      await res.body?.cancel();
      return keptNote('its link no longer works') ?? { status: 'failed', reason: httpReason(res.status) };
    }
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (announced > opts.maxBytes) {
      await res.body?.cancel();
      return { status: 'failed', reason: tooBig(opts.maxBytes) };
    }
    if (existing !== undefined && announced === existing) {
      await res.body?.cancel();
      return { status: 'skipped', bytes: existing };
    }
    madeFrom = await fs.mkdir(path.dirname(dest), { recursive: true });
    const handle = await fs.open(temp, 'wx');
    wroteTemp = true;
    let bytes = 0;
    try {
      for await (const chunk of res.body ?? []) {
        bytes += chunk.byteLength;
        if (bytes > opts.maxBytes) return { status: 'failed', reason: tooBig(opts.maxBytes) };
        await handle.write(chunk);
        stillAlive();
        opts.onBytes?.(chunk.byteLength);
      }
    } finally {
      await handle.close();
    }
    await fs.rename(temp, dest);
    wroteTemp = false;
    madeFrom = undefined;
    return { status: 'saved', bytes };
  } catch (err) {
    if (opts.signal?.aborted) throw new CancelledError();
    if (quiet.signal.aborted) {
      return (
        keptNote('its link did not answer in time') ?? {
          status: 'failed',
          reason: `The server sent nothing for ${Math.round(opts.timeoutMs / 1000)} seconds, so Ferry stopped waiting. It may be slow or the link dead; try again later.`,
        }
      );
    }
    const disk = diskReason(err);
    if (disk) return { status: 'failed', reason: disk };
    return keptNote('its link could not be reached') ?? { status: 'failed', reason: networkReason(err) };
  } finally {
    clearTimeout(timer);
    if (wroteTemp) await fs.rm(temp, { force: true });
    if (madeFrom) await removeEmptyFolders(path.dirname(dest), madeFrom);
  }
}

/** Folders made for a file that did not arrive, from `dir` up to `top`, while they are empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let d = dir; d.length >= top.length; d = path.dirname(d)) {
    try {
      await fs.rmdir(d);
    } catch {
      return; // not empty (another file is there), or already gone
    }
    if (d === top) return;
  }
}

function tooBig(max: number): string {
  return `The file is larger than the limit of ${Math.round(max / 1024 / 1024)} MB, so Ferry did not keep it.`;
}

function schemeWords(schemes: readonly string[]): string {
  return schemes.map((s) => s.replace(':', '')).join(' or ');
}
