import type pg from 'pg';
import type { Connection } from '../api/ops/connection-input.js';
import { connectionInput } from '../api/ops/connection-input.js';
import { FerryError } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';

const CONNECT_TIMEOUT_MS = 8000;

/** `--db local` or `--db postgresql://…` from the command line, as a contract connection. */
export function connectionFromDbArg(arg: string): Connection {
  const value = arg.trim();
  return connectionInput.parse(value === 'local' ? { kind: 'local' } : { kind: 'url', url: value });
}

/** A pg client config for a connection; starts the database on this computer when asked for it. */
export async function resolveConnection(conn: Connection, env: FerryEnv): Promise<pg.ClientConfig> {
  const base = { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'ferry' };
  switch (conn.kind) {
    case 'local':
      return { ...base, connectionString: await env.localDb.start() };
    case 'url': {
      checkUrl(conn.url);
      const ssl = conn.ssl ?? sslFromUrl(conn.url);
      // pg reads sslmode from the URL itself and would override our choice, so strip it.
      const url = new URL(conn.url);
      url.searchParams.delete('sslmode');
      return { ...base, connectionString: url.toString(), ssl: sslOption(ssl) };
    }
    case 'fields': {
      const password = conn.password ?? (conn.secretRef ? await savedPassword(conn.secretRef, env) : undefined);
      return {
        ...base,
        host: conn.host,
        port: conn.port,
        database: conn.database,
        user: conn.user,
        password,
        ssl: sslOption(conn.ssl),
      };
    }
  }
}

async function savedPassword(ref: string, env: FerryEnv): Promise<string> {
  const password = await env.secrets.get(ref);
  if (password !== undefined) return password;
  throw new FerryError(
    'password-missing',
    env.secrets.kind === 'session-memory'
      ? 'The password for this connection is no longer known: Ferry in a browser keeps passwords only while it runs. Type it again in Settings.'
      : 'The password for this connection is missing from secure storage. Type it again in Settings.',
  );
}

/** Where a connection points, for messages and history: never includes the password. */
export function describeConnection(conn: Connection): string {
  switch (conn.kind) {
    case 'local':
      return 'the database on this computer';
    case 'url':
      try {
        const u = new URL(conn.url);
        return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
      } catch {
        return 'a connection string that is not valid';
      }
    case 'fields':
      return `${conn.host}:${conn.port}/${conn.database}`;
  }
}

function checkUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl();
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) throw invalidUrl();
}

function invalidUrl(): FerryError {
  return new FerryError(
    'invalid-url',
    'That connection string is not valid. It should look like postgresql://user:password@server:5432/database.',
  );
}

function sslFromUrl(raw: string): 'disable' | 'prefer' | 'require' | 'verify-full' {
  const mode = new URL(raw).searchParams.get('sslmode');
  if (mode === 'require' || mode === 'verify-full' || mode === 'disable') return mode;
  if (mode === 'verify-ca') return 'verify-full';
  return 'prefer';
}

function sslOption(mode: 'disable' | 'prefer' | 'require' | 'verify-full'): pg.ClientConfig['ssl'] {
  // node-postgres has no "prefer": try without SSL; a server that insists says so and the
  // connection test explains how to switch SSL on.
  if (mode === 'disable' || mode === 'prefer') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true };
}
