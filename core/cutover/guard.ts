import { FerryError } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';
import { withHistory } from '../history/open.js';
import type { Workspace } from '../history/types.js';

/**
 * Whether a sync may write to a workspace's database in its phase. Called where `sync/apply`
 * and re-sync start: in postgres-only nothing from Airtable is written any more, and in
 * postgres-primary an export may not overwrite edits made in PostgreSQL.
 */
export function syncRefusal(ws: Pick<Workspace, 'name' | 'phase'>, conflictPolicy?: string): FerryError | undefined {
  if (ws.phase === 'postgres-only') {
    return new FerryError(
      'resync-off',
      `Re-sync is switched off: "${ws.name}" is in the PostgreSQL-only phase, so Airtable is a read-only archive and nothing from an export is written any more. To sync again, move the workspace back to PostgreSQL primary on the Cutover screen (ferry phase postgres-primary).`,
    );
  }
  if (ws.phase === 'postgres-primary' && conflictPolicy === 'take-export') {
    return new FerryError(
      'postgres-primary',
      `"${ws.name}" is in the PostgreSQL-primary phase: edits made in PostgreSQL are protected, so an export cannot overwrite them. Keep the PostgreSQL values for the conflicting rows, or move back to parallel running first.`,
    );
  }
  return undefined;
}

/** Throws the refusal, if any, for the workspace with this id. */
export async function assertSyncAllowed(
  env: Pick<FerryEnv, 'home'>,
  workspaceId: string,
  conflictPolicy?: string,
): Promise<void> {
  const ws = await withHistory(env, (store) => store.getWorkspace(workspaceId));
  if (!ws) return;
  const refusal = syncRefusal(ws, conflictPolicy);
  if (refusal) throw refusal;
}
