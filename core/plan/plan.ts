import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Progress } from '../api/define.js';
import { CancelledError, throwIfCancelled } from '../api/errors.js';
import type { FileFingerprint, ProblemRecord, SyncMode, TableCounts } from '../history/recorder.js';
import type { LinkSpec, MappingDocument, TableSpec } from '../mapping/document.js';
import { introspectTable, schemaChanges, type ExistingColumn, type SchemaChange } from '../target/managed-table.js';
import { qualified } from '../target/sql.js';
import { classifyTable, dupTable, planTable, rankDuplicates, type KindCounts } from './classify.js';
import { Heartbeat } from './heartbeat.js';
import { ProblemLog } from './problems.js';
import type { PlanSource } from './source-rows.js';
import { stageTable, type StagedTable } from './stage.js';
import type { PlanSummary, PlanTable } from './types.js';
import { cancelOnAbort, connectWith } from '../target/connect.js';

/**
 * A plan lives in its own database session: the staged rows and the classified plan are TEMP
 * tables there, so the UI can page through a million rows without Ferry holding them, and apply
 * re-runs the classification in that same session inside its transaction.
 */
export interface PlanSession {
  id: string;
  client: pg.Client;
  config: pg.ClientConfig;
  pid: number;
  mapping: MappingDocument;
  order: string[];
  mode: SyncMode;
  staged: Map<string, StagedTable>;
  existingAtPlan: Map<string, ExistingColumn[] | undefined>;
  /** How the target looked when planned: row counts and the oldest transaction the plan could not see. */
  targetAtPlan: { xmin32: number; rows: Map<string, number> };
  changes: SchemaChange[];
  counts: Map<string, KindCounts>;
  summary: PlanSummary;
  log: ProblemLog;
  files: FileFingerprint[];
  lastUsed: number;
  /** Set by whoever made the plan from a workspace or a connection (for the history record). */
  workspaceId?: string;
  connection?: import('../api/ops/connection-input.js').Connection;
  close(): Promise<void>;
}

export async function openSession(config: pg.ClientConfig): Promise<{ client: pg.Client; pid: number }> {
  const client = await connectWith(config);
  await client.query(`SET TIME ZONE 'UTC'`);
  // Staging and plan tables are TEMP tables: give them memory (the default 8 MB spills to disk at
  // once), and give joins and sorts room, for this session only.
  await client.query(`SET temp_buffers = '512MB'`);
  await client.query(`SET work_mem = '128MB'`);
  await client.query(`SET DateStyle = 'ISO, YMD'`);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  return { client, pid };
}

export interface PlanInput {
  config: pg.ClientConfig;
  mapping: MappingDocument;
  /** Table names, parents first (from `checkMapping`). */
  order: string[];
  sources: PlanSource[];
  files: FileFingerprint[];
  /** Problems found while opening the files. */
  readProblems?: ProblemRecord[];
  mode: SyncMode;
  target: string;
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

export async function createPlan(input: PlanInput): Promise<PlanSession> {
  const started = Date.now();
  const { client, pid } = await openSession(input.config);
  const session = { closed: false };
  const close = async () => {
    if (session.closed) return;
    session.closed = true;
    await client.end().catch(() => {});
  };
  // A cancel stops the statement running now (a classification can take seconds), not only the next one.
  const stopCancel = cancelOnAbort(input.signal, [{ config: input.config, pid }]);
  try {
    return await buildPlan(input, client, pid, close, started);
  } catch (err) {
    await close();
    if (input.signal.aborted) throw new CancelledError();
    throw err;
  } finally {
    stopCancel();
  }
}

async function buildPlan(
  input: PlanInput,
  client: pg.Client,
  pid: number,
  close: () => Promise<void>,
  started: number,
): Promise<PlanSession> {
  const { mapping, order, signal, progress } = input;
  const log = new ProblemLog();
  for (const p of input.readProblems ?? []) log.add(p);
  const existing = new Map<string, ExistingColumn[] | undefined>();
  for (const name of order) existing.set(name, await introspectTable(client, mapping.schema, name));
  const changes = await schemaChanges(client, mapping, order);
  const targetAtPlan = await targetState(client, mapping.schema, existing);
  const bySource = new Map(input.sources.map((s) => [s.name.toLowerCase(), s]));
  const staged = new Map<string, StagedTable>();
  const counts = new Map<string, KindCounts>();
  const tables: PlanTable[] = [];
  const timings = { read: 0, duplicates: 0, classify: 0, list: 0 };
  for (const [index, name] of order.entries()) {
    throwIfCancelled(signal);
    const spec = mapping.tables.find((t) => t.name === name)!;
    const source = sourceFor(spec, bySource, log);
    if (!source) continue;
    let t0 = Date.now();
    let duplicates = 0;
    const s = await stageTable(client, index, spec, source, log, { signal, progress });
    staged.set(name, s);
    timings.read += (Date.now() - t0) / 1000;
    t0 = Date.now();
    const beat = new Heartbeat(progress);
    beat.set('plan', `Comparing ${name} with the database`);
    try {
      await rankDuplicates(client, s);
      timings.duplicates += (Date.now() - t0) / 1000;
      t0 = Date.now();
      counts.set(name, await classifyTable({ client, mapping, staged, existing, mode: input.mode }, name));
      timings.classify += (Date.now() - t0) / 1000;
      t0 = Date.now();
      duplicates = await listDuplicates(client, s, log);
      await listLinkProblems(client, s, log);
      timings.list += (Date.now() - t0) / 1000;
    } finally {
      beat.stop();
    }
    const c = counts.get(name)!;
    const tableChanges = changes.filter((x) => x.table === name);
    tables.push({
      name,
      source: source.name,
      file: source.file,
      counts: { ...toTableCounts(c), problems: 0 },
      rejected: c.rejected + s.skipped,
      duplicates,
      notProvided: s.notProvided,
      extraColumns: s.extraHeaders,
      schema: tableChanges.some((x) => x.action === 'create')
        ? 'create'
        : tableChanges.length
          ? 'add-columns'
          : 'ready',
      newColumns: tableChanges.filter((x) => x.action === 'add-column').map((x) => x.column!),
    });
  }
  for (const t of tables) t.counts.problems = log.count(t.name);
  const summary: PlanSummary = {
    planId: randomUUID(),
    mode: input.mode,
    target: input.target,
    tables,
    problems: log.list,
    problemsUnlisted: log.unlisted,
    ruleEffects: log.ruleEffects,
    files: input.files,
    conflicts: tables.reduce((n, t) => n + t.counts.conflict, 0),
    seconds: (Date.now() - started) / 1000,
    timings,
  };
  return {
    id: summary.planId,
    client,
    config: input.config,
    pid,
    mapping,
    order,
    mode: input.mode,
    staged,
    existingAtPlan: existing,
    targetAtPlan,
    changes,
    counts,
    summary,
    log,
    files: input.files,
    lastUsed: Date.now(),
    close,
  };
}

/**
 * The source a mapped table reads, its reading problems logged under the table; undefined, and
 * said so, when the export has no file for it (the table is then left as it is).
 */
export function sourceFor(
  spec: TableSpec,
  bySource: ReadonlyMap<string, PlanSource>,
  log: ProblemLog,
): PlanSource | undefined {
  const source = bySource.get(spec.source.toLowerCase());
  if (!source) {
    log.add({
      table: spec.name,
      reason: `The export has no file for "${spec.source}", so "${spec.name}" is left as it is.`,
      stage: 'map',
      action: 'kept',
    });
    return undefined;
  }
  for (const p of source.problems ?? []) log.add({ ...p, table: spec.name });
  return source;
}

/**
 * Enough to prove at apply time that a table did not change since the plan, without re-reading
 * its rows' values: its row count, and the plan snapshot's xmin (every row written by a
 * transaction the plan could not see has an xmin at or above it).
 */
async function targetState(
  client: pg.ClientBase,
  schema: string,
  existing: Map<string, ExistingColumn[] | undefined>,
): Promise<{ xmin32: number; rows: Map<string, number> }> {
  const xmin32 = Number(
    (
      await client.query<{ x: string }>(
        `SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text AS x`,
      )
    ).rows[0].x,
  );
  const rows = new Map<string, number>();
  for (const [name, cols] of existing) {
    if (!cols) continue;
    rows.set(
      name,
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(schema, name)}`)).rows[0].n),
    );
  }
  return { xmin32, rows };
}

export function toTableCounts(c: KindCounts): Omit<TableCounts, 'problems'> {
  return {
    insert: c.insert,
    update: c.update,
    unchanged: c.unchanged,
    retire: c.retire,
    pending: c.pending,
    conflict: c.conflict,
  };
}

const LIST_LIMIT = 2000;

async function listDuplicates(client: pg.ClientBase, s: StagedTable, log: ProblemLog): Promise<number> {
  const total = (
    await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${dupTable(s.index)} WHERE _rank > 1`)
  ).rows[0].n;
  if (!total) return 0;
  const { rows } = await client.query<{ row: number; kept: number; key: string }>(
    `SELECT _row AS row, _kept AS kept, _key AS key FROM ${dupTable(s.index)} WHERE _rank > 1 ORDER BY _row LIMIT ${LIST_LIMIT}`,
  );
  for (const r of rows) log.add(duplicateProblem(s.spec, s.source.file, r));
  log.bump(s.spec.name, total - rows.length);
  return total;
}

/** A row set aside because an earlier or preferred row has its key (`key`: the key's JSON text). */
export function duplicateProblem(
  spec: TableSpec,
  file: string,
  r: { row: number; kept: number; key: string },
): ProblemRecord {
  const policy = spec.duplicates;
  const why =
    policy.keep === 'prefer' && policy.prefer
      ? `the row where ${policy.prefer.column} is ${String(policy.prefer.value)} is preferred, then the first`
      : policy.keep === 'last'
        ? 'the last one wins'
        : 'the first one wins';
  return {
    file,
    table: spec.name,
    row: r.row,
    value: keyText(r.key),
    reason: `Row ${r.row} has the same key as row ${r.kept} (${keyText(r.key)}); row ${r.kept} was kept because ${why}.`,
    stage: 'plan',
    action: 'skipped',
  };
}

async function listLinkProblems(client: pg.ClientBase, s: StagedTable, log: ProblemLog): Promise<void> {
  const plan = planTable(s.index);
  const links = [...s.spec.links.entries()].filter(([, l]) => s.provided.has(l.column));
  if (!links.length) return;
  const condOf = (li: number, required: boolean) =>
    `_ls${li} IN ('many', 'missing', 'ambiguous')${required ? ` OR _ls${li} = 'none'` : ''}`;
  // Every link's count in one pass over the plan.
  const totals = (
    await client.query<Record<string, number>>(
      `SELECT ${links.map(([li, l]) => `count(*) FILTER (WHERE ${condOf(li, l.required)})::int AS n${li}`).join(', ')} FROM ${plan}`,
    )
  ).rows[0];
  for (const [li, l] of links) {
    const cond = condOf(li, l.required);
    const total = totals[`n${li}`];
    if (!total) continue;
    const { rows } = await client.query<{ row: number; status: string; names: string[] | null }>(
      `SELECT _row AS row, _ls${li} AS status, _ln${li} AS names FROM ${plan} WHERE ${cond} ORDER BY _row LIMIT ${LIST_LIMIT}`,
    );
    for (const r of rows) log.add(linkProblem(s.spec, s.source.file, l, r));
    log.bump(s.spec.name, total - rows.length);
  }
}

/** A link cell that names no record, several, or one of several alike; `status` as classify says it. */
export function linkProblem(
  spec: TableSpec,
  file: string,
  l: LinkSpec,
  r: { row: number; status: string; names: string[] | null },
): ProblemRecord {
  const action = l.onUnresolved === 'pending' ? 'pending' : l.onUnresolved === 'reject' ? 'rejected' : 'emptied';
  const then =
    l.onUnresolved === 'pending'
      ? 'the row waits until it can be linked'
      : l.onUnresolved === 'reject'
        ? 'the row was not taken'
        : 'the row was taken without the link';
  const names = (r.names ?? []).map((n) => `"${n}"`).join(', ');
  const what =
    r.status === 'missing'
      ? `no ${l.table} record is called ${names}`
      : r.status === 'ambiguous'
        ? `several ${l.table} records are called ${names}`
        : r.status === 'many'
          ? `it names several ${l.table} records (${names}) where one is expected`
          : `a ${l.table} link is required and the cell is empty`;
  return {
    file,
    table: spec.name,
    row: r.row,
    column: l.source,
    value: (r.names ?? []).join(', '),
    reason: `${capital(what)}: ${then}.`,
    stage: 'link',
    action,
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function keyText(key: string): string {
  try {
    const parts = JSON.parse(key) as unknown[];
    return parts.map((p) => String(p)).join(' + ');
  } catch {
    return key;
  }
}
