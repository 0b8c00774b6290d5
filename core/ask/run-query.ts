import type pg from 'pg';
import { FerryError } from '../api/errors.js';
import { ident } from '../target/sql.js';
import { guardQuery } from './guard.js';
import type { QueryRows } from './types.js';

export interface ReadOnlyOptions {
  timeoutMs: number;
  /** Run as this role (one without write grants), set only for this transaction. */
  role?: string;
}

/**
 * Runs `fn` inside `BEGIN READ ONLY` with a statement timeout (and the reader role when given),
 * then rolls back whatever happened: nothing done in here can outlive it.
 */
export async function withReadOnlyTransaction<T>(
  client: pg.ClientBase,
  opts: ReadOnlyOptions,
  fn: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(opts.timeoutMs))}`);
    // The lexer in guard.ts reads strings the standard way; make the server read them the same way.
    await client.query('SET LOCAL standard_conforming_strings = on');
    // On the local database the login is `ferry`, so "$user" would put Ferry's own schema first
    // for unqualified names; the question is about the owner's data.
    await client.query('SET LOCAL search_path = public');
    if (opts.role) await client.query(`SET LOCAL ROLE ${ident(opts.role)}`);
    return await fn(client);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

export interface FetchOptions extends ReadOnlyOptions {
  limit: number;
  /** Longer values are cut (with "…") so one huge cell cannot flood the screen. */
  maxCellChars?: number;
}

const rawText = { getTypeParser: () => (value: string) => value };

/**
 * The low-level runner: no guard. Fetches through a cursor so at most `limit + 1` rows ever leave
 * the server, as text exactly as PostgreSQL prints them.
 */
export async function runReadOnlyQuery(client: pg.ClientBase, sql: string, opts: FetchOptions): Promise<QueryRows> {
  const started = Date.now();
  try {
    return await withReadOnlyTransaction(client, opts, async (c) => {
      // The extended protocol takes exactly one statement, whatever the text says.
      await c.query({
        text: `DECLARE ferry_ask NO SCROLL CURSOR FOR\n${sql}\n`,
        queryMode: 'extended',
      } as pg.QueryConfig);
      const res = await c.query<unknown[]>({
        text: `FETCH FORWARD ${opts.limit + 1} FROM ferry_ask`,
        types: rawText,
        // Arrays, not objects: two columns may share a name.
        rowMode: 'array',
      });
      const names = await typeNames(
        c,
        res.fields.map((f) => f.dataTypeID),
      );
      const cut = (v: unknown): string | null => {
        if (v === null || v === undefined) return null;
        const s = String(v);
        return opts.maxCellChars && s.length > opts.maxCellChars ? `${s.slice(0, opts.maxCellChars)}…` : s;
      };
      return {
        columns: res.fields.map((f) => ({ name: f.name, type: names.get(f.dataTypeID) ?? 'unknown' })),
        rows: res.rows.slice(0, opts.limit).map((r) => r.map(cut)),
        limited: res.rows.length > opts.limit,
        limit: opts.limit,
        asReaderRole: Boolean(opts.role),
        ms: Date.now() - started,
      };
    });
  } catch (err) {
    throw explainQueryError(err, opts);
  }
}

/** The guard first, then the runner: the only way the Ask screen and the CLI run SQL. */
export async function runAskQuery(client: pg.ClientBase, sql: string, opts: FetchOptions): Promise<QueryRows> {
  const { sql: guarded } = guardQuery(sql);
  return runReadOnlyQuery(client, guarded, opts);
}

async function typeNames(client: pg.ClientBase, oids: number[]): Promise<Map<number, string>> {
  if (oids.length === 0) return new Map();
  const { rows } = await client.query<{ oid: number; name: string }>(
    'SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])',
    [[...new Set(oids)]],
  );
  return new Map(rows.map((r) => [r.oid, r.name]));
}

/** PostgreSQL's refusal in plain words; the query text is the user's, so naming its mistake is fine. */
export function explainQueryError(err: unknown, opts: { timeoutMs: number; role?: string }): Error {
  if (err instanceof FerryError) return err;
  const e = err as { code?: string; message?: string };
  const detail = (e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 300);
  switch (e.code) {
    case '57014':
      return new FerryError(
        'query-timeout',
        `The query took longer than ${formatSeconds(opts.timeoutMs)} and was stopped. Try a narrower question, or a query that reads fewer rows.`,
      );
    case '25006':
      return new FerryError(
        'query-refused',
        'PostgreSQL refused the query because it tried to change data. Nothing was changed.',
      );
    case '42501':
      return new FerryError(
        'query-permission',
        opts.role
          ? `Ferry's read-only role may not do this: ${detail}. If a table was added since the role was made, choose "Create the read-only role" again to let it read the new tables.`
          : `The database refused: ${detail}.`,
      );
    case undefined:
      return new FerryError('query-failed', `The query could not run: ${detail}.`);
    default:
      if (/^(42|22)/.test(e.code)) return new FerryError('query-mistake', `The query has a mistake: ${detail}.`);
      return new FerryError('query-failed', `The query could not run: ${detail}.`);
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s === 1 ? '1 second' : `${Number.isInteger(s) ? s : s.toFixed(1)} seconds`;
}
