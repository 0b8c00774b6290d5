import pg from 'pg';
import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import type { TableCounts } from './recorder.js';
import type { HistoryStore } from './store.js';
import { workspaceConnection } from './open.js';
import { connectTarget } from '../target/connect.js';

/**
 * A run marked `interrupted` at start is checked against its target: the apply writes its
 * `ferry.runs` row in the same transaction as the data, so no row proves the transaction never
 * committed (the target is as it was before). A row means it did commit and only the history's
 * note was lost: the run becomes `completed`. Returns the runs checked.
 */
export async function checkInterruptedRuns(
  store: HistoryStore,
  env: FerryEnv,
  options: { workspaceId?: string; connection?: Connection } = {},
): Promise<{ runId: string; found: 'not-committed' | 'committed' }[]> {
  const pending = store
    .uncheckedInterrupted()
    .filter((r) => options.workspaceId === undefined || r.workspaceId === options.workspaceId);
  const checked: { runId: string; found: 'not-committed' | 'committed' }[] = [];
  const byWorkspace = new Map<string, typeof pending>();
  for (const r of pending) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r]);
  for (const [workspaceId, runs] of byWorkspace) {
    const ws = store.getWorkspace(workspaceId);
    if (!ws) continue;
    const conn = options.connection ?? (await workspaceConnection(ws, env));
    let client: pg.Client | undefined;
    try {
      client = await connectTarget(conn, env);
      const { rows: has } = await client.query<{ t: string | null }>(`SELECT to_regclass('ferry.runs')::text AS t`);
      const committed = new Map<string, Record<string, TableCounts>>();
      if (has[0]?.t) {
        const { rows } = await client.query<{ run_id: string; tables: Record<string, TableCounts> }>(
          'SELECT run_id, tables FROM ferry.runs WHERE run_id = ANY($1)',
          [runs.map((r) => r.runId)],
        );
        for (const r of rows) committed.set(r.run_id, r.tables);
      }
      for (const run of runs) {
        const tables = committed.get(run.runId);
        store.setTargetCheck(run.runId, tables ? 'committed' : 'not-committed', tables);
        checked.push({ runId: run.runId, found: tables ? 'committed' : 'not-committed' });
      }
    } catch {
      // The target cannot be reached now: the runs stay unchecked and are checked next time.
    } finally {
      await client?.end().catch(() => {});
    }
  }
  return checked;
}
