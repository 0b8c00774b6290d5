import type { BusinessColumn } from './column-types.js';
import { ident, literal } from './sql.js';

/**
 * THE expression for a row's `data_hash`, computed in SQL from its business columns and `extra`.
 * Restore and conflict checks use this same function: a row edited in PostgreSQL since Ferry
 * wrote it is one whose recomputed hash ≠ `data_hash`.
 *
 * md5 over `<US>name<RS>value` for each non-null column in name order (a null member is left
 * out), so adding a still-empty column later does not change the hash of existing rows. Values are
 * written in forms that do not depend on the session's DateStyle or TimeZone. Plain text
 * concatenation: building JSON for every row cost five times as much on a million rows. Cleaned
 * values never hold the separators.
 *
 * `alias` is the relation alias (or table name) the columns are read from ('': bare column names,
 * as in a generated column); `immutable` as in hashValueSql.
 */
export function rowHashSql(
  columns: BusinessColumn[],
  alias: string,
  extraColumn: string | null = 'extra',
  opts: { immutable?: boolean } = {},
): string {
  const ref = (name: string) => (alias ? `${alias}.${ident(name)}` : ident(name));
  // By name, so reordering the mapping's fields does not make every row look edited.
  const sorted = [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const members = sorted.map((c) => member(c.name, hashValueSql(c.pgType, ref(c.name), opts)));
  if (extraColumn) members.push(member('extra', `nullif(${ref(extraColumn)}, '{}'::jsonb)::text`));
  if (members.length === 0) return `md5('')`;
  // The same text as concat(members…), which skips nulls, but ~10% cheaper per row: concat prints
  // every argument through its output function, || joins the texts as they are. Runs of 90, so
  // a very wide table does not nest expressions thousands deep.
  const parts: string[] = [];
  for (let i = 0; i < members.length; i += 90)
    parts.push(
      members
        .slice(i, i + 90)
        .map((m) => `coalesce(${m}, '')`)
        .join(' || '),
    );
  return `md5(${parts.length === 1 ? parts[0] : `concat(${parts.join(', ')})`})`;
}

function member(name: string, value: string): string {
  return `(chr(31) || ${literal(name)} || chr(30) || ${value})`;
}

/**
 * One column's text inside the hash (null when the value is null, and then left out).
 * `immutable`: the same text from functions PostgreSQL accepts in a generated column (the epoch
 * of a timestamptz does not depend on the session's time zone, but `extract` on it is only stable).
 */
export function hashValueSql(pgType: string, ref: string, opts: { immutable?: boolean } = {}): string {
  switch (pgType) {
    case 'date':
      return `(${ref} - DATE '2000-01-01')::text`;
    case 'timestamptz':
      return opts.immutable
        ? `extract(epoch FROM (${ref} AT TIME ZONE 'UTC'))::text`
        : `extract(epoch FROM ${ref})::text`;
    case 'jsonb':
      return `nullif(${ref}, '{}'::jsonb)::text`;
    default:
      return `${ref}::text`;
  }
}

/**
 * Types whose member text PostgreSQL computes with immutable functions only (with `immutable`),
 * so a generated column may hold the hash. A text[] prints through array_out, which is only stable.
 */
const IMMUTABLE_MEMBER_TYPES = new Set(['text', 'bigint', 'numeric', 'boolean', 'date', 'timestamptz', 'jsonb']);

export function hashCanBeGenerated(columns: BusinessColumn[]): boolean {
  return columns.every((c) => IMMUTABLE_MEMBER_TYPES.has(c.pgType));
}
