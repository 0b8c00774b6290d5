import fs from 'node:fs';
import path from 'node:path';
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
  const work = { signal: new AbortController().signal, progress: () => {} };
  const paths = (await fs.promises.readdir(folder)).map((f) => path.join(folder, f));
  const check = checkMapping((await suggestForFiles(paths, 'art-editions', work)).mapping);
  if (!check.ok) throw new Error('The bench export does not fit the art-editions template.');
  const spec = check.mapping.tables.find((t) => t.name === 'editions')!;
  const set = await readExportSet(paths, work);
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
