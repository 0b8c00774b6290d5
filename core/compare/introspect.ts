import type pg from 'pg';
import type { CompareColumn, CompareTable } from './types.js';

/** Schemas that hold PostgreSQL's and Ferry's own tables, never the user's data. */
const HIDDEN_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'ferry') AND n.nspname NOT LIKE 'pg\\_%'`;

/** Every user table (and view, to read from) with its columns, in a stable order. */
export async function listTables(client: pg.ClientBase): Promise<CompareTable[]> {
  const { rows } = await client.query<{ schema: string; table: string; name: string; type: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${HIDDEN_SCHEMAS}
        AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname, a.attnum`,
  );
  const tables = new Map<string, CompareTable>();
  for (const r of rows) {
    const key = `${r.schema}\u0000${r.table}`;
    let t = tables.get(key);
    if (!t) tables.set(key, (t = { schema: r.schema, name: r.table, columns: [] }));
    t.columns.push({ name: r.name, type: r.type });
  }
  return [...tables.values()];
}

/** Columns of one table (or view) as they are now; undefined when there is no such table. */
export async function tableColumns(
  client: pg.ClientBase,
  schema: string,
  table: string,
  writable = false,
): Promise<(CompareColumn & { generated: boolean })[] | undefined> {
  const { rows } = await client.query<CompareColumn & { generated: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            (a.attgenerated <> '' OR a.attidentity = 'a') AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN (${writable ? `'r', 'p'` : `'r', 'p', 'v', 'm', 'f'`})
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema, table],
  );
  return rows.length ? rows : undefined;
}
