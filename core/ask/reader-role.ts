import type pg from 'pg';
import { FerryError } from '../api/errors.js';
import { ident, literal } from '../target/sql.js';
import type { ReaderRoleResult } from './types.js';

/** Ferry's role without write grants; roles belong to the whole server, grants to each database. */
export const READER_ROLE = 'ferry_reader';

const USER_SCHEMAS = `SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('information_schema', 'ferry') AND nspname NOT LIKE 'pg\\_%'
  ORDER BY nspname`;

/**
 * Whether queries here can run as the reader role: it exists, this user may switch to it, and it may
 * read every table of this database's user schemas (it was made for this database, and no table
 * was added since that it cannot read).
 */
export async function readerRoleReady(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client
    .query<{ ready: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
        AND pg_has_role(current_user, $1, CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)
        AND NOT EXISTS (SELECT 1 FROM (${USER_SCHEMAS}) s WHERE NOT has_schema_privilege($1, s.nspname, 'USAGE'))
        AND NOT EXISTS (
          SELECT 1 FROM pg_class c JOIN (${USER_SCHEMAS}) s ON s.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT has_table_privilege($1, c.oid, 'SELECT')) AS ready`,
      [READER_ROLE],
    )
    .catch(() => ({ rows: [{ ready: false }] }));
  return rows[0]?.ready ?? false;
}

/**
 * Creates the reader role (NOLOGIN, no write grants) if it is missing, and lets it read every user
 * schema of this database, now and for tables this user creates later. One transaction: all or nothing.
 */
export async function createReaderRole(client: pg.ClientBase): Promise<ReaderRoleResult> {
  const role = ident(READER_ROLE);
  await client.query('BEGIN');
  try {
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE])).rowCount === 1;
    if (!exists) await client.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
    const schemas = (await client.query<{ nspname: string }>(USER_SCHEMAS)).rows.map((r) => r.nspname);
    for (const s of schemas) {
      await client.query(`GRANT USAGE ON SCHEMA ${ident(s)} TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${ident(s)} TO ${role}`);
      await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${ident(s)} GRANT SELECT ON TABLES TO ${role}`);
    }
    // From PostgreSQL 16 membership alone does not allow SET ROLE; the SET option does.
    const { rows } = await client.query<{ ok: boolean; v16: boolean }>(
      `SELECT current_setting('server_version_num')::int >= 160000 AS v16,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
              OR pg_has_role(current_user, ${literal(READER_ROLE)},
                 CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END) AS ok`,
    );
    if (!rows[0]?.ok) {
      await client.query(`GRANT ${role} TO CURRENT_USER${rows[0]?.v16 ? ' WITH INHERIT FALSE, SET TRUE' : ''}`);
    }
    await client.query('COMMIT');
    return { role: READER_ROLE, schemas, created: !exists };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const code = (err as { code?: string }).code;
    if (code === '42501') {
      throw new FerryError(
        'role-not-allowed',
        'This database user may not create roles or grant access, so Ferry could not add its read-only role. Queries still run in a read-only transaction with a time limit. To add the role, connect as a user with the CREATEROLE right, or ask whoever runs the database.',
      );
    }
    throw err;
  }
}
