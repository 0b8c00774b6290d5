import type pg from 'pg';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { TableSpec } from '../mapping/document.js';
import { CopyWriter } from '../target/copy-text.js';
import { analyzeTempSql } from '../target/sql.js';
import { dateOrderEvidence } from './field-value.js';
import type { ProblemLog } from './problems.js';
import { SeenKeys } from './seen-keys.js';
import { RowStager, stageLayout, type StageLayout } from './row-stager.js';
import { rowBatches, type PlanSource } from './source-rows.js';

/** How one mapped table's export rows sit in its session-local staging table. */
export interface StagedTable {
  index: number;
  spec: TableSpec;
  /** Temp table name (Ferry-made, safe). */
  stage: string;
  source: PlanSource;
  /** Fields and links whose export column exists; the others are "not provided" and left alone. */
  provided: Set<string>;
  notProvided: string[];
  /** Export columns nobody mapped, kept in `extra`. */
  extraHeaders: string[];
  rows: number;
  skipped: number;
  /** Keys staged more than once (as `_key` text): the only ones the duplicate ranking has to look at. */
  duplicateKeys: string[];
}

const PRESCAN_ROWS = 5000;

/**
 * Streams one source table through the field converters into a TEMP staging table with COPY:
 * the row number, the business key (as JSON text), one typed column per provided field, the
 * link names as text[], and the unmapped columns as jsonb. Rows without a key are reported, not staged.
 */
export async function stageTable(
  client: pg.ClientBase,
  index: number,
  spec: TableSpec,
  source: PlanSource,
  log: ProblemLog,
  opts: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<StagedTable> {
  const stage = `ferry_stage_${index}`;
  const { layout, dayFirst } = await prepareStage(spec, source, log, opts.signal);
  const staged: StagedTable = {
    index,
    spec,
    stage,
    source,
    provided: layout.provided,
    notProvided: layout.notProvided,
    extraHeaders: layout.extraHeaders,
    rows: 0,
    skipped: 0,
    duplicateKeys: [],
  };
  await client.query(`DROP TABLE IF EXISTS ${stage}`);
  await client.query(`CREATE TEMP TABLE ${stage} (${layout.columnsSql.join(', ')})`);
  await stageRows(client, staged, layout, dayFirst, log, opts);
  opts.progress({ stage: 'read', message: `Reading ${source.file}`, done: staged.rows + staged.skipped, unit: 'rows' });
  // Temp tables are never analysed automatically; the planner needs row counts for good joins.
  await client.query(analyzeTempSql(stage, ['_row', '_key']));
  return staged;
}

/**
 * What every way of taking a source table's rows starts with: which columns feed what, the key
 * columns present (else a plain-words error), the "not provided" notes, and each date column's order.
 */
export async function prepareStage(
  spec: TableSpec,
  source: PlanSource,
  log: ProblemLog,
  signal: AbortSignal,
): Promise<{ layout: StageLayout; dayFirst: Map<string, boolean> }> {
  const layout = stageLayout(spec, source.columns);
  const { fields, provided, notProvided } = layout;
  for (const k of spec.key) {
    if (!provided.has(k)) {
      throw new FerryError(
        'key-missing',
        `"${source.file}" has no column for "${k}", which identifies rows of "${spec.name}". Map a column to it, or choose another key.`,
      );
    }
  }
  for (const c of notProvided) {
    log.add({
      file: source.file,
      table: spec.name,
      column: c,
      reason: `The export has no column for "${c}": existing values are left as they are.`,
      stage: 'map',
      action: 'kept',
    });
  }

  return { layout, dayFirst: await decideDateOrder(spec, source, fields, log, signal) };
}

/** Streams the source's rows through one RowStager into the staging table, on this thread. */
async function stageRows(
  client: pg.ClientBase,
  staged: StagedTable,
  layout: StageLayout,
  dayFirst: ReadonlyMap<string, boolean>,
  log: ProblemLog,
  opts: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<void> {
  const { source, spec } = staged;
  const table = spec.name;
  const stager = new RowStager(spec, source.columns, layout, dayFirst, source.file, log);
  const writer = new CopyWriter(client, `COPY ${staged.stage} FROM STDIN`);
  // Every staged key, to find the duplicates while reading instead of grouping a million keys in SQL.
  const keysSeen = new SeenKeys();
  const duplicates = new Set<string>();
  const message = `Reading ${source.file}`;
  let n = 0;
  try {
    for await (const batch of rowBatches(source, {
      signal: opts.signal,
      onProblem: (p) => log.add({ ...p, table }),
    }))
      for (const { row, values } of batch) {
        const line = stager.stage(row, values);
        if (line !== undefined) {
          if (keysSeen.add(stager.key)) duplicates.add(stager.key);
          if (writer.line(line)) await writer.flush();
          staged.rows++;
        }
        if (++n % 4096 === 0) {
          throwIfCancelled(opts.signal);
          opts.progress({ stage: 'read', message, done: n, unit: 'rows' });
        }
      }
    throwIfCancelled(opts.signal);
    await writer.end();
  } catch (err) {
    writer.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  staged.skipped = stager.skipped;
  staged.duplicateKeys = [...duplicates];
}

/** Day or month first, per date column without a setting: decided from the first rows, and said in the report. */
async function decideDateOrder(
  spec: TableSpec,
  source: PlanSource,
  fields: { f: TableSpec['fields'][number]; at: number[] }[],
  log: ProblemLog,
  signal: AbortSignal,
): Promise<Map<string, boolean>> {
  const undecided = fields.filter(
    (x) => (x.f.type === 'date' || x.f.type === 'datetime') && x.f.dayFirst === undefined,
  );
  const out = new Map<string, boolean>();
  if (!undecided.length) return out;
  const samples = new Map<string, string[]>(undecided.map((x) => [x.f.column, []]));
  let n = 0;
  for await (const { values } of source.rows({ signal })) {
    for (const x of undecided) {
      const v = values[x.at[0]];
      if (typeof v === 'string' && v) samples.get(x.f.column)!.push(v);
    }
    if (++n >= PRESCAN_ROWS) break;
  }
  for (const x of undecided) {
    const ev = dateOrderEvidence(samples.get(x.f.column)!);
    out.set(x.f.column, ev.dayFirst ?? false);
    if (ev.dayFirst) {
      log.add({
        file: source.file,
        table: spec.name,
        column: x.f.column,
        reason: `Dates in "${x.f.column}" are read day first (a first number above 12 settles it).`,
        stage: 'clean',
        action: 'kept',
      });
    } else if (ev.conflicting) {
      log.add({
        file: source.file,
        table: spec.name,
        column: x.f.column,
        reason: `Dates in "${x.f.column}" mix day-first and month-first; they are read month first. Set the order in the mapping if that is wrong.`,
        stage: 'clean',
        action: 'kept',
      });
    }
  }
  return out;
}
