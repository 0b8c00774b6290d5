import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileFingerprint } from '../history/recorder.js';
import { sha256File } from '../source/fingerprint.js';
import { tableNameFromFile } from '../source/names.js';

/**
 * What identifies one export file's content: size, SHA-256 and modification time, computed the
 * same way the export-set reader does. A re-sync compares these against the last sync's, so it
 * can say "nothing new" without reading the target.
 */
export async function fingerprintFile(filePath: string, signal?: AbortSignal): Promise<FileFingerprint> {
  const stat = await fs.stat(filePath);
  const name = path.basename(filePath);
  return {
    name,
    path: filePath,
    table: tableNameFromFile(name),
    size: stat.size,
    sha256: await sha256File(filePath, signal),
    modifiedAt: stat.mtime.toISOString(),
  };
}

/** The Airtable table a file name stands for, compared without case: `Prints-Grid view (2).csv` → `prints`. */
export function tableKey(fileName: string): string {
  return tableNameFromFile(fileName).toLowerCase();
}
