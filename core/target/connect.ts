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
