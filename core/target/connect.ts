import pg from 'pg';
import { FerryError } from '../api/errors.js';
import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import { explainConnectionError } from './connection-test.js';
import { resolveConnection } from './connection.js';

/**
 * A connected client to a target. A dropped socket never crashes the process (the query in flight
 * fails instead), and a refused connection is explained in the same plain words as the connection
 * test: wrong password, host unreachable, database missing, SSL required.
 */
export async function connectTarget(conn: Connection, env: FerryEnv): Promise<pg.Client> {
  return connectWith(await resolveConnection(conn, env), conn);
}

/** The same, for a config already resolved (plan sessions keep theirs). */
export async function connectWith(config: pg.ClientConfig, conn?: Connection): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    const plain = explainConnectionError(err, conn ?? connectionOf(config));
    throw new FerryError(plain.code, plain.message);
  }
  return client;
}

/** Enough of a connection to name it in a message, never its password. */
function connectionOf(config: pg.ClientConfig): Connection {
  if (config.connectionString) return { kind: 'url', url: config.connectionString };
  return {
    kind: 'fields',
    host: config.host ?? 'localhost',
    port: config.port ?? 5432,
    database: config.database ?? '',
    user: config.user ?? '',
    ssl: 'prefer',
  };
}

/**
 * While `signal` is live, an abort cancels the statement each server process is running, from a
 * second connection (the busy one cannot take another query); the transaction then rolls back.
 * Returns the function that stops listening.
 */
export function cancelOnAbort(signal: AbortSignal, backends: { config: pg.ClientConfig; pid?: number }[]): () => void {
  const onAbort = () => {
    for (const { config, pid } of backends) {
      if (pid === undefined) continue;
      const c = new pg.Client(config);
      c.on('error', () => {});
      c.connect()
        .then(() => c.query('SELECT pg_cancel_backend($1)', [pid]))
        .catch(() => {})
        .finally(() => c.end().catch(() => {}));
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  return () => signal.removeEventListener('abort', onAbort);
}

/** The server process id behind a connected client (pg keeps it, but does not type it). */
export function backendPid(client: pg.ClientBase): number | undefined {
  return (client as unknown as { processID?: number }).processID;
}
