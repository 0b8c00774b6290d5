import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import { openHistoryStore, type HistoryStore } from './store.js';
import { joinSecret } from './target-key.js';
import type { Workspace } from './types.js';

/**
 * Runs `fn` with the history store open, and closes it afterwards. Each call opens the file anew:
 * opening is cheap, and no process keeps SQLite handles (or state) between operations.
 */
export async function withHistory<T>(
  env: Pick<FerryEnv, 'home'>,
  fn: (store: HistoryStore) => Promise<T> | T,
): Promise<T> {
  const store = openHistoryStore(env.home);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** The connection of a workspace's target, with its password back from the secret store. */
export async function workspaceConnection(ws: Workspace, env: Pick<FerryEnv, 'secrets'>): Promise<Connection> {
  const ref = ws.target.secretRef;
  const password = ref ? await env.secrets.get(ref) : undefined;
  return joinSecret(ws.target, password);
}
