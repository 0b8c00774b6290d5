import fs from 'node:fs/promises';
import path from 'node:path';
import { FerryError } from '../api/errors.js';
import type { FileFingerprint } from '../history/recorder.js';
import { isReadableName } from '../source/open-file.js';
import { tableKey } from './fingerprint.js';

export interface Candidate {
  path: string;
  name: string;
  mtimeMs: number;
}

export interface Picked {
  /** Table as the saved export set names it. */
  table: string;
  saved: FileFingerprint;
  file: Candidate;
}

/** Export files directly inside the folders given, plus the files given. */
export async function candidates(paths: string[]): Promise<Candidate[]> {
  const out = new Map<string, Candidate>();
  const add = async (p: string) => {
    const stat = await fs.stat(p);
    out.set(p, { path: p, name: path.basename(p), mtimeMs: stat.mtimeMs });
  };
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) {
      throw new FerryError(
        'file-missing',
        `Ferry could not find "${path.basename(p)}". It may have been moved or deleted.`,
      );
    }
    if (stat.isDirectory()) {
      for (const e of await fs.readdir(p, { withFileTypes: true })) {
        if (e.isFile() && isReadableName(e.name)) await add(path.join(p, e.name));
      }
    } else {
      await add(p);
    }
  }
  return [...out.values()];
}

/**
 * For each table of the saved export set, the newest file whose Airtable name (`<Table>-<View>`)
 * names that table; a folder of many exports (`Prints-Grid view.csv`, `Prints-Grid view (1).csv`)
 * gives the latest. Files of other tables are ignored.
 */
export function pickNewest(
  saved: FileFingerprint[],
  found: Candidate[],
): { picked: Picked[]; missing: string[]; ignored: string[] } {
  const byTable = new Map<string, Candidate[]>();
  for (const c of found) byTable.set(tableKey(c.name), [...(byTable.get(tableKey(c.name)) ?? []), c]);
  const picked: Picked[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  for (const s of saved) {
    const key = tableKey(s.name);
    const options = byTable.get(key) ?? [];
    // Newest by modification time; a name with a higher "(n)" copy number breaks ties.
    const newest = [...options].sort(
      (a, b) => b.mtimeMs - a.mtimeMs || copyNumber(b.name) - copyNumber(a.name) || a.name.localeCompare(b.name),
    )[0];
    if (!newest) {
      missing.push(s.table);
      continue;
    }
    used.add(key);
    picked.push({ table: s.table, saved: s, file: newest });
  }
  const ignored = found.filter((c) => !used.has(tableKey(c.name))).map((c) => c.name);
  return { picked, missing, ignored };
}

/** `Prints-Grid view (2).csv` → 2: browsers number repeated downloads; no number → 0. */
function copyNumber(name: string): number {
  const m = /\((\d+)\)\s*(\.[^.]*)?$/.exec(name);
  return m ? Number(m[1]) : 0;
}
