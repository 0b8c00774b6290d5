import fs from 'node:fs/promises';
import path from 'node:path';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { FileFingerprint, ProblemRecord } from '../history/recorder.js';
import { sha256File } from './fingerprint.js';
import { isReadableName, openFile } from './open-file.js';
import type { ExportSet, SourceTable } from './types.js';

export { detectLinks } from './links.js';

export interface ReadOptions {
  signal?: AbortSignal;
  progress?: (p: Progress) => void;
}

/**
 * Opens the files dropped together as one export set. A folder stands for the export files
 * directly inside it. Each file is fingerprinted (SHA-256) and opened; a file that cannot be read
 * becomes a problem of the set, unless nothing at all can be read, which is an error.
 */
export async function readExportSet(paths: string[], opts: ReadOptions = {}): Promise<ExportSet> {
  const filePaths = await expandPaths(paths);
  if (filePaths.length === 0) {
    throw new FerryError(
      'no-files',
      'There are no export files to read. Choose CSV, Excel (.xlsx), JSON or XML files.',
    );
  }
  const tables: SourceTable[] = [];
  const files: FileFingerprint[] = [];
  const problems: ProblemRecord[] = [];
  const errors: FerryError[] = [];
  const names = new Set<string>();
  for (const [i, filePath] of filePaths.entries()) {
    throwIfCancelled(opts.signal);
    const file = path.basename(filePath);
    opts.progress?.({ stage: 'open', message: `Opening ${file}`, done: i, total: filePaths.length, unit: 'files' });
    let opened: SourceTable[];
    try {
      opened = await openFile(filePath);
    } catch (err) {
      if (!(err instanceof FerryError)) throw err;
      errors.push(err);
      problems.push({ file, reason: err.message, stage: 'read', action: 'skipped' });
      continue;
    }
    for (const table of opened) {
      const base = table.name;
      if (names.has(base.toLowerCase())) {
        let name = table.sheet
          ? `${path.basename(file, path.extname(file))} ${table.sheet}`
          : path.basename(file, path.extname(file));
        for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base} (${n})`;
        table.name = name;
        problems.push({
          file,
          table: name,
          reason: `Another file already gives a table called "${base}"; this one is called "${name}".`,
          stage: 'read',
          action: 'kept',
        });
        for (const p of table.problems) p.table = name;
      }
      names.add(table.name.toLowerCase());
      tables.push(table);
    }
    const stat = await fs.stat(filePath);
    files.push({
      name: file,
      path: filePath,
      table: opened.map((t) => t.name).join(', '),
      size: stat.size,
      sha256: await sha256File(filePath, opts.signal),
      modifiedAt: stat.mtime.toISOString(),
    });
  }
  throwIfCancelled(opts.signal);
  if (tables.length === 0) {
    if (errors.length === 1) throw errors[0];
    throw new FerryError(
      'nothing-readable',
      `None of the files could be read: ${errors.map((e) => e.message).join(' ')}`,
    );
  }
  return { tables, files, problems };
}

async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const resolved = path.resolve(p);
    const stat = await fs.stat(resolved).catch(() => undefined);
    if (!stat)
      throw new FerryError(
        'file-missing',
        `Ferry could not find "${path.basename(resolved)}". It may have been moved or deleted.`,
      );
    if (stat.isDirectory()) {
      const entries = await fs.readdir(resolved, { withFileTypes: true });
      for (const e of entries
        .filter((e) => e.isFile() && isReadableName(e.name))
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(resolved, e.name);
        if (!out.includes(file)) out.push(file);
      }
    } else if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}
