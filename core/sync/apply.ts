import pg from 'pg';
import type { Progress } from '../api/define.js';
import { CancelledError, FerryError, throwIfCancelled } from '../api/errors.js';
import type { TableCounts } from '../history/recorder.js';
import type { MappingDocument } from '../mapping/document.js';
import { classifyTable, finalRowsSql, planTable, retireTable, type KindCounts } from '../plan/classify.js';
import type { PlanSession } from '../plan/plan.js';
import { toTableCounts } from '../plan/plan.js';
import type { ApplyResult } from '../plan/types.js';
import {
  businessColumns,
  FERRY_SCHEMA_SQL,
  foreignKeysSql,
  introspectTable,
  keysSql,
  schemaChanges,
  type ExistingColumn,
} from '../target/managed-table.js';
import { ident, literal, qualified } from '../target/sql.js';
import { Heartbeat } from '../plan/heartbeat.js';
import { WRITE_LOCK_SQL } from '../target/system-columns.js';
import { cancelOnAbort } from '../target/connect.js';

export type ConflictPolicy = 'keep-postgres' | 'take-export' | 'stop';

export interface ApplyOptions {
  runId: string;
  workspaceId?: string;
  conflictPolicy: ConflictPolicy;
  /** Write before-images into `ferry.row_images` (on unless measuring its cost). */
  snapshot?: boolean;
  signal: AbortSignal;
  progress: (p: Progress) => void;
  /** Tests only: called before each step, to inject failures at a known point. */
  beforeStep?: (step: string, client: pg.ClientBase) => Promise<void>;
}

/**
 * Applies a plan in ONE transaction: lock, create or widen tables, re-classify every table
 * against the database as it is now (counts must equal the plan's, or nothing is written), merge
 * set-based (update, insert, retire), write the before-images and the run record. Any error,
 * a cancel, or a lost connection rolls everything back.
 */
export async function applyPlan(session: PlanSession, opts: ApplyOptions): Promise<ApplyResult> {
  const started = Date.now();
  const { client } = session;
  const snapshot = opts.snapshot ?? true;
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + (Date.now() - t0) / 1000;
    }
  };
  const step = async (name: string) => {
    throwIfCancelled(opts.signal);
    await opts.beforeStep?.(name, client);
  };
  const stopCancel = cancelOnAbort(opts.signal, [{ config: session.config, pid: session.pid }]);
  const heartbeat = new Heartbeat(opts.progress);
  const applied: Record<string, TableCounts> = {};
  try {
    await beginWrite(client);
    // Index builds on a new table's first rows (keysSql): a million key hashes sort in memory
    // instead of spilling (unique index 1.95 -> 1.75 s there). This transaction only.
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    const unchanged = await time('check', () => unchangedSincePlan(session));
    const created = new Set<string>();
    const keysLater = new Set<string>();
    await step('schema');
    await time('schema', async () => {
      heartbeat.set('schema', 'Preparing the tables');
      for (const sql of FERRY_SCHEMA_SQL) await client.query(sql);
      // Re-derived inside the transaction: another process may have changed the shape since the plan.
      // New tables get their keys after their rows (see keysSql).
      for (const c of await schemaChanges(client, session.mapping, session.order, { keysLater: true })) {
        await client.query(c.sql);
        if (c.action === 'create') created.add(c.table);
        if (c.keysLater) keysLater.add(c.table);
      }
    });
    const existing = new Map<string, ExistingColumn[] | undefined>();
    for (const name of session.order) existing.set(name, await introspectTable(client, session.mapping.schema, name));
    const total = session.order.length;
    const reclassified = new Set<string>();
    // Every table is checked against the dry run before any is written: a child re-planned after
    // its parents were written would see a different database than the dry run did.
    const current = new Map<string, KindCounts>();
    for (const [n, name] of session.order.entries()) {
      const s = session.staged.get(name);
      if (!s) continue;
      await step(`classify:${name}`);
      heartbeat.set('merge', `Checking ${name} (${n + 1} of ${total})`);
      const planned = session.counts.get(name)!;
      // Proven unchanged (and so are its parents): the plan stands as it is. Otherwise plan it again, now.
      const parentsUnchanged = s.spec.links.every((l) => !reclassified.has(l.table));
      const now =
        unchanged.has(name) && parentsUnchanged
          ? planned
          : await time('classify', () =>
              classifyTable(
                { client, mapping: session.mapping, staged: session.staged, existing, mode: session.mode },
                name,
              ),
            );
      if (now !== planned) reclassified.add(name);
      if (!sameCounts(planned, now)) {
        throw new FerryError(
          'plan-outdated',
          `The database changed since the dry run (${name}: planned ${describe(planned)}, now ${describe(now)}). Nothing was written; make a new dry run.`,
        );
      }
      if (now.conflict > 0 && opts.conflictPolicy === 'stop') {
        throw new FerryError(
          'conflicts',
          `${now.conflict} ${name} row${now.conflict === 1 ? ' was' : 's were'} changed in PostgreSQL since Ferry last wrote ${now.conflict === 1 ? 'it' : 'them'}, and the export changes ${now.conflict === 1 ? 'it' : 'them'} too. Nothing was written. Choose to keep PostgreSQL's values or take the export's.`,
        );
      }
      current.set(name, now);
    }
    for (const [n, name] of session.order.entries()) {
      const s = session.staged.get(name);
      const now = current.get(name);
      const spec = session.mapping.tables.find((t) => t.name === name)!;
      const addKeys = () =>
        time('merge', async () => {
          for (const sql of [
            ...(keysLater.has(name) ? keysSql(session.mapping, spec) : []),
            ...foreignKeysSql(session.mapping, spec),
          ])
            await client.query(sql);
        });
      if (!s || !now) {
        if (created.has(name)) await addKeys();
        continue;
      }
      heartbeat.set('merge', `Writing ${name} (${n + 1} of ${total})`);
      const result = await time('merge', () => mergeTable(session, name, now, opts, snapshot, step));
      if (created.has(name)) await addKeys();
      // Children join this table by key hash next; a table made in this transaction has no statistics yet.
      if (session.mapping.tables.some((t) => t.links.some((l) => l.table === name)) && result.inserted > 0) {
        await client.query(`ANALYZE ${qualified(session.mapping.schema, name)}`);
      }
      const expectUpdate = now.update + (opts.conflictPolicy === 'take-export' ? now.conflict : 0);
      if (result.updated !== expectUpdate || result.inserted !== now.insert || result.retired !== now.retire) {
        throw new FerryError(
          'count-mismatch',
          `Writing ${name} did not match the dry run (planned ${now.insert} new, ${expectUpdate} changed, ${now.retire} retired; written ${result.inserted}, ${result.updated}, ${result.retired}). Nothing was written.`,
        );
      }
      applied[name] = {
        ...toTableCounts(now),
        update: expectUpdate,
        unchanged: now.unchanged + (opts.conflictPolicy === 'keep-postgres' ? now.conflict : 0),
        conflict: now.conflict,
        problems: session.summary.tables.find((t) => t.name === name)?.counts.problems ?? 0,
      };
    }
    await step('record');
    await recordSyncRun(
      client,
      { runId: opts.runId, workspaceId: opts.workspaceId, mapping: session.mapping },
      started,
      applied,
    );
    await step('commit');
    heartbeat.set('commit', 'Saving');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw writeFailure(err, opts.signal);
  } finally {
    heartbeat.stop();
    stopCancel();
  }
  opts.progress({ stage: 'done', message: 'Sync applied', done: 1, total: 1 });
  return { runId: opts.runId, tables: applied, seconds: (Date.now() - started) / 1000, timings };
}

/** Opens a sync's one transaction and takes the database's sync lock, or says another sync has it. */
export async function beginWrite(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  const lock = await client.query<{ ok: boolean }>(WRITE_LOCK_SQL);
  if (!lock.rows[0].ok) {
    throw new FerryError(
      'sync-busy',
      'Another sync is writing to this database right now. Try again when it has finished.',
    );
  }
}

/** What a sync's rolled-back transaction throws: a cancel as such, Ferry's own errors as they are, the rest in plain words. */
export function writeFailure(err: unknown, signal: AbortSignal): FerryError {
  if (signal.aborted) return new CancelledError();
  if (err instanceof FerryError) return err;
  return new FerryError(
    'apply-failed',
    `The sync stopped and nothing was written: ${err instanceof Error ? err.message : String(err)}`,
  );
}

/**
 * Tables that provably did not change since the plan: absent then and now, or the same row count
 * and no row written by a transaction the plan could not see. Checked under the sync lock, before
 * this transaction writes anything.
 */
async function unchangedSincePlan(session: PlanSession): Promise<Set<string>> {
  const { client, mapping } = session;
  const out = new Set<string>();
  const now32 = Number(
    (await client.query<{ x: string }>(`SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS x`)).rows[0]
      .x,
  );
  const { xmin32, rows } = session.targetAtPlan;
  // The 32-bit transaction counter wrapped since the plan: no cheap proof, plan again.
  if (now32 < xmin32) return out;
  for (const name of session.order) {
    const before = session.existingAtPlan.get(name);
    const exists = await introspectTable(client, mapping.schema, name);
    if (!before && !exists) {
      out.add(name);
      continue;
    }
    if (!before || !exists) continue;
    const r = await client.query<{ n: string; recent: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE xmin::text::bigint >= $1) AS recent FROM ${qualified(mapping.schema, name)}`,
      [xmin32],
    );
    if (Number(r.rows[0].n) === rows.get(name) && Number(r.rows[0].recent) === 0) out.add(name);
  }
  return out;
}

/** The target-side record of an applied sync, written in its transaction: restore and history read it. */
export async function recordSyncRun(
  client: pg.ClientBase,
  run: { runId: string; workspaceId?: string; mapping: MappingDocument },
  started: number,
  applied: Record<string, TableCounts>,
): Promise<void> {
  const tables: Record<string, TableCounts & { schema: string }> = {};
  for (const [name, c] of Object.entries(applied)) tables[name] = { ...c, schema: run.mapping.schema };
  await client.query(
    `INSERT INTO ferry.runs (run_id, workspace_id, kind, started_at, tables) VALUES ($1, $2, 'sync', $3, $4)`,
    [run.runId, run.workspaceId ?? null, new Date(started), JSON.stringify(tables)],
  );
}

function sameCounts(a: KindCounts, b: KindCounts): boolean {
  return (Object.keys(a) as (keyof KindCounts)[]).every((k) => a[k] === b[k]);
}

function describe(c: KindCounts): string {
  return `${c.insert} new, ${c.update} changed, ${c.unchanged} unchanged, ${c.retire} retired, ${c.conflict} conflicts, ${c.pending} waiting`;
}

async function mergeTable(
  session: PlanSession,
  name: string,
  now: KindCounts,
  opts: ApplyOptions,
  snapshot: boolean,
  step: (name: string) => Promise<void>,
): Promise<{ inserted: number; updated: number; retired: number }> {
  const { client, mapping } = session;
  const s = session.staged.get(name)!;
  const t = s.spec;
  const target = qualified(mapping.schema, t.name);
  const plan = planTable(s.index);
  const retire = retireTable(s.index);
  const cols = businessColumns(t);
  const run = literal(opts.runId);
  const tableName = literal(t.name);
  const updateKinds = opts.conflictPolicy === 'take-export' ? `('update', 'conflict')` : `('update')`;
  // A statement the checked plan says touches no row is not run: each one scans the whole plan
  // (a first sync has nothing to update or retire; an unchanged re-sync has nothing to write).
  const toUpdate = now.update + (opts.conflictPolicy === 'take-export' ? now.conflict : 0);

  await step(`update:${name}`);
  if (snapshot && toUpdate > 0) {
    await client.query(
      `INSERT INTO ferry.row_images (run_id, table_name, row_id, action, before)
       SELECT ${run}, ${tableName}, t.id, CASE WHEN t.is_active THEN 'update' ELSE 'revive' END, to_jsonb(t)
         FROM ${target} t JOIN ${plan} p ON p._tid = t.id WHERE p._kind IN ${updateKinds}`,
    );
  }
  const kinds = opts.conflictPolicy === 'take-export' ? ['update', 'conflict'] : ['update'];
  const sets = [
    ...cols.map((c) => `${ident(c.name)} = q.${ident(c.name)}`),
    'extra = q._extra',
    'data_hash = q._hash',
    'sync_version = t.sync_version + 1',
    'last_synced_at = now()',
    `last_run_id = ${run}`,
    'is_active = true',
    'updated_at = now()',
  ];
  const updated = toUpdate
    ? ((
        await client.query(
          `UPDATE ${target} t SET ${sets.join(', ')} FROM (${finalRowsSql(mapping, s, kinds)}) q WHERE q._tid = t.id`,
        )
      ).rowCount ?? 0)
    : 0;

  await step(`insert:${name}`);
  const colList = cols.map((c) => ident(c.name)).join(', ');
  const insertSql = `INSERT INTO ${target} (source_key_hash, data_hash, ${colList ? `${colList}, ` : ''}extra, created_run_id, last_run_id, last_synced_at)
       SELECT q._kh, q._hash, ${cols.map((c) => `q.${ident(c.name)}`).join(', ')}${cols.length ? ', ' : ''}q._extra, ${run}, ${run}, now()
         FROM (${finalRowsSql(mapping, s, ['insert'])}) q`;
  // The keys of inserted rows are their `created_run_id`, written in this same transaction: restore
  // finds them there, so no image row is written per insert (that alone cost ~15% of a first sync).
  const insertedCount = now.insert ? ((await client.query(insertSql)).rowCount ?? 0) : 0;

  await step(`retire:${name}`);
  if (!now.retire) return { inserted: insertedCount, updated, retired: 0 };
  if (snapshot) {
    await client.query(
      `INSERT INTO ferry.row_images (run_id, table_name, row_id, action, before)
       SELECT ${run}, ${tableName}, t.id, 'retire', to_jsonb(t) FROM ${target} t JOIN ${retire} r ON r._tid = t.id`,
    );
  }
  const retired = await client.query(
    `UPDATE ${target} t SET is_active = false, sync_version = t.sync_version + 1, last_run_id = ${run}, last_synced_at = now(), updated_at = now()
       FROM ${retire} r WHERE r._tid = t.id`,
  );
  return { inserted: insertedCount, updated, retired: retired.rowCount ?? 0 };
}
