import { call } from '../api/dispatch.js';
import { FerryError } from '../api/errors.js';
import type { CallContext } from '../api/handler-types.js';
import { checkInterruptedRuns } from '../history/interrupted.js';
import { withHistory } from '../history/open.js';
import type { Workspace } from '../history/types.js';
import { connectionFromDbArg } from '../target/connection.js';
import type { CliContext } from './command.js';

/** What a CLI command hands the contract's operations. */
export function cliCtx(ctx: CliContext): Omit<CallContext, 'progress'> & Pick<CallContext, 'progress'> {
  return { env: ctx.env, carrier: 'cli', signal: ctx.signal, progress: ctx.progress };
}

export function requireDb(values: Record<string, unknown>): string {
  const db = values.db;
  if (typeof db !== 'string' || !db) {
    throw new FerryError(
      'invalid-input',
      'Say which database with --db local or --db postgresql://user:password@server/database.',
    );
  }
  return db;
}

/**
 * The CLI has no explicit workspaces: the target names one. Its password is handed to the
 * session's secret store (never to the history file) so the contract's operations can connect.
 */
export async function workspaceForDb(dbArg: string, ctx: CliContext): Promise<Workspace> {
  const conn = connectionFromDbArg(dbArg);
  const ws = await withHistory(ctx.env, async (store) => {
    const found = store.workspaceForTarget(conn);
    if (store.uncheckedInterrupted().some((r) => r.workspaceId === found.id)) {
      await checkInterruptedRuns(store, ctx.env, { workspaceId: found.id, connection: conn });
    }
    return found;
  });
  if (conn.kind === 'local') return ws;
  return call('workspace/update', { id: ws.id, target: conn }, cliCtx(ctx));
}
