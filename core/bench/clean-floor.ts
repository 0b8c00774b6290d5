import fs from 'node:fs';
import path from 'node:path';
import type { MappingDocument } from '../mapping/document.js';
import { checkMapping } from '../mapping/validate.js';
import { ProblemLog } from '../plan/problems.js';
import { RowStager, stageLayout } from '../plan/row-stager.js';
import { rowBatches } from '../plan/source-rows.js';
import { readExportSet } from '../source/export-set.js';
import { suggestForFiles } from '../sync/run-sync.js';

/**
 * What a first sync cannot go under on this machine: the editions file read by Ferry's reader
 * alone, then read and cleaned into staging lines with no database at all. Both run on one core,
 * in this process, as a sync's reading does.
 */
export async function benchCleanFloor(folder: string): Promise<{ readOnlyS: number; cleanOnlyS: number }> {
  const { mapping, paths } = await benchMapping(folder);
  const spec = mapping.tables.find((t) => t.name === 'editions')!;
  const set = await readExportSet(paths, quietWork());
  const source = set.tables.find((t) => t.name.toLowerCase() === spec.source.toLowerCase())!;

  let t0 = performance.now();
  let rows = 0;
  for await (const batch of rowBatches(source, {})) for (const _ of batch) rows++;
  const readOnlyS = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const stager = new RowStager(
    spec,
    source.columns,
    stageLayout(spec, source.columns),
    new Map(),
    source.file,
    new ProblemLog(),
  );
  let staged = 0;
  for await (const batch of rowBatches(source, {}))
    for (const { row, values } of batch) if (stager.stage(row, values) !== undefined) staged++;
  const cleanOnlyS = (performance.now() - t0) / 1000;
  if (!rows || !staged) throw new Error('The bench export gave no rows to read.');
  return { readOnlyS, cleanOnlyS };
}

function quietWork() {
  return { signal: new AbortController().signal, progress: () => {} };
}

/** The mapping the bench's syncs use (`--template art-editions`), and its tables parents first. */
export async function benchMapping(
  folder: string,
): Promise<{ mapping: MappingDocument; order: string[]; paths: string[] }> {
  const paths = (await fs.promises.readdir(folder)).map((f) => path.join(folder, f));
  const check = checkMapping((await suggestForFiles(paths, 'art-editions', quietWork())).mapping);
  if (!check.ok) throw new Error('The bench export does not fit the art-editions template.');
  return { mapping: check.mapping, order: check.order, paths };
}
