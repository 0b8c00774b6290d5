import type { CallContext } from '../api/handler-types.js';
import type { CompareSpec } from '../api/ops/compare.js';
import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import { withHistory } from '../history/open.js';
import type { ProblemRecord } from '../history/recorder.js';
import { splitSecret } from '../history/target-key.js';
import type { Workspace } from '../history/types.js';
import { describeConnection } from '../target/connection.js';
import { applyCopy, copyTableCounts, type CopyOptions } from './compare.js';
import { describeTransform } from './transform.js';
import type { CompareCounts, ComparePlan, CopyResult } from './types.js';

/**
 * The workspace of the copy's target (found by where it points, made when there is none), so
 * `ferry history --db` and the History screen list the copy next to that database's syncs. A
 * password goes to the secret store, never to the history file, so a restore can connect later.
 */
async function targetWorkspace(conn: Connection, env: FerryEnv): Promise<Workspace> {
  const ws = await withHistory(env, (store) => store.workspaceForTarget(conn));
  const { target, password } = splitSecret(conn);
  if (!password || ws.target.secretRef) return ws;
  const secretRef = `ferry-target-${ws.id}`;
  await env.secrets.set(secretRef, password);
  return withHistory(env, (store) => store.updateWorkspace(ws.id, { target: { ...target, secretRef } }));
}

/** Copies as `applyCopy` does, recorded in the local history as a run of kind `copy`. */
export async function copyAndRecord(
  spec: CompareSpec,
  expect: CompareCounts,
  ctx: CallContext,
  hooks: Pick<CopyOptions, 'beforeStep'> = {},
): Promise<CopyResult> {
  const ws = await targetWorkspace(spec.to, ctx.env);
  const runId = await withHistory(ctx.env, (store) =>
    store.begin({ workspaceId: ws.id, kind: 'copy', dryRun: false, files: [], mapping: { copy: describeSpec(spec) } }),
  );
  try {
    const plan = await applyCopy(spec, {
      env: ctx.env,
      signal: ctx.signal,
      progress: ctx.progress,
      runId,
      workspaceId: ws.id,
      expect,
      ...hooks,
    });
    await withHistory(ctx.env, (store) =>
      store.end(runId, {
        status: 'completed',
        tables: { [spec.target.name]: copyTableCounts(plan) },
        problems: problemsOf(plan, spec.target.name),
        timings: { copy: plan.seconds },
        snapshot: [{ table: spec.target.name, inserted: 0, updated: plan.update, retired: 0, revived: 0, deleted: 0 }],
      }),
    );
    return { ...plan, runId, workspaceId: ws.id };
  } catch (err) {
    await withHistory(ctx.env, (store) =>
      store.end(runId, {
        status: ctx.signal.aborted ? 'cancelled' : 'failed',
        tables: {},
        problems: [],
        error: err instanceof Error ? err.message : String(err),
      }),
    ).catch(() => {});
    throw err;
  }
}

/** What was left out and why, kept with the run like a sync's problems. */
function problemsOf(plan: ComparePlan, table: string): ProblemRecord[] {
  return [
    ...plan.missingColumns.map((m) => ({
      table,
      column: m.column,
      stage: 'plan',
      action: 'skipped',
      reason: `The column "${m.column}" is not in the ${m.side} table ${m.table}; it was not copied.`,
    })),
    ...plan.errors.map((e) => ({
      table,
      ...(e.column ? { column: e.column } : {}),
      stage: 'plan',
      action: 'skipped',
      reason: e.message,
    })),
  ];
}

/** The copy as the history keeps it: where from, which tables, keys and fields; never a password. */
function describeSpec(spec: CompareSpec) {
  return {
    from: describeConnection(spec.from),
    to: describeConnection(spec.to),
    source: spec.source,
    target: spec.target,
    keys: spec.keys,
    fields: spec.fields.map((f) => ({ source: f.source, target: f.target, transform: describeTransform(f.transform) })),
  };
}
