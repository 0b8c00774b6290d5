import { hash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { FileFingerprint, SyncMode, TableCounts } from '../history/recorder.js';
import type { MappingDocument, TableSpec } from '../mapping/document.js';
import { linkMatchColumn } from '../mapping/validate.js';
import { duplicateOrderSql, type KindCounts } from '../plan/classify.js';
import { Heartbeat } from '../plan/heartbeat.js';
import { duplicateProblem, linkProblem, openSession, sourceFor, toTableCounts } from '../plan/plan.js';
import type { ProblemLog } from '../plan/problems.js';
import { RowStager, type StageLayout } from '../plan/row-stager.js';
import { SeenKeys } from '../plan/seen-keys.js';
import { rowBatches, type PlanSource } from '../plan/source-rows.js';
import { prepareStage } from '../plan/stage.js';
import type { ApplyResult, PlanSummary, PlanTable } from '../plan/types.js';
import { cancelOnAbort } from '../target/connect.js';
import { CopyWriter, copyField } from '../target/copy-text.js';
import {
  businessColumns,
  createTableSql,
  FERRY_SCHEMA_SQL,
  foreignKeysSql,
  introspectTable,
  keyHashUniqueSql,
  keysSql,
  primaryKeySql,
} from '../target/managed-table.js';
import { hashCanBeGenerated, rowHashSql } from '../target/row-hash.js';
import { ident, literal, qualified } from '../target/sql.js';
import { beginWrite, recordSyncRun, writeFailure } from './apply.js';

/**
 * A first sync into a database that has none of the mapping's tables: every row the export gives
 * is new, so there is nothing to compare, and the dry run's staging table and plan table would
 * only be copies of the rows on their way in. Here the rows go straight into the new tables, in
 * ONE transaction that also creates them: cleaned, keyed and linked in JavaScript, their data
 * hashes computed by PostgreSQL as they arrive; then the rows the plan would hold back (duplicates
 * the policy sets aside, rows waiting for a link, rows refused) are taken out again before the
 * keys are built. What it
 * returns is the same plan and result a dry run followed by an apply gives for such a database
 * (the integration tests compare the two table by table); only the surrogate ids differ: here a
 * row's id is its row number in the export.
 */
export interface FirstLoadInput {
  config: pg.ClientConfig;
  mapping: MappingDocument;
  /** Table names, parents first (from `checkMapping`). */
  order: string[];
  sources: PlanSource[];
  files: FileFingerprint[];
  mode: SyncMode;
  /** Where the rows go, in plain words (never a password). */
  target: string;
  runId: string;
  workspaceId?: string;
  log: ProblemLog;
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

export interface FirstLoadResult {
  summary: PlanSummary;
  result: ApplyResult;
}

/**
 * Whether a sync of this mapping can be a first load: none of its tables exists yet, and every
 * link points to a table loaded before it (so its names are known when the child is read).
 */
export async function canLoadFirst(client: pg.ClientBase, mapping: MappingDocument, order: string[]): Promise<boolean> {
  for (const [i, name] of order.entries()) {
    const spec = mapping.tables.find((t) => t.name === name)!;
    if (spec.links.some((l) => !order.slice(0, i).includes(l.table))) return false;
    if (await introspectTable(client, mapping.schema, name)) return false;
  }
  return true;
}

export async function firstLoad(input: FirstLoadInput): Promise<FirstLoadResult> {
  const started = Date.now();
  const { client, pid } = await openSession(input.config);
  const stopCancel = cancelOnAbort(input.signal, [{ config: input.config, pid }]);
  const heartbeat = new Heartbeat(input.progress);
  try {
    await beginWrite(client);
    if (!(await canLoadFirst(client, input.mapping, input.order))) {
      throw new FerryError(
        'plan-outdated',
        'Another program created some of these tables while Ferry was starting the sync. Nothing was written; run the sync again.',
      );
    }
    // Index builds on the new tables' rows sort a million key hashes in memory. This transaction only.
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const sql of FERRY_SCHEMA_SQL) await client.query(sql);
    // PostgreSQL computes each row's data_hash as it comes in, on the core JavaScript leaves it
    // (hashed in JavaScript, a million-row first load took 27 s here; this way 20 s).
    for (const name of input.order) {
      const spec = input.mapping.tables.find((t) => t.name === name)!;
      const cols = businessColumns(spec);
      await client.query(
        createTableSql(input.mapping, spec, undefined, {
          keysLater: true,
          ...(hashCanBeGenerated(cols) ? { dataHashSql: rowHashSql(cols, '', 'extra', { immutable: true }) } : {}),
        }),
      );
    }
    const loaded = await loadTables(client, input, heartbeat);
    await recordSyncRun(client, input, started, loaded.applied);
    heartbeat.set('commit', 'Saving');
    await client.query('COMMIT');
    input.progress({ stage: 'done', message: 'Sync applied', done: 1, total: 1 });
    const seconds = (Date.now() - started) / 1000;
    const summary: PlanSummary = {
      planId: randomUUID(),
      mode: input.mode,
      target: input.target,
      tables: loaded.tables,
      problems: input.log.list,
      problemsUnlisted: input.log.unlisted,
      ruleEffects: input.log.ruleEffects,
      files: input.files,
      conflicts: 0,
      seconds: loaded.timings.read,
      timings: { read: loaded.timings.read, duplicates: loaded.timings.set_aside },
    };
    return { summary, result: { runId: input.runId, tables: loaded.applied, seconds, timings: loaded.timings } };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw writeFailure(err, input.signal);
  } finally {
    heartbeat.stop();
    stopCancel();
    await client.end().catch(() => {});
  }
}

async function loadTables(
  client: pg.ClientBase,
  input: FirstLoadInput,
  heartbeat: Heartbeat,
): Promise<{ tables: PlanTable[]; applied: Record<string, TableCounts>; timings: Record<string, number> }> {
  const { mapping, log } = input;
  const bySource = new Map(input.sources.map((s) => [s.name.toLowerCase(), s]));
  const tables: PlanTable[] = [];
  const timings = { read: 0, set_aside: 0, keys: 0 };
  for (const name of input.order) {
    throwIfCancelled(input.signal);
    const spec = mapping.tables.find((t) => t.name === name)!;
    const source = sourceFor(spec, bySource, log);
    if (source) {
      heartbeat.quiet();
      let t0 = Date.now();
      const { layout, dayFirst } = await prepareStage(spec, source, log, input.signal);
      const rows = await copyRows(client, input, spec, source, layout, dayFirst);
      timings.read += (Date.now() - t0) / 1000;
      t0 = Date.now();
      heartbeat.set('merge', `Setting aside what ${name} holds back`);
      // By id from here: the rows set aside are found, and taken out, through it.
      await client.query(primaryKeySql(mapping, spec));
      const c = await setAside(client, input, spec, source, rows);
      timings.set_aside += (Date.now() - t0) / 1000;
      tables.push({
        name,
        source: source.name,
        file: source.file,
        counts: { ...toTableCounts(c.counts), problems: log.count(name) },
        rejected: c.counts.rejected + rows.skipped,
        duplicates: c.duplicates,
        notProvided: layout.notProvided,
        extraColumns: layout.extraHeaders,
        schema: 'create',
        newColumns: [],
      });
    }
    const t0 = Date.now();
    heartbeat.set('merge', `Building the keys of ${name}`);
    for (const sql of [
      ...(source ? [keyHashUniqueSql(mapping, spec)] : keysSql(mapping, spec)),
      ...foreignKeysSql(mapping, spec),
    ])
      await client.query(sql);
    // Children look this table's names up next, and the planner needs its size for the foreign keys.
    if (mapping.tables.some((t) => t.links.some((l) => l.table === name)))
      await client.query(`ANALYZE ${qualified(mapping.schema, name)}`);
    timings.keys += (Date.now() - t0) / 1000;
  }
  // Every row a first load writes is new: what it applied is what its plan says.
  return { tables, applied: Object.fromEntries(tables.map((t) => [t.name, t.counts])), timings };
}

interface CopiedRows {
  /** Fields and links the export has a column for. */
  provided: ReadonlySet<string>;
  copied: number;
  skipped: number;
  /** Keys (JSON text) read more than once, and every row that carries one. */
  duplicateKeys: string[];
  duplicateRows: number[];
  /** The highest row number written. */
  lastRow: number;
  /** Rows a link holds back, by the link's policy. */
  pending: number[];
  rejected: number[];
  /** Link cells that did not resolve, in row order: listed once the duplicates are known. */
  linkIssues: { row: number; li: number; status: string; names: string[] }[];
}

type LinkStatus = 'none' | 'many' | 'missing' | 'ambiguous' | 'ok';

/**
 * Reads, cleans and links one source table's rows and streams them into its new table with COPY:
 * id (the row number), key hash, the provided business columns, extra. The run's columns come
 * from defaults set for the load only; data_hash is the table's own generated expression.
 */
async function copyRows(
  client: pg.ClientBase,
  input: FirstLoadInput,
  spec: TableSpec,
  source: PlanSource,
  layout: StageLayout,
  dayFirst: ReadonlyMap<string, boolean>,
): Promise<CopiedRows> {
  const { mapping, log, signal } = input;
  const target = qualified(mapping.schema, spec.name);
  const names = await Promise.all(layout.links.map((x) => parentNames(client, mapping, x.l)));
  const linkIds: string[] = layout.links.map(() => '\\N');

  const run = literal(input.runId);
  const cols = businessColumns(spec);
  // A table whose hash cannot be a generated column (a list column) gets it once its rows are in.
  const generated = hashCanBeGenerated(cols);
  await client.query(
    `ALTER TABLE ${target} ALTER COLUMN created_run_id SET DEFAULT ${run}, ALTER COLUMN last_run_id SET DEFAULT ${run}, ALTER COLUMN last_synced_at SET DEFAULT now()${generated ? '' : `, ALTER COLUMN data_hash SET DEFAULT ''`}`,
  );
  const columns = [
    'id',
    'source_key_hash',
    ...layout.fields.map((x) => ident(x.f.column)),
    ...layout.links.map((x) => ident(x.l.column)),
    'extra',
  ];
  const stager = new RowStager(spec, source.columns, layout, dayFirst, source.file, log);
  // FREEZE (allowed: the table is new in this transaction) writes the rows as already visible to
  // all, so the first scans after the commit, a re-sync's among them, do not go back to mark every
  // row's page (the every-row re-sync's comparison after a 1M first load: 14.8 -> 13.0 s).
  const writer = new CopyWriter(client, `COPY ${target} (${columns.join(', ')}) FROM STDIN WITH (FREEZE)`);
  const keysSeen = new SeenKeys();
  const duplicates = new Set<string>();
  const duplicateRows = new Set<number>();
  const out: CopiedRows = {
    provided: layout.provided,
    copied: 0,
    skipped: 0,
    duplicateKeys: [],
    duplicateRows: [],
    lastRow: 0,
    pending: [],
    rejected: [],
    linkIssues: [],
  };
  const message = `Reading ${source.file}`;
  let n = 0;
  try {
    for await (const batch of rowBatches(source, { signal, onProblem: (p) => log.add({ ...p, table: spec.name }) }))
      for (const { row, values: cells } of batch) {
        if (++n % 4096 === 0) {
          throwIfCancelled(signal);
          input.progress({ stage: 'read', message, done: n, unit: 'rows' });
        }
        if (!stager.take(row, cells)) continue;
        let pending = false;
        let rejected = false;
        for (let k = 0; k < layout.links.length; k++) {
          const l = layout.links[k].l;
          const cell = stager.linkNames[k];
          const hit = cell.length ? names[k].get(cell[0]) : undefined;
          const status: LinkStatus = !cell.length
            ? 'none'
            : cell.length > 1 && new Set(cell).size > 1
              ? 'many'
              : !hit
                ? 'missing'
                : hit.n > 1
                  ? 'ambiguous'
                  : 'ok';
          linkIds[k] = status === 'ok' ? hit!.id : '\\N';
          if (status === 'ok' || (status === 'none' && !l.required)) continue;
          out.linkIssues.push({ row, li: layout.links[k].li, status, names: cell });
          if (l.onUnresolved === 'pending') pending = true;
          if (l.onUnresolved === 'reject') rejected = true;
        }
        if (pending) out.pending.push(row);
        else if (rejected) out.rejected.push(row);
        let line = `${row}\t${hash('md5', stager.key)}`;
        const first = keysSeen.addRow(stager.key, row);
        if (first >= 0) {
          duplicates.add(stager.key);
          duplicateRows.add(first).add(row);
        }
        if (row > out.lastRow) out.lastRow = row;
        if (stager.out.length) line += `\t${stager.out.join('\t')}`;
        if (linkIds.length) line += `\t${linkIds.join('\t')}`;
        line += `\t${copyField(stager.extra)}`;
        if (writer.line(line)) await writer.flush();
        out.copied++;
      }
    throwIfCancelled(signal);
    await writer.end();
  } catch (err) {
    writer.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  input.progress({ stage: 'read', message, done: n, unit: 'rows' });
  await client.query(
    `ALTER TABLE ${target} ALTER COLUMN created_run_id DROP DEFAULT, ALTER COLUMN last_run_id DROP DEFAULT, ALTER COLUMN last_synced_at DROP DEFAULT`,
  );
  if (generated) {
    // From here on data_hash is the plain column every managed table has (no rewrite).
    await client.query(`ALTER TABLE ${target} ALTER COLUMN data_hash DROP EXPRESSION`);
  } else {
    await client.query(`UPDATE ${target} t SET data_hash = ${rowHashSql(cols, 't')}`);
    await client.query(`ALTER TABLE ${target} ALTER COLUMN data_hash DROP DEFAULT`);
  }
  out.skipped = stager.skipped;
  out.duplicateKeys = [...duplicates];
  out.duplicateRows = [...duplicateRows];
  return out;
}

/** A parent table's names as links match them: how many active rows carry each, and the id when one does. */
async function parentNames(
  client: pg.ClientBase,
  mapping: MappingDocument,
  l: TableSpec['links'][number],
): Promise<Map<string, { n: number; id: string }>> {
  const parent = mapping.tables.find((t) => t.name === l.table)!;
  const match = ident(linkMatchColumn(parent, l.match));
  const { rows } = await client.query<{ name: string; n: number; id: string }>(
    `SELECT ${match}::text AS name, count(*)::int AS n, min(id)::text AS id
       FROM ${qualified(mapping.schema, parent.name)} WHERE is_active AND ${match} IS NOT NULL GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.name, { n: r.n, id: r.id }]));
}

const LIST_LIMIT = 2000;

/**
 * Takes out of the new table what the plan holds back, and lists it as a dry run does: rows whose
 * key an earlier (or preferred) row has, then link cells that did not resolve, then rows waiting
 * for a link or refused by one. Returns the table's counts.
 */
async function setAside(
  client: pg.ClientBase,
  input: FirstLoadInput,
  spec: TableSpec,
  source: PlanSource,
  rows: CopiedRows,
): Promise<{ counts: KindCounts; duplicates: number }> {
  const { log, mapping } = input;
  const target = qualified(mapping.schema, spec.name);
  const losers = new Set<number>();
  if (rows.duplicateKeys.length) {
    const keyOf = new Map(rows.duplicateKeys.map((k) => [hash('md5', k), k]));
    const ranked = await client.query<{ row: string; kept: string; kh: string; rank: string }>(
      `SELECT id AS row, first_value(id) OVER w AS kept, source_key_hash AS kh, row_number() OVER w AS rank
         FROM ${target} t WHERE id = ANY($1::bigint[])
       WINDOW w AS (PARTITION BY source_key_hash ORDER BY ${duplicateOrderSql(spec, rows.provided, 't', 'id')} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
      [rows.duplicateRows],
    );
    const setAside = ranked.rows
      .filter((r) => Number(r.rank) > 1)
      .map((r) => ({ row: Number(r.row), kept: Number(r.kept), key: keyOf.get(r.kh)! }))
      .sort((a, b) => a.row - b.row);
    for (const r of setAside) losers.add(r.row);
    for (const r of setAside.slice(0, LIST_LIMIT)) log.add(duplicateProblem(spec, source.file, r));
    log.bump(spec.name, setAside.length - LIST_LIMIT);
  }
  for (const [li, l] of spec.links.entries()) {
    const issues = rows.linkIssues.filter((x) => x.li === li && !losers.has(x.row));
    for (const x of issues.slice(0, LIST_LIMIT)) log.add(linkProblem(spec, source.file, l, x));
    log.bump(spec.name, issues.length - LIST_LIMIT);
  }
  const pending = rows.pending.filter((r) => !losers.has(r));
  const rejected = rows.rejected.filter((r) => !losers.has(r));
  const out = [...losers, ...pending, ...rejected];
  const removed = out.length
    ? ((await client.query(`DELETE FROM ${target} WHERE id = ANY($1::bigint[])`, [out])).rowCount ?? 0)
    : 0;
  if (removed !== out.length) {
    throw new FerryError(
      'count-mismatch',
      `Writing ${spec.name} did not match what was read (${out.length} rows to set aside, ${removed} found). Nothing was written.`,
    );
  }
  // Ids are row numbers: rows a later sync adds are numbered after the last one.
  await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2, $3)`, [
    target,
    Math.max(rows.lastRow, 1),
    rows.lastRow > 0,
  ]);
  return {
    counts: {
      insert: rows.copied - removed,
      update: 0,
      unchanged: 0,
      conflict: 0,
      pending: pending.length,
      rejected: rejected.length,
      retire: 0,
    },
    duplicates: losers.size,
  };
}
