import pg from 'pg';
import type { ConnectionTestResult } from '../api/ops/app.js';
import type { Connection } from '../api/ops/connection-input.js';
import { FerryError, scrubSecrets } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';
import { describeConnection, resolveConnection } from './connection.js';

const TEST_QUERY_TIMEOUT_MS = 10_000;

/** Try to connect and say in plain words what happened. Never throws, never echoes a password. */
export async function testConnection(conn: Connection, env: FerryEnv): Promise<ConnectionTestResult> {
  let client: pg.Client | undefined;
  try {
    const config = await resolveConnection(conn, env);
    // The connect has its own time limit; the query gets one too, so a test always answers.
    client = new pg.Client({ ...config, query_timeout: TEST_QUERY_TIMEOUT_MS });
    client.on('error', () => {}); // a dropped socket after the test must not crash the process
    await client.connect();
    const { rows } = await client.query<{ version: string; db: string }>(
      "SELECT current_setting('server_version') AS version, current_database() AS db",
    );
    return {
      ok: true,
      code: 'ok',
      message: `Connected to ${describeConnection(conn)} (PostgreSQL ${rows[0].version}).`,
      serverVersion: rows[0].version,
      database: rows[0].db,
    };
  } catch (err) {
    return { ok: false, ...explainConnectionError(err, conn) };
  } finally {
    await client?.end().catch(() => {});
  }
}

/** Map driver and server errors to a stable code and a sentence an owner can act on. */
export function explainConnectionError(err: unknown, conn: Connection): { code: string; message: string } {
  if (err instanceof FerryError) return { code: err.code, message: err.message };
  const e = err as { code?: string; message?: string };
  const where = describeConnection(conn);
  const user = conn.kind === 'fields' ? conn.user : conn.kind === 'url' ? safeUser(conn.url) : 'ferry';
  const text = e.message ?? '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return {
        code: 'host-unreachable',
        message: `Nothing answered at ${where}. Check the server name and port, and that the database server is running.`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        code: 'host-unreachable',
        message: `The server name in ${where} could not be found. Check it for typing mistakes.`,
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        code: 'host-unreachable',
        message: `The server at ${where} could not be reached. Check the address, and that this computer is allowed through its firewall.`,
      };
    case '28P01':
      return {
        code: 'wrong-password',
        message: `The password for user "${user}" was not accepted. Check the password and try again.`,
      };
    case '3D000':
      return {
        code: 'database-missing',
        message: `The server answered, but it has no database with that name (${where}). Check the database name, or create it first.`,
      };
    case '28000':
      if (/no encryption|SSL/i.test(text)) return sslRequired();
      if (/role .* does not exist/i.test(text)) {
        return { code: 'unknown-user', message: `The server has no user called "${user}". Check the user name.` };
      }
      return { code: 'not-allowed', message: `The server refused this connection: ${scrubSecrets(text)}` };
    case '53300':
      return { code: 'server-busy', message: 'The server has too many connections right now. Try again in a minute.' };
  }
  if (/timeout/i.test(text)) {
    return {
      code: 'host-unreachable',
      message: `The server at ${where} did not answer in time. Check the address and your network.`,
    };
  }
  if (/does not support SSL/i.test(text)) {
    return {
      code: 'ssl-not-supported',
      message: 'The server does not accept encrypted (SSL) connections. Set SSL to "off" for this connection.',
    };
  }
  if (/SSL|certificate/i.test(text)) {
    if (/self[- ]signed|certificate/i.test(text)) {
      return {
        code: 'ssl-certificate',
        message:
          'The server\'s security certificate could not be verified. Choose SSL "required" instead of "verify", or ask your provider for its certificate.',
      };
    }
    return sslRequired();
  }
  if (/password authentication failed/i.test(text)) {
    return {
      code: 'wrong-password',
      message: `The password for user "${user}" was not accepted. Check the password and try again.`,
    };
  }
  return {
    code: 'connection-failed',
    message: `Could not connect to ${where}: ${scrubSecrets(text) || 'no reason given'}.`,
  };
}

function sslRequired(): { code: string; message: string } {
  return {
    code: 'ssl-required',
    message: 'The server only accepts encrypted connections. Turn SSL on ("required") for this connection.',
  };
}

function safeUser(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || '(none)';
  } catch {
    return '(none)';
  }
}
