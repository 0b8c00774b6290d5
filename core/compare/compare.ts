import pg from 'pg';
import type { Progress } from '../api/define.js';
import { CancelledError, FerryError, scrubSecrets, throwIfCancelled } from '../api/errors.js';
import type { CompareSpec } from '../api/ops/compare.js';
import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import { COPY_IMAGES_SQL } from '../history/copy-restore.js';
import type { TableCounts } from '../history/recorder.js';
import { Heartbeat } from '../plan/heartbeat.js';
import { backendPid, cancelOnAbort, connectWith } from '../target/connect.js';
import { describeConnection, resolveConnection } from '../target/connection.js';
import { FERRY_SCHEMA_SQL } from '../target/managed-table.js';
import { qualified } from '../target/sql.js';
import { WRITE_LOCK_SQL } from '../target/system-columns.js';
import {
  classify,
  imagesSql,
  LISTED,
  listChanges,
  listNotFound,
  sourceSelectSql,
  STAGE,
  stageTableSql,
  updateSql,
  type CopiedField,
  type KeyColumn,
} from './classify.js';
import { tableColumns } from './introspect.js';
import { streamRows } from './stage.js';
import type { CompareCounts, ComparePlan, MissingColumn } from './types.js';

export interface CompareWork {
  env: FerryEnv;
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

export interface CopyOptions extends CompareWork {
  runId: string;
  workspaceId?: string;
  /** The dry run's counts: the copy writes nothing unless the database still gives the same. */
  expect: CompareCounts;
  /** Tests only: called before each write step, to inject a failure at a known point. */
  beforeStep?: (step: string, client: pg.ClientBase) => Promise<void>;
}

/** The dry run: everything the copy would do, computed in a transaction that is rolled back. */
export function planCompare(spec: CompareSpec, work: CompareWork): Promise<ComparePlan> {
  return compareAndMaybeCopy(spec, work);
}

/**
 * The copy, in ONE transaction on the target under Ferry's write lock: the same comparison as the
 * dry run, counts checked against it, before-images written to `ferry.copy_images`, the fields
 * updated set-based, the run recorded in `ferry.runs`. Any error or a cancel rolls it all back.
 */
export function applyCopy(spec: CompareSpec, opts: CopyOptions): Promise<ComparePlan> {
  return compareAndMaybeCopy(spec, opts, opts);
}

async function compareAndMaybeCopy(spec: CompareSpec, work: CompareWork, copy?: CopyOptions): Promise<ComparePlan> {
  const started = Date.now();
  const pair = await connectPair(spec, work);
  const heartbeat = new Heartbeat(work.progress);
  const { source, target } = pair;
  try {
    await target.query('BEGIN');
    if (copy) {
      const lock = await target.query<{ ok: boolean }>(WRITE_LOCK_SQL);
      if (!lock.rows[0]?.ok) {
        throw new FerryError(
          'sync-busy',
          'A sync, restore or copy is writing to the target database right now. Try again when it has finished.',
        );
      }
    }
    heartbeat.set('read', 'Reading the columns of both tables');
    const { keys, fields, missing, sourceTable, targetTable, synced } = await resolveColumns(source, target, spec);

    heartbeat.set('read', 'Reading the source rows');
    await target.query(stageTableSql(keys, fields));
    let last = 0;
    const rows = await streamRows(source, target, sourceSelectSql(sourceTable, keys, fields), STAGE, (n) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      heartbeat.set('read', `Reading the source rows (${n.toLocaleString('en-US')} so far)`);
    });
    throwIfCancelled(work.signal);

    heartbeat.set('compare', `Comparing ${rows.toLocaleString('en-US')} rows with the target`);
    const classified = await classify(target, targetTable, keys, fields);
    throwIfCancelled(work.signal);
    heartbeat.set('compare', 'Listing what would change');
    const changes = await listChanges(target, keys, fields);
    const notFoundRows = await listNotFound(target, keys);
    const plan: ComparePlan = {
      matched: classified.matched,
      notFound: classified.notFound,
      notInSource: classified.notInSource,
      update: classified.update,
      fields: classified.fields,
      copied: fields.map((f) => f.target),
      synced,
      missingColumns: missing,
      errors: classified.errors,
      changes,
      notFoundRows,
      listed: LISTED,
      seconds: 0,
    };

    if (!copy) {
      await target.query('ROLLBACK');
    } else {
      const counts = ['matched', 'notFound', 'notInSource', 'update'] as const;
      if (counts.some((k) => plan[k] !== copy.expect[k])) {
        throw new FerryError(
          'plan-outdated',
          `The databases changed since the dry run (planned ${describeCounts(copy.expect)}; now ${describeCounts(plan)}). Nothing was written; make a new dry run.`,
        );
      }
      const step = async (name: string) => {
        throwIfCancelled(work.signal);
        await copy.beforeStep?.(name, target);
        throwIfCancelled(work.signal);
      };
      await step('images');
      heartbeat.set('snapshot', `Keeping the current values of ${plan.update.toLocaleString('en-US')} rows`);
      for (const sql of [...FERRY_SCHEMA_SQL, ...COPY_IMAGES_SQL]) await target.query(sql);
      if (fields.length) {
        await target.query(imagesSql(copy.runId, spec.target.schema, spec.target.name, keys, fields));
        await step('update');
        heartbeat.set('write', `Writing ${plan.update.toLocaleString('en-US')} changed rows`);
        const updated = await target.query(updateSql(targetTable, keys, fields));
        if (updated.rowCount !== plan.update) {
          throw new FerryError(
            'copy-count-mismatch',
            `The copy would have changed ${updated.rowCount ?? 0} rows where the comparison found ${plan.update}. Nothing was written.`,
          );
        }
      }
      await step('record');
      const tables = {
        [spec.target.name]: {
          schema: spec.target.schema,
          // Restore keeps copies apart from synced tables: their rows are put back from ferry.copy_images.
          kind: 'copy',
          ...copyTableCounts(plan),
        },
      };
      await target.query(
        `INSERT INTO ferry.runs (run_id, workspace_id, kind, started_at, tables) VALUES ($1, $2, 'copy', $3, $4)`,
        [copy.runId, copy.workspaceId ?? null, new Date(started), JSON.stringify(tables)],
      );
      await step('commit');
      heartbeat.set('commit', 'Saving');
      await target.query('COMMIT');
    }
    plan.seconds = (Date.now() - started) / 1000;
    return plan;
  } catch (err) {
    await target.query('ROLLBACK').catch(() => {});
    if (work.signal.aborted) throw new CancelledError();
    if (err instanceof FerryError) throw err;
    throw plainFailure(err, copy !== undefined);
  } finally {
    heartbeat.stop();
    await pair.close();
  }
}

function describeCounts(c: CompareCounts): string {
  return `${c.matched} matched, ${c.update} to change, ${c.notFound} not found in the target, ${c.notInSource} not in the source`;
}

function plainFailure(err: unknown, writing: boolean): FerryError {
  const e = err as { code?: string; message?: string; column?: string; table?: string };
  const nothing = writing ? ' Nothing was written.' : '';
  switch (e.code) {
    case '42501':
      return new FerryError(
        'not-allowed',
        `The database user may not do this: ${scrubSecrets(e.message ?? '')}.${nothing} Ask the database's owner for access.`,
      );
    case '23502':
    case '23505':
    case '23514':
    case '23503':
      return new FerryError(
        'copy-refused',
        `The target refused the copied values: ${scrubSecrets(e.message ?? '')}.${nothing}`,
      );
    case '57014':
      return new FerryError('cancelled', `The database stopped the comparison.${nothing}`);
  }
  return new FerryError(
    writing ? 'copy-failed' : 'compare-failed',
    `The ${writing ? 'copy' : 'comparison'} stopped: ${scrubSecrets(e.message ?? String(err))}.${nothing}`,
  );
}

/**
 * Checks both tables and the chosen columns. A missing key column stops the comparison; a field
 * missing on either side is left out (and said so), so only columns that exist are read.
 */
async function resolveColumns(
  source: pg.ClientBase,
  target: pg.ClientBase,
  spec: CompareSpec,
): Promise<{
  keys: KeyColumn[];
  fields: CopiedField[];
  missing: MissingColumn[];
  sourceTable: string;
  targetTable: string;
  synced: boolean;
}> {
  const sourceCols = await tableColumns(source, spec.source.schema, spec.source.name);
  if (!sourceCols) {
    throw new FerryError(
      'table-missing',
      `The source database has no table "${label(spec.source)}" (or this user may not read it). Check the table name.`,
    );
  }
  const targetCols = await tableColumns(target, spec.target.schema, spec.target.name, true);
  if (!targetCols) {
    throw new FerryError(
      'table-missing',
      `The target database has no table "${label(spec.target)}" to copy into. Check the table name; Ferry copies into an existing table.`,
    );
  }
  const inSource = new Map(sourceCols.map((c) => [c.name, c]));
  const inTarget = new Map(targetCols.map((c) => [c.name, c]));
  const keys: KeyColumn[] = spec.keys.map((k) => {
    const t = inTarget.get(k.target);
    if (!inSource.has(k.source) || !t) {
      const side = inSource.has(k.source) ? 'target' : 'source';
      const column = side === 'source' ? k.source : k.target;
      const table = side === 'source' ? spec.source : spec.target;
      throw new FerryError(
        'key-missing',
        `The key column "${column}" is not in the ${side} table "${label(table)}", so rows cannot be matched. Choose another key column.`,
      );
    }
    return { source: k.source, target: k.target, type: t.type };
  });
  const missing: MissingColumn[] = [];
  const fields: CopiedField[] = [];
  for (const f of spec.fields) {
    const t = inTarget.get(f.target);
    if (!inSource.has(f.source)) missing.push({ side: 'source', table: label(spec.source), column: f.source });
    if (!t) missing.push({ side: 'target', table: label(spec.target), column: f.target });
    if (!inSource.has(f.source) || !t) continue;
    if (t.generated) {
      throw new FerryError(
        'column-not-writable',
        `The target column "${f.target}" is computed by the database, so nothing can be copied into it. Leave it out.`,
      );
    }
    fields.push({
      source: f.source,
      target: f.target,
      type: t.type,
      ...(f.transform ? { transform: f.transform } : {}),
    });
  }
  return {
    keys,
    fields,
    missing,
    // The columns only Ferry's sync makes: the row hashes it compares the next export with.
    synced: ['source_key_hash', 'data_hash', 'sync_version'].every((c) => inTarget.has(c)),
    sourceTable: qualified(spec.source.schema, spec.source.name),
    targetTable: qualified(spec.target.schema, spec.target.name),
  };
}

const label = (t: { schema: string; name: string }) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`);

interface Pair {
  source: pg.Client;
  target: pg.Client;
  close(): Promise<void>;
}

/**
 * Both connections, set to read and write values in forms that do not depend on the server's
 * settings, and cancelled together when the caller cancels (the transaction then rolls back).
 */
async function connectPair(spec: CompareSpec, work: CompareWork): Promise<Pair> {
  const open = async (conn: Connection) => {
    const config = await resolveConnection(conn, work.env);
    const client = await connectWith(config, conn);
    await client.query(
      `SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; SET extra_float_digits = 1`,
    );
    return { client, config };
  };
  const s = await open(spec.from);
  let t: Awaited<ReturnType<typeof open>>;
  try {
    t = await open(spec.to);
  } catch (err) {
    await s.client.end().catch(() => {});
    throw err;
  }
  const { rows } = await t.client.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
  if (rows[0]!.v < 160000) {
    await Promise.all([s.client.end().catch(() => {}), t.client.end().catch(() => {})]);
    throw new FerryError(
      'server-too-old',
      `The target (${describeConnection(spec.to)}) runs a PostgreSQL older than 16; copying between databases needs 16 or newer there.`,
    );
  }
  const stopCancel = cancelOnAbort(work.signal, [
    { config: s.config, pid: backendPid(s.client) },
    { config: t.config, pid: backendPid(t.client) },
  ]);
  return {
    source: s.client,
    target: t.client,
    close: async () => {
      stopCancel();
      await Promise.all([s.client.end().catch(() => {}), t.client.end().catch(() => {})]);
    },
  };
}

/** A copy's counts in the shape every run records: it only ever updates matched rows. */
export function copyTableCounts(plan: ComparePlan): TableCounts {
  return {
    insert: 0,
    update: plan.update,
    unchanged: plan.matched - plan.update,
    retire: 0,
    pending: 0,
    conflict: 0,
    problems: plan.errors.length + plan.missingColumns.length,
  };
}
