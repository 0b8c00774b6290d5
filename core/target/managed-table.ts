import type pg from 'pg';
import { FerryError } from '../api/errors.js';
import type { MappingDocument, TableSpec } from '../mapping/document.js';
import { pgTypeFor, type BusinessColumn } from './column-types.js';
import { ident, qualified } from './sql.js';

/** Business columns of a mapped table, in mapping order: fields, then link (foreign key) columns. */
export function businessColumns(t: TableSpec): BusinessColumn[] {
  return [
    ...t.fields.map((f) => ({ name: f.column, pgType: pgTypeFor(f.type) })),
    ...t.links.map((l) => ({ name: l.column, pgType: 'bigint' })),
  ];
}

/** The system columns every managed table has (see "The target-side record of a run"). */
const SYSTEM_COLUMNS_SQL = [
  'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  // Compared byte for byte (hex digits): its index sorts with memcmp instead of the database's
  // locale (a million keys under C.UTF-8: 1.53 -> 0.77 s); equality is the same in any collation.
  'source_key_hash text COLLATE "C" NOT NULL UNIQUE',
  'data_hash text NOT NULL',
  'sync_version integer NOT NULL DEFAULT 1',
  'last_synced_at timestamptz',
  'last_run_id text',
  'created_run_id text',
  'is_active boolean NOT NULL DEFAULT true',
  'created_at timestamptz NOT NULL DEFAULT now()',
  'updated_at timestamptz NOT NULL DEFAULT now()',
];

export interface ExistingColumn {
  name: string;
  /** `format_type` text, e.g. `numeric`, `text[]`, `timestamp with time zone`. */
  type: string;
}

/** Columns of a table as it is now, or undefined when it does not exist. */
export async function introspectTable(
  client: pg.ClientBase,
  schema: string,
  table: string,
): Promise<ExistingColumn[] | undefined> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema, table],
  );
  return rows.length ? rows : undefined;
}

const TYPE_NAMES: Record<string, string[]> = {
  bigint: ['bigint', 'integer', 'smallint'],
  numeric: ['numeric', 'double precision', 'real', 'bigint', 'integer'],
  boolean: ['boolean'],
  date: ['date', 'timestamp with time zone', 'timestamp without time zone'],
  timestamptz: ['timestamp with time zone', 'timestamp without time zone'],
  'text[]': ['text[]', 'character varying[]'],
  jsonb: ['jsonb', 'json'],
  text: ['text', 'character varying', 'character'],
};

export interface SchemaChange {
  table: string;
  /** `create` a new table, or `add` a column to an existing one. */
  action: 'create' | 'add-column';
  column?: string;
  sql: string;
  /** A created table whose primary key and key-hash index are left for after its first rows (see keysSql). */
  keysLater?: boolean;
}

/**
 * What it takes to make the target hold this mapping: new tables and new columns only. Ferry
 * never drops or retypes a column; a column whose type cannot hold the mapped values is an error
 * in plain words, and a table Ferry does not manage is refused rather than altered.
 */
export async function schemaChanges(
  client: pg.ClientBase,
  mapping: MappingDocument,
  order: string[],
  opts: { keysLater?: boolean } = {},
): Promise<SchemaChange[]> {
  const changes: SchemaChange[] = [];
  for (const name of order) {
    const t = mapping.tables.find((x) => x.name === name)!;
    const existing = await introspectTable(client, mapping.schema, t.name);
    const cols = businessColumns(t);
    if (!existing) {
      changes.push({
        table: t.name,
        action: 'create',
        sql: createTableSql(mapping, t, undefined, opts),
        ...(opts.keysLater ? { keysLater: true } : {}),
      });
      continue;
    }
    const have = new Map(existing.map((c) => [c.name, c.type]));
    if (!have.has('source_key_hash') || !have.has('data_hash')) {
      throw new FerryError(
        'table-not-managed',
        `The database already has a table "${t.name}" that Ferry did not create. Choose another table name in the mapping, or a different schema.`,
      );
    }
    for (const c of cols) {
      const type = have.get(c.name);
      if (type === undefined) {
        changes.push({
          table: t.name,
          action: 'add-column',
          column: c.name,
          sql: `ALTER TABLE ${qualified(mapping.schema, t.name)} ADD COLUMN ${ident(c.name)} ${c.pgType}${referenceSql(mapping, t, c.name)}`,
        });
      } else if (!(TYPE_NAMES[c.pgType] ?? [c.pgType]).includes(type.replace(/\(.*\)/, ''))) {
        throw new FerryError(
          'column-type-mismatch',
          `In the database, "${t.name}"."${c.name}" holds ${type}, but the mapping puts ${c.pgType} values there. Change the field's type in the mapping, or map it to a new column.`,
        );
      }
    }
    if (!have.has('extra')) {
      changes.push({
        table: t.name,
        action: 'add-column',
        column: 'extra',
        sql: `ALTER TABLE ${qualified(mapping.schema, t.name)} ADD COLUMN extra jsonb`,
      });
    }
  }
  // A new column of an existing table that references a table created now needs that table's
  // primary key at once: such a table is created with its keys declared.
  for (const c of changes) {
    if (c.action !== 'add-column') continue;
    const parent = mapping.tables.find((x) => x.name === c.table)?.links.find((l) => l.column === c.column)?.table;
    const created = changes.find((x) => x.action === 'create' && x.table === parent && x.keysLater);
    if (!created) continue;
    created.sql = createTableSql(
      mapping,
      mapping.tables.find((x) => x.name === parent)!,
    );
    delete created.keysLater;
  }
  return changes;
}

export function createTableSql(
  mapping: MappingDocument,
  t: TableSpec,
  target = qualified(mapping.schema, t.name),
  opts: { keysLater?: boolean; dataHashSql?: string } = {},
): string {
  // Foreign keys come after the first load (see foreignKeysSql): checked set-based once, instead
  // of by a trigger per inserted row, which cost more than the insert itself on a million rows.
  // `keysLater`: the primary key and the key-hash index too (see keysSql).
  // `dataHashSql`: PostgreSQL computes data_hash as the rows come in (a first load), until the
  // load turns it into a plain column again.
  const system = (
    opts.keysLater ? SYSTEM_COLUMNS_SQL.map((c) => c.replace(/ (PRIMARY KEY|UNIQUE)$/, '')) : SYSTEM_COLUMNS_SQL
  ).map((c) =>
    opts.dataHashSql && c.startsWith('data_hash ') ? `${c} GENERATED ALWAYS AS (${opts.dataHashSql}) STORED` : c,
  );
  const cols = businessColumns(t).map((c) => `${ident(c.name)} ${c.pgType}`);
  return `CREATE TABLE ${target} (${[...system, ...cols, 'extra jsonb'].join(', ')})`;
}

/**
 * The primary key and the unique key-hash index of a table created without them, once its first
 * rows are in: one sort builds each index, where a million random inserts into the key-hash index
 * cost as much as writing the rows (200k editions: 2.0 s with the indexes, 1.0 s with them after).
 * Same names as when declared in CREATE TABLE.
 */
export function keysSql(mapping: MappingDocument, t: TableSpec): string[] {
  return [primaryKeySql(mapping, t), keyHashUniqueSql(mapping, t)];
}

export function primaryKeySql(mapping: MappingDocument, t: TableSpec): string {
  return `ALTER TABLE ${qualified(mapping.schema, t.name)} ADD PRIMARY KEY (id)`;
}

export function keyHashUniqueSql(mapping: MappingDocument, t: TableSpec): string {
  return `ALTER TABLE ${qualified(mapping.schema, t.name)} ADD UNIQUE (source_key_hash)`;
}

/** The link columns' foreign keys of a table created by this run, added once its rows are in. */
export function foreignKeysSql(mapping: MappingDocument, t: TableSpec): string[] {
  return t.links.map(
    (l) =>
      `ALTER TABLE ${qualified(mapping.schema, t.name)} ADD FOREIGN KEY (${ident(l.column)}) REFERENCES ${qualified(mapping.schema, l.table)} (id)`,
  );
}

function referenceSql(mapping: MappingDocument, t: TableSpec, column: string): string {
  const link = t.links.find((l) => l.column === column);
  return link ? ` REFERENCES ${qualified(mapping.schema, link.table)} (id)` : '';
}

/** Ferry's own record of runs in the target database; created on the first apply. */
export const FERRY_SCHEMA_SQL = [
  'CREATE SCHEMA IF NOT EXISTS ferry',
  `CREATE TABLE IF NOT EXISTS ferry.runs (
     run_id text PRIMARY KEY, workspace_id text, kind text NOT NULL, started_at timestamptz,
     committed_at timestamptz NOT NULL DEFAULT now(), tables jsonb NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ferry.row_images (
     run_id text NOT NULL, table_name text NOT NULL, row_id bigint NOT NULL, action text NOT NULL, before jsonb,
     PRIMARY KEY (run_id, table_name, row_id))`,
];
