import type pg from 'pg';
import { ident, qualified } from '../target/sql.js';
import { SYSTEM_COLUMNS } from '../target/system-columns.js';
import { withReadOnlyTransaction } from './run-query.js';

/** How much of the database the prompt may carry: enough to answer, never the whole thing. */
const LIMITS = {
  tables: 80,
  columnsPerTable: 60,
  sampledTables: 40,
  samplesPerColumn: 3,
  sampleChars: 40,
  text: 60_000,
};

/**
 * Ferry's bookkeeping columns on the tables it manages: noise for a question about the data. The id
 * (for joins), is_active (retired rows) and the two timestamps stay: questions use them.
 */
const KEPT_SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['id', 'is_active', 'created_at', 'updated_at']);
const BOOKKEEPING: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.filter((c) => !KEPT_SYSTEM_COLUMNS.has(c)));

interface TableRow {
  oid: number;
  schema: string;
  name: string;
  kind: string;
  estimate: number;
}

interface ColumnRow {
  table_oid: number;
  name: string;
  type: string;
  not_null: boolean;
}

interface ForeignKeyRow {
  table_oid: number;
  columns: string[];
  ref_schema: string;
  ref_table: string;
  ref_columns: string[];
}

export interface SchemaDescription {
  text: string;
  tables: number;
}

/**
 * The workspace's database as the model needs to see it: tables (not Ferry's own `ferry` schema
 * nor the system ones), columns with types, foreign keys, and a few short sample values per
 * column. Read inside a read-only transaction, like every query Ask runs.
 */
export async function describeSchema(
  client: pg.ClientBase,
  opts: { timeoutMs: number; role?: string },
): Promise<SchemaDescription> {
  return withReadOnlyTransaction(client, opts, async (c) => {
    const tables = (
      await c.query<TableRow>(
        `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
                GREATEST(c.reltuples, 0)::bigint::int AS estimate
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
            AND n.nspname NOT IN ('information_schema', 'ferry') AND n.nspname NOT LIKE 'pg\\_%'
            AND NOT c.relispartition AND has_table_privilege(c.oid, 'SELECT')
          ORDER BY n.nspname, c.relname LIMIT ${LIMITS.tables + 1}`,
      )
    ).rows;
    if (tables.length === 0) return { text: 'The database has no tables yet.', tables: 0 };
    const oids = tables.map((t) => t.oid);
    const columns = (
      await c.query<ColumnRow>(
        `SELECT a.attrelid::int AS table_oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
                a.attnotnull AS not_null
           FROM pg_attribute a
          WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attrelid, a.attnum`,
        [oids],
      )
    ).rows;
    const keys = (
      await c.query<ForeignKeyRow>(
        `SELECT k.conrelid::int AS table_oid,
                ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = k.conrelid AND attnum = ANY(k.conkey) ORDER BY array_position(k.conkey, attnum))::text[] AS columns,
                rn.nspname AS ref_schema, r.relname AS ref_table,
                ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = k.confrelid AND attnum = ANY(k.confkey) ORDER BY array_position(k.confkey, attnum))::text[] AS ref_columns
           FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
          WHERE k.contype = 'f' AND k.conrelid = ANY($1::oid[])`,
        [oids],
      )
    ).rows;

    const lines: string[] = [];
    for (const [i, t] of tables.slice(0, LIMITS.tables).entries()) {
      const all = columns.filter((col) => col.table_oid === t.oid);
      const managed = all.some((col) => col.name === 'source_key_hash');
      const shown = all.filter((col) => !(managed && BOOKKEEPING.has(col.name))).slice(0, LIMITS.columnsPerTable);
      const samples = i < LIMITS.sampledTables ? await sampleValues(c, t, shown) : new Map<string, string[]>();
      const kind = t.kind === 'v' ? 'view' : t.kind === 'm' ? 'materialized view' : 'table';
      lines.push(`${kind} ${qualified(t.schema, t.name)} (about ${t.estimate} rows)`);
      for (const col of shown) {
        const fk = keys.find((k) => k.table_oid === t.oid && k.columns.length === 1 && k.columns[0] === col.name);
        const parts = [`  - ${quoteIfNeeded(col.name)} ${col.type}${col.not_null ? ' not null' : ''}`];
        if (fk)
          parts.push(` → ${qualified(fk.ref_schema, fk.ref_table)}(${fk.ref_columns.map(quoteIfNeeded).join(', ')})`);
        if (managed && col.name === 'is_active')
          parts.push(' (false: the record was retired, it is no longer in the export)');
        const s = samples.get(col.name);
        if (s?.length) parts.push(`, e.g. ${s.map((v) => JSON.stringify(v)).join(', ')}`);
        lines.push(parts.join(''));
      }
      if (all.length > shown.length + (managed ? BOOKKEEPING.size : 0)) lines.push('  - (more columns not listed)');
      for (const k of keys.filter((k) => k.table_oid === t.oid && k.columns.length > 1)) {
        lines.push(
          `  foreign key (${k.columns.join(', ')}) → ${qualified(k.ref_schema, k.ref_table)}(${k.ref_columns.join(', ')})`,
        );
      }
    }
    if (tables.length > LIMITS.tables) lines.push('(more tables not listed)');
    let text = lines.join('\n');
    if (text.length > LIMITS.text) text = `${text.slice(0, LIMITS.text)}\n(cut here: the schema is long)`;
    return { text, tables: Math.min(tables.length, LIMITS.tables) };
  });
}

/** Up to three distinct short values per column from the first rows; a table that cannot be read just has none. */
async function sampleValues(client: pg.ClientBase, t: TableRow, cols: ColumnRow[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const sampled = cols.filter((c) => !/^(bytea|tsvector|json|jsonb)$/.test(c.type) && c.name !== 'id');
  if (sampled.length === 0) return out;
  const select = sampled.map((c) => `${ident(c.name)}::text`).join(', ');
  await client.query('SAVEPOINT ferry_sample');
  try {
    const res = await client.query<unknown[]>({
      text: `SELECT ${select} FROM ${qualified(t.schema, t.name)} LIMIT 50`,
      rowMode: 'array',
    });
    sampled.forEach((c, i) => {
      const seen = new Set<string>();
      for (const row of res.rows) {
        const v = row[i];
        if (typeof v !== 'string' || v === '') continue;
        seen.add(v.length > LIMITS.sampleChars ? `${v.slice(0, LIMITS.sampleChars)}…` : v);
        if (seen.size >= LIMITS.samplesPerColumn) break;
      }
      out.set(c.name, [...seen]);
    });
    await client.query('RELEASE SAVEPOINT ferry_sample');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT ferry_sample');
  }
  return out;
}

/** Plain lower-case names read better unquoted; anything else is shown the way SQL needs it. */
function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : ident(name);
}
