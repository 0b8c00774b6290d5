import pg from 'pg';
import type { CallContext } from '../api/handler-types.js';
import { FerryError } from '../api/errors.js';
import { resolveConnection } from '../target/connection.js';
import { withHistory, workspaceConnection } from './open.js';
import type { TableCounts } from './recorder.js';
import { applyRestore, previewRestore } from './restore.js';
import { emptyCounts } from './store.js';
import type { RestorePreview, RestoreResult, RestoreTableCounts, RunSummary } from './types.js';
import { backendPid, cancelOnAbort, connectWith } from '../target/connect.js';

/** A connection to a workspace's target, closed after `fn`. */
async function withTarget<T>(workspaceId: string, ctx: CallContext, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const ws = await withHistory(ctx.env, (store) => store.workspace(workspaceId));
  const config = await resolveConnection(await workspaceConnection(ws, ctx.env), ctx.env);
  const client = await connectWith(config, await workspaceConnection(ws, ctx.env));
  const stopCancel = cancelOnAbort(ctx.signal, [{ config, pid: backendPid(client) }]);
  try {
    return await fn(client);
  } finally {
    stopCancel();
    await client.end().catch(() => {});
  }
}

const when = (iso?: string) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      })
    : 'an earlier time';

export async function restorePreview(workspaceId: string, runId: string, ctx: CallContext): Promise<RestorePreview> {
  const plan = await withTarget(workspaceId, ctx, (client) => previewRestore(client, runId, ctx));
  const known = await withHistory(ctx.env, (store) => store.listRuns(workspaceId));
  const undo: RunSummary[] = plan.undo.map(
    (id) =>
      known.find((r) => r.runId === id) ?? {
        runId: id,
        workspaceId,
        kind: 'sync',
        dryRun: false,
        status: 'completed',
        startedAt: '',
        totals: emptyCounts(),
        problemsCount: 0,
      },
  );
  const target = undo[undo.length - 1];
  const tableCount = Object.keys(plan.tables).length;
  const conflictWords = plan.conflictCount
    ? ` ${plan.conflictCount} row${plan.conflictCount === 1 ? ' was' : 's were'} edited in PostgreSQL since: choose to keep those edits or overwrite them.`
    : ' No rows were edited in PostgreSQL since.';
  return {
    workspaceId,
    runId,
    undo,
    tables: plan.tables,
    conflicts: plan.conflicts,
    conflictCount: plan.conflictCount,
    summary: `Puts ${tableCount} table${tableCount === 1 ? '' : 's'} back as ${tableCount === 1 ? 'it was' : 'they were'} before the ${target?.kind ?? 'sync'} of ${when(target?.startedAt)}, undoing ${undo.length} run${undo.length === 1 ? '' : 's'}.${conflictWords}`,
  };
}

export async function restoreApply(
  workspaceId: string,
  runId: string,
  policy: 'skip' | 'overwrite',
  ctx: CallContext,
): Promise<RestoreResult> {
  const restoreRunId = await withHistory(ctx.env, (store) =>
    store.begin({ workspaceId, kind: 'restore', dryRun: false, files: [], restoreOf: runId }),
  );
  try {
    const done = await withTarget(workspaceId, ctx, (client) =>
      applyRestore(client, runId, restoreRunId, policy, { ...ctx, workspaceId }),
    );
    await withHistory(ctx.env, (store) =>
      store.end(restoreRunId, {
        status: 'completed',
        tables: asTableCounts(done.tables),
        problems: [],
        snapshot: Object.entries(done.tables).map(([table, c]) => ({
          table,
          inserted: c.reinsert,
          updated: c.revert,
          retired: 0,
          revived: 0,
          deleted: c.remove,
        })),
      }),
    );
    return { runId: restoreRunId, tables: done.tables, skipped: done.skipped, verified: done.verified };
  } catch (err) {
    const cancelled = ctx.signal.aborted;
    await withHistory(ctx.env, (store) =>
      store.end(restoreRunId, {
        status: cancelled ? 'cancelled' : 'failed',
        tables: {},
        problems: [],
        error: err instanceof FerryError ? err.message : 'The restore stopped; nothing was written.',
      }),
    ).catch(() => {});
    throw err;
  }
}

/** A restore's counts in the history's usual shape: rows brought back, put back, removed. */
function asTableCounts(tables: Record<string, RestoreTableCounts>): Record<string, TableCounts> {
  return Object.fromEntries(
    Object.entries(tables).map(([name, c]) => [
      name,
      { ...emptyCounts(), insert: c.reinsert, update: c.revert, retire: c.remove, conflict: c.conflict },
    ]),
  );
}
