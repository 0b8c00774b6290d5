import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { call } from '../../../core/api/dispatch.js';
import type { FerryEnv } from '../../../core/env/env.js';
import { applyAndRecord, planFiles } from '../../../core/sync/run-sync.js';
import {
  artMapping,
  basicExport,
  DISTRIBUTOR_HEADERS,
  EDITION_HEADERS,
  PRINT_HEADERS,
  type ExportRows,
} from '../sync/harness.js';

/** Writes an Airtable-style export set into `dir` and returns the file paths. */
export function writeExport(dir: string, e: ExportRows, mtime?: Date): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string[], unknown[][]][] = [
    ['Prints-Grid view.csv', PRINT_HEADERS, e.prints],
    ['Distributors-Grid view.csv', DISTRIBUTOR_HEADERS, e.distributors],
    ['Editions-All Records.csv', EDITION_HEADERS, e.editions],
  ];
  return files.map(([name, headers, rows]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `\uFEFF${Papa.unparse([headers, ...rows])}`);
    if (mtime) fs.utimesSync(file, mtime, mtime);
    return file;
  });
}

/** The basic export without the rows that leave problems (a missing distributor, an unknown size). */
export function cleanExport(): ExportRows {
  const e = basicExport();
  e.editions = e.editions.map((r) => {
    const row = [...r];
    if (row[3] === '') row[3] = 'North Gallery';
    if (row[4] === 'large ') row[4] = 'Large';
    return row;
  });
  return e;
}

export function ctxOf(env: FerryEnv) {
  return { env, carrier: 'cli' as const, signal: new AbortController().signal, progress: () => {} };
}

/** Plans and applies an export into the workspace's target, recorded in its history. */
export async function syncInto(
  env: FerryEnv,
  workspaceId: string,
  url: string,
  paths: string[],
  e: ExportRows,
  opts: { snapshot?: boolean; conflictPolicy?: 'keep-postgres' | 'take-export' | 'stop' } = {},
) {
  const session = await planFiles(env, {
    target: { kind: 'url', url },
    paths,
    mapping: artMapping(e),
    mode: 'full',
    workspaceId,
    signal: new AbortController().signal,
    progress: () => {},
  });
  try {
    return await applyAndRecord(env, session, {
      conflictPolicy: opts.conflictPolicy ?? 'stop',
      snapshot: opts.snapshot,
      signal: new AbortController().signal,
      progress: () => {},
    });
  } finally {
    await session.close();
  }
}

export async function newWorkspace(env: FerryEnv, url: string, name = 'Art editions') {
  return call('workspace/create', { name, target: { kind: 'url', url } }, ctxOf(env));
}
