import fs from 'node:fs/promises';
import zlib from 'node:zlib';

/** A merged range of cells, 1-based and inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** `AB12` → { row: 12, col: 28 } */
function cellRef(ref: string): { row: number; col: number } | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else break;
  }
  const row = Number(ref.slice(i));
  return col > 0 && Number.isInteger(row) && row > 0 ? { row, col } : undefined;
}

export function parseRange(ref: string): MergeRange | undefined {
  const [a, b] = ref.split(':');
  const from = cellRef(a);
  const to = cellRef(b ?? a);
  if (!from || !to) return undefined;
  return { top: from.row, left: from.col, bottom: to.row, right: to.col };
}

/**
 * The merged ranges of some sheets of a workbook. exceljs's streaming reader skips them, so the
 * zip's central directory is read here and each sheet's XML is inflated once and scanned for
 * `<mergeCell ref="…"/>`. Anything unexpected gives no merges rather than an error: merges only
 * improve header names.
 */
export async function readMerges(filePath: string, sheetIds: number[]): Promise<Map<number, MergeRange[]>> {
  const out = new Map<number, MergeRange[]>();
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, 66 * 1024);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) return out;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size) return out;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const wanted = new Map(sheetIds.map((id) => [`xl/worksheets/sheet${id}.xml`, id]));
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL;) {
      const method = cd.readUInt16LE(p + 10);
      const compSize = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      const id = wanted.get(name);
      if (id === undefined || (method !== 0 && method !== 8)) continue;
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== LOCAL) continue;
      const start = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      out.set(id, await scanSheet(handle, start, compSize, method));
    }
  } catch {
    return out;
  } finally {
    await handle.close();
  }
  return out;
}

async function scanSheet(handle: fs.FileHandle, start: number, length: number, method: number): Promise<MergeRange[]> {
  const ranges: MergeRange[] = [];
  const inflate = method === 8 ? zlib.createInflateRaw() : undefined;
  let carry = '';
  const scan = (text: string) => {
    const s = carry + text;
    let i = s.indexOf('<mergeCell ');
    let last = 0;
    while (i !== -1) {
      const end = s.indexOf('>', i);
      if (end === -1) break;
      const m = /ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/.exec(s.slice(i, end));
      const r = m ? parseRange(m[1]) : undefined;
      if (r) ranges.push(r);
      last = end + 1;
      i = s.indexOf('<mergeCell ', last);
    }
    // Keep only what could be the start of a tag cut by the chunk edge.
    const rest = s.slice(Math.max(last, s.length - 200));
    carry = rest.includes('<') ? rest.slice(rest.lastIndexOf('<')) : '';
  };
  const chunkSize = 256 * 1024;
  const done = inflate
    ? new Promise<void>((resolve, reject) => {
        inflate.on('data', (c: Buffer) => scan(c.toString('latin1')));
        inflate.on('end', resolve);
        inflate.on('error', reject);
      })
    : Promise.resolve();
  for (let pos = 0; pos < length; pos += chunkSize) {
    const n = Math.min(chunkSize, length - pos);
    const buf = Buffer.alloc(n);
    await handle.read(buf, 0, n, start + pos);
    if (inflate) {
      if (!inflate.write(buf)) await new Promise((r) => inflate.once('drain', r));
    } else scan(buf.toString('latin1'));
  }
  inflate?.end();
  await done;
  return ranges;
}
