import type pg from 'pg';
import type { Progress } from '../api/define.js';
import { CancelledError, FerryError, throwIfCancelled } from '../api/errors.js';
import type { BusinessColumn } from '../target/column-types.js';
import { rowHashSql } from '../target/row-hash.js';
import { ident, literal, qualified } from '../target/sql.js';
import { introspectTable } from '../target/managed-table.js';
import type { RestoreConflict, RestoreTableCounts } from './types.js';
import { undoFieldImages, type FieldUndo } from './copy-restore.js';
import { SYSTEM_COLUMN_SET, WRITE_LOCK_SQL } from '../target/system-columns.js';

/** Same key as the sync engine's: one writer at a time per database, restores included. */
/** Everything but Ferry's system columns (and `extra`) is business data. */
const SYSTEM_COLUMNS = SYSTEM_COLUMN_SET;
const CONFLICTS_LISTED = 200;

export interface RestoreOptions {
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

interface TableWork {
  schema: string;
  name: string;
  /** Temp table holding this table's rows to restore, classified. */
  work: string;
  columns: { name: string; type: string }[];
  counts: RestoreTableCounts;
}

interface Prepared {
  /** Undone runs, newest first. */
  undo: string[];
  tables: TableWork[];
  /** Fields put back from copy runs' images (already written inside the transaction). */
  fields: FieldUndo;
}

export interface RestorePlan {
  undo: string[];
  tables: Record<string, RestoreTableCounts>;
  conflicts: RestoreConflict[];
  conflictCount: number;
}

export interface RestoreApplied {
  undo: string[];
  tables: Record<string, RestoreTableCounts>;
  skipped: number;
  verified: { checked: number; matched: number };
}

/** What restoring to before `runId` would do, computed in a transaction that is rolled back. */
export async function previewRestore(client: pg.ClientBase, runId: string, opts: RestoreOptions): Promise<RestorePlan> {
  await client.query('BEGIN');
  try {
    const prepared = await prepare(client, runId, { ...opts, policy: 'skip' });
    const synced = await listConflicts(client, prepared.tables);
    // Copies were undone first (see prepare): their conflicts come first too.
    const conflicts = [...prepared.fields.conflicts, ...synced].slice(0, CONFLICTS_LISTED);
    return {
      undo: prepared.undo,
      tables: withFields(countsOf(prepared.tables), prepared.fields),
      conflicts,
      conflictCount:
        prepared.tables.reduce((n, t) => n + t.counts.conflict, 0) +
        Object.values(prepared.fields.tables).reduce((n, t) => n + t.conflict, 0),
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/**
 * Puts every table back as it was before `runId`, undoing that run and every later one in ONE
 * transaction under the sync lock. Writes its own before-images and `ferry.runs` row (kind
 * `restore`), so it can itself be undone, and checks every restored row equals its image before
 * committing. Rows edited in PostgreSQL since are skipped or overwritten as asked.
 */
export async function applyRestore(
  client: pg.ClientBase,
  runId: string,
  restoreRunId: string,
  policy: 'skip' | 'overwrite',
  opts: RestoreOptions & { workspaceId?: string; beforeCommit?: (client: pg.ClientBase) => Promise<void> },
): Promise<RestoreApplied> {
  const started = new Date();
  await client.query('BEGIN');
  try {
    const lock = await client.query<{ ok: boolean }>(WRITE_LOCK_SQL);
    if (!lock.rows[0]?.ok) {
      throw new FerryError(
        'sync-busy',
        'A sync or restore is writing to this database right now. Try again when it has finished.',
      );
    }
    const prepared = await prepare(client, runId, { ...opts, policy, restoreRunId });
    const act = policy === 'overwrite' ? 'true' : 'NOT w.conflict';
    const run = literal(restoreRunId);
    const order = await parentsFirst(client, prepared.tables);
    let skipped = 0;
    const tables: Record<string, RestoreTableCounts> = {};

    // Images first, from the rows as they are now: this restore can be undone like any run.
    for (const t of order) {
      throwIfCancelled(opts.signal);
      opts.progress({ stage: 'snapshot', message: `Keeping a copy of ${t.name} as it is now` });
      const target = qualified(t.schema, t.name);
      await client.query(
        `INSERT INTO ferry.row_images (run_id, table_name, row_id, action, before)
         SELECT ${run}, ${literal(t.name)}, w.row_id,
                CASE WHEN NOT w.present THEN 'insert' WHEN w.before IS NULL THEN 'delete' ELSE 'update' END,
                CASE WHEN w.present THEN to_jsonb(x) END
           FROM ${t.work} w LEFT JOIN ${target} x ON x.id = w.row_id
          WHERE ${act} AND (w.present OR w.before IS NOT NULL)`,
      );
      const acted = await client.query<RestoreTableCounts>(
        `SELECT count(*) FILTER (WHERE present AND before IS NULL)::int AS remove,
                count(*) FILTER (WHERE present AND before IS NOT NULL)::int AS revert,
                count(*) FILTER (WHERE NOT present AND before IS NOT NULL)::int AS reinsert,
                count(*) FILTER (WHERE conflict)::int AS conflict
           FROM ${t.work} w WHERE ${act}`,
      );
      tables[t.name] = acted.rows[0]!;
      skipped += t.counts.conflict - (policy === 'overwrite' ? t.counts.conflict : 0);
      // A row about to be removed gives up its key now, so a row coming back with that key fits.
      await client.query(
        `UPDATE ${target} x SET source_key_hash = '~restore~' || x.id
           FROM ${t.work} w WHERE x.id = w.row_id AND w.present AND w.before IS NULL AND ${act}`,
      );
    }

    // Rows that come back, parents first, so their links find their parents.
    for (const t of order) {
      throwIfCancelled(opts.signal);
      opts.progress({ stage: 'restore', message: `Bringing back rows of ${t.name}` });
      await client.query(
        `INSERT INTO ${qualified(t.schema, t.name)} OVERRIDING SYSTEM VALUE
         SELECT (jsonb_populate_record(NULL::${qualified(t.schema, t.name)}, w.before)).*
           FROM ${t.work} w WHERE NOT w.present AND w.before IS NOT NULL AND ${act} ORDER BY w.row_id`,
      );
    }
    // Rows put back as they were; every parent they point to exists by now.
    for (const t of order) {
      throwIfCancelled(opts.signal);
      opts.progress({ stage: 'restore', message: `Putting back changed rows of ${t.name}` });
      const cols = t.columns.filter((c) => c.name !== 'id').map((c) => ident(c.name));
      if (cols.length === 0) continue;
      await client.query(
        `UPDATE ${qualified(t.schema, t.name)} x SET (${cols.join(', ')}) = (${cols.map((c) => `(w.r).${c}`).join(', ')})
           FROM (SELECT row_id, jsonb_populate_record(NULL::${qualified(t.schema, t.name)}, before) AS r
                   FROM ${t.work} w WHERE present AND before IS NOT NULL AND ${act}) w
          WHERE x.id = w.row_id`,
      );
    }
    // Rows the undone runs created, children first, once nothing restored points at them.
    for (const t of [...order].reverse()) {
      throwIfCancelled(opts.signal);
      opts.progress({ stage: 'restore', message: `Removing rows of ${t.name} added since` });
      await client.query(
        `DELETE FROM ${qualified(t.schema, t.name)} x USING ${t.work} w
          WHERE x.id = w.row_id AND w.present AND w.before IS NULL AND ${act}`,
      );
    }

    opts.progress({ stage: 'verify', message: 'Checking the restored rows' });
    let checked = 0;
    let matched = 0;
    for (const t of order) {
      const target = qualified(t.schema, t.name);
      const { rows } = await client.query<{ checked: number; matched: number }>(
        `SELECT count(*)::int AS checked,
                count(*) FILTER (WHERE CASE WHEN w.before IS NULL THEN x.id IS NULL
                  ELSE x.id IS NOT NULL AND to_jsonb(x) = to_jsonb(jsonb_populate_record(NULL::${target}, w.before)) END)::int AS matched
           FROM ${t.work} w LEFT JOIN ${target} x ON x.id = w.row_id WHERE ${act}`,
      );
      checked += rows[0]!.checked;
      matched += rows[0]!.matched;
    }
    checked += prepared.fields.checked;
    matched += prepared.fields.matched;
    if (matched !== checked) {
      throw new FerryError(
        'restore-verify-failed',
        `After putting the rows back, ${checked - matched} of ${checked} did not match the copy Ferry kept. Nothing was written. Please report this.`,
      );
    }

    const runTables: Record<string, unknown> = {};
    for (const t of order) {
      const c = tables[t.name]!;
      runTables[t.name] = {
        schema: t.schema,
        insert: c.reinsert,
        update: c.revert,
        unchanged: 0,
        retire: c.remove,
        pending: 0,
        problems: 0,
        ...c,
      };
    }
    for (const [name, f] of Object.entries(prepared.fields.tables)) {
      skipped += policy === 'skip' ? f.conflict : 0;
      // Marked as copied fields: undoing this restore puts them back from ferry.copy_images too.
      const managed = runTables[name] as Record<string, number> | undefined;
      runTables[name] = managed
        ? { ...managed, update: managed.update! + f.revert, conflict: managed.conflict! + f.conflict }
        : { ...f, kind: 'copy', insert: 0, update: f.revert, unchanged: 0, retire: 0, pending: 0, problems: 0 };
    }
    await client.query(
      `INSERT INTO ferry.runs (run_id, workspace_id, kind, started_at, tables) VALUES ($1, $2, 'restore', $3, $4)`,
      [restoreRunId, opts.workspaceId ?? null, started, JSON.stringify(runTables)],
    );
    await opts.beforeCommit?.(client);
    opts.progress({ stage: 'commit', message: 'Saving' });
    await client.query('COMMIT');
    return {
      undo: prepared.undo,
      tables: withFields(tables, prepared.fields),
      skipped,
      verified: { checked, matched },
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (opts.signal.aborted) throw new CancelledError();
    if (err instanceof FerryError) throw err;
    const e = err as { code?: string; message?: string; table?: string };
    if (e.code === '23503') {
      throw new FerryError(
        'restore-blocked',
        `The restore cannot remove some rows of "${e.table ?? 'a table'}" because other rows, changed in PostgreSQL or kept as edited, still point at them. Nothing was written. Restore with "overwrite", or change those rows first.`,
      );
    }
    throw new FerryError('restore-failed', `The restore stopped and nothing was written: ${e.message ?? String(err)}`);
  }
}

/**
 * Finds the runs to undo (from the target's own record: the database is the truth) and, per
 * table, each affected row's state before the oldest of them, classified against the row now.
 */
async function prepare(
  client: pg.ClientBase,
  runId: string,
  opts: RestoreOptions & { policy: 'skip' | 'overwrite'; restoreRunId?: string },
): Promise<Prepared> {
  opts.progress({ stage: 'read', message: 'Reading what the syncs changed' });
  const has = await client.query<{ t: string | null }>(`SELECT to_regclass('ferry.runs')::text AS t`);
  if (!has.rows[0]?.t) {
    throw new FerryError(
      'run-not-in-database',
      'This database has no record of Ferry syncs, so there is nothing to undo.',
    );
  }
  const { rows: runs } = await client.query<{
    run_id: string;
    tables: Record<string, { schema?: string; kind?: string }>;
  }>(
    `SELECT run_id, tables FROM ferry.runs
      WHERE (committed_at, run_id) >= (SELECT committed_at, run_id FROM ferry.runs WHERE run_id = $1)
      ORDER BY committed_at DESC, run_id DESC`,
    [runId],
  );
  if (!runs.some((r) => r.run_id === runId)) {
    throw new FerryError(
      'run-not-in-database',
      `The database has no record of run "${runId}": it never finished, or the database was replaced since. Nothing to undo.`,
    );
  }
  const undo = runs.map((r) => r.run_id);
  // Copied fields first: a synced row a copy changed then hashes as Ferry wrote it, not as edited since.
  const fields = await undoFieldImages(client, undo, opts);
  const schemaOf = new Map<string, string>();
  for (const r of [...runs].reverse()) {
    for (const [name, t] of Object.entries(r.tables ?? {})) {
      // Tables a copy wrote are not managed by Ferry: their fields came back from ferry.copy_images above.
      if (t?.kind === 'copy') continue;
      schemaOf.set(name, t?.schema ?? schemaOf.get(name) ?? 'public');
    }
  }

  // Oldest image per row: the state before the first undone run that touched it.
  await client.query(
    `CREATE TEMP TABLE ferry_restore_rows ON COMMIT DROP AS
     SELECT DISTINCT ON (i.table_name, i.row_id) i.table_name, i.row_id, i.before,
            last_value(i.action) OVER (PARTITION BY i.table_name, i.row_id ORDER BY array_position($1::text[], i.run_id)
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_action
       FROM ferry.row_images i
      WHERE i.run_id = ANY($1::text[])
      ORDER BY i.table_name, i.row_id, array_position($1::text[], i.run_id)`,
    [[...undo].reverse()],
  );
  const imaged = (
    await client.query<{ table_name: string }>('SELECT DISTINCT table_name FROM ferry_restore_rows ORDER BY 1')
  ).rows.map((r) => r.table_name);
  // Tables the runs wrote without any image (only inserts) still have rows to remove.
  const names = [...new Set([...imaged, ...schemaOf.keys()])].sort();

  const tables: TableWork[] = [];
  for (const [i, name] of names.entries()) {
    throwIfCancelled(opts.signal);
    const schema = schemaOf.get(name) ?? 'public';
    const columns = await introspectTable(client, schema, name);
    if (!columns && !imaged.includes(name)) continue;
    if (!columns) {
      throw new FerryError(
        'table-missing',
        `The table "${name}" that the syncs wrote to is no longer in the database, so it cannot be put back. Nothing was written.`,
      );
    }
    const business: BusinessColumn[] = columns
      .filter((c) => !SYSTEM_COLUMNS.has(c.name))
      .map((c) => ({ name: c.name, pgType: pgTypeName(c.type) }));
    const hasExtra = columns.some((c) => c.name === 'extra');
    const work = `ferry_restore_${i}`;
    opts.progress({ stage: 'check', message: `Checking ${name} for rows edited in PostgreSQL since` });
    const target = qualified(schema, name);
    const hasCreatedRun = columns.some((c) => c.name === 'created_run_id');
    // Rows an undone run created did not exist before it, whatever images later runs left: they
    // are found by `created_run_id` too, so the engine may skip the images of inserted rows.
    const created = hasCreatedRun
      ? `UNION ALL
         SELECT x.id, NULL::jsonb, 'insert' FROM ${target} x
          WHERE x.created_run_id = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM ferry_restore_rows f WHERE f.table_name = $1 AND f.row_id = x.id)`
      : '';
    const createdByUndone = hasCreatedRun
      ? `COALESCE(x.created_run_id, r.before->>'created_run_id') = ANY($2::text[])`
      : 'false';
    // A row present now is "edited since" when its business data no longer hashes to what Ferry
    // wrote; a row gone now that the newest run had left in place was deleted in PostgreSQL.
    await client.query(
      `CREATE TEMP TABLE ${work} ON COMMIT DROP AS
       SELECT r.row_id, CASE WHEN ${createdByUndone} THEN NULL ELSE r.before END AS before, r.last_action,
              x.id IS NOT NULL AS present,
              CASE WHEN x.id IS NULL THEN r.before IS NOT NULL AND r.last_action <> 'delete' AND NOT (${createdByUndone})
                   ELSE ${rowHashSql(business, 'x', hasExtra ? 'extra' : null)} IS DISTINCT FROM x.data_hash END AS conflict
         FROM (SELECT row_id, before, last_action FROM ferry_restore_rows WHERE table_name = $1 ${created}) r
         LEFT JOIN ${target} x ON x.id = r.row_id`,
      [name, undo],
    );
    const { rows } = await client.query<RestoreTableCounts>(
      `SELECT count(*) FILTER (WHERE present AND before IS NULL)::int AS remove,
              count(*) FILTER (WHERE present AND before IS NOT NULL)::int AS revert,
              count(*) FILTER (WHERE NOT present AND before IS NOT NULL)::int AS reinsert,
              count(*) FILTER (WHERE conflict)::int AS conflict
         FROM ${work}`,
    );
    tables.push({ schema, name, work, columns, counts: rows[0]! });
  }
  return { undo, tables, fields };
}

/** The hash only treats timestamps and jsonb specially; other types hash as they are. */
function pgTypeName(formatted: string): string {
  if (formatted.startsWith('timestamp with time zone')) return 'timestamptz';
  if (formatted === 'jsonb') return 'jsonb';
  return formatted;
}

/** Tables ordered so a table comes after every table it links to (cycles keep their given order). */
async function parentsFirst(client: pg.ClientBase, tables: TableWork[]): Promise<TableWork[]> {
  const key = (schema: string, name: string) => `${schema}.${name}`;
  const byKey = new Map(tables.map((t) => [key(t.schema, t.name), t]));
  const { rows } = await client.query<{ cs: string; cn: string; ps: string; pn: string }>(
    `SELECT cn.nspname AS cs, cc.relname AS cn, pn.nspname AS ps, pc.relname AS pn
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE k.contype = 'f'`,
  );
  const parents = new Map<string, Set<string>>();
  for (const r of rows) {
    const child = key(r.cs, r.cn);
    const parent = key(r.ps, r.pn);
    if (child !== parent && byKey.has(child) && byKey.has(parent)) {
      parents.set(child, (parents.get(child) ?? new Set()).add(parent));
    }
  }
  const out: TableWork[] = [];
  const seen = new Set<string>();
  const visit = (k: string, path: Set<string>) => {
    if (seen.has(k) || path.has(k)) return;
    path.add(k);
    for (const p of parents.get(k) ?? []) visit(p, path);
    path.delete(k);
    seen.add(k);
    out.push(byKey.get(k)!);
  };
  for (const t of tables) visit(key(t.schema, t.name), new Set());
  return out;
}

async function listConflicts(client: pg.ClientBase, tables: TableWork[]): Promise<RestoreConflict[]> {
  const out: RestoreConflict[] = [];
  for (const t of tables) {
    if (out.length >= CONFLICTS_LISTED || t.counts.conflict === 0) continue;
    const { rows } = await client.query<{
      row_id: string;
      now: Record<string, unknown> | null;
      before: Record<string, unknown> | null;
    }>(
      `SELECT w.row_id, to_jsonb(x) AS now, w.before FROM ${t.work} w LEFT JOIN ${qualified(t.schema, t.name)} x ON x.id = w.row_id
        WHERE w.conflict ORDER BY w.row_id LIMIT ${CONFLICTS_LISTED - out.length}`,
    );
    for (const r of rows) {
      const columns = new Set([...Object.keys(r.now ?? {}), ...Object.keys(r.before ?? {})]);
      const fields = [...columns]
        .filter((c) => !SYSTEM_COLUMNS.has(c) || c === 'extra' || c === 'is_active')
        .filter((c) => JSON.stringify(r.now?.[c] ?? null) !== JSON.stringify(r.before?.[c] ?? null))
        .map((c) => ({ column: c, now: r.now?.[c] ?? null, restored: r.before?.[c] ?? null }));
      out.push({ table: t.name, rowId: Number(r.row_id), fields });
    }
  }
  return out;
}

/** Restore counts with the copied fields put back added in. */
function withFields(tables: Record<string, RestoreTableCounts>, fields: FieldUndo): Record<string, RestoreTableCounts> {
  const out = { ...tables };
  for (const [name, f] of Object.entries(fields.tables)) {
    const c = out[name] ?? { remove: 0, revert: 0, reinsert: 0, conflict: 0 };
    out[name] = { ...c, revert: c.revert + f.revert, conflict: c.conflict + f.conflict };
  }
  return out;
}

function countsOf(tables: TableWork[]): Record<string, RestoreTableCounts> {
  return Object.fromEntries(tables.map((t) => [t.name, t.counts]));
}
