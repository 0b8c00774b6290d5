import type { BusinessColumn } from './column-types.js';
import { ident, literal } from './sql.js';

/**
 * THE expression for a row's `data_hash`, computed in SQL from its business columns and `extra`.
 * Built from a JSON object with null members stripped, so adding a (still empty) column later
 * does not change the hash of existing rows, and column order does not matter. Timestamps are
 * written in UTC so the session's time zone cannot change a hash. Restore and conflict checks
 * use this same function: a row edited in PostgreSQL is one whose recomputed hash ≠ `data_hash`.
 *
 * `alias` is the relation alias (or table name) the columns are read from.
 */
export function rowHashSql(columns: BusinessColumn[], alias: string, extraColumn: string | null = 'extra'): string {
  const members = columns.map((c) => `${literal(c.name)}, ${valueSql(c, `${alias}.${ident(c.name)}`)}`);
  if (extraColumn) members.push(`'extra', nullif(${alias}.${ident(extraColumn)}, '{}'::jsonb)`);
  if (members.length === 0) return `md5('{}')`;
  // jsonb_build_object takes at most 100 arguments: 40 members per call, joined with ||.
  const parts: string[] = [];
  for (let i = 0; i < members.length; i += 40) parts.push(`jsonb_build_object(${members.slice(i, i + 40).join(', ')})`);
  return `md5(jsonb_strip_nulls(${parts.join(' || ')})::text)`;
}

function valueSql(c: BusinessColumn, ref: string): string {
  if (c.pgType === 'timestamptz') return `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
  // An empty object of extras and no extras at all are the same thing.
  if (c.pgType === 'jsonb') return `nullif(${ref}, '{}'::jsonb)`;
  return ref;
}
