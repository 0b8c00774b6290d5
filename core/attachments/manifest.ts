import fs from 'node:fs/promises';
import path from 'node:path';
import { csvLine } from '../report/csv.js';
import type { AttachmentItem, AttachmentStatus } from './types.js';

export interface ManifestEntry {
  item: AttachmentItem;
  /** Path under the download folder. */
  relative: string;
  status: AttachmentStatus;
  bytes: number;
  reason?: string;
}

const HEADER = ['table', 'row key', 'row', 'column', 'name', 'url', 'saved path', 'status', 'bytes', 'reason'];

/** `attachments.csv`: every attachment, where it went and what happened; written whole, then renamed into place. */
export async function writeManifest(file: string, entries: ManifestEntry[]): Promise<void> {
  const lines = [csvLine(HEADER)];
  for (const e of entries) {
    lines.push(
      csvLine([
        e.item.table,
        e.item.recordKey,
        e.item.row,
        e.item.column,
        e.item.name,
        e.item.url,
        e.status === 'saved' || e.status === 'skipped' ? e.relative.split(path.sep).join('/') : '',
        e.status,
        e.bytes,
        e.reason ?? '',
      ]),
    );
  }
  const temp = `${file}.part`;
  await fs.writeFile(temp, `${lines.join('\r\n')}\r\n`);
  await fs.rename(temp, file);
}
