import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileFingerprint } from '../history/recorder.js';
import { tableNameFromFile } from '../source/names.js';

/**
 * What identifies one export file's content: size, SHA-256 and modification time. A re-sync
 * compares these against the last sync's, so it can say "nothing new" without reading the target.
 */
export async function fingerprintFile(filePath: string, signal?: AbortSignal): Promise<FileFingerprint> {
  const stat = await fs.stat(filePath);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { signal })) hash.update(chunk as Buffer);
  const name = path.basename(filePath);
  return {
    name,
    path: filePath,
    table: tableNameFromFile(name),
    size: stat.size,
    sha256: hash.digest('hex'),
    modifiedAt: stat.mtime.toISOString(),
  };
}
