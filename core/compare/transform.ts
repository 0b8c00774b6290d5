import type { FieldTransform } from '../api/ops/compare.js';
import { literal } from '../target/sql.js';

/**
 * A field's transform as a SQL expression over its source value as text (`ref`), run set-based on
 * the target. The result is still text: the check against the target column's type comes after,
 * so a value no transform could fix is reported, not guessed.
 */
export function transformSql(ref: string, transform: FieldTransform | undefined): string {
  if (!transform) return ref;
  switch (transform.kind) {
    case 'trim':
      return `btrim(${ref}, E' \\t\\r\\n')`;
    case 'upper':
      return `upper(${ref})`;
    case 'lower':
      return `lower(${ref})`;
    case 'number':
      // "$1,250.00 " → 1250.00: keep digits, sign, decimal point and exponent. A value without a
      // digit ("n/a") stays as it is, so it is reported as not a number rather than emptied.
      return `CASE WHEN ${ref} ~ '[0-9]' THEN regexp_replace(${ref}, '[^0-9eE+.-]', '', 'g') ELSE nullif(btrim(${ref}), '') END`;
    case 'date':
      // Anything PostgreSQL reads as a date or a moment becomes an ISO date; the rest stays as it was.
      return `CASE WHEN pg_input_is_valid(btrim(${ref}), 'date') THEN btrim(${ref})::date::text
                   WHEN pg_input_is_valid(btrim(${ref}), 'timestamptz') THEN btrim(${ref})::timestamptz::date::text
                   ELSE ${ref} END`;
    case 'map': {
      const entries = Object.entries(transform.map);
      if (entries.length === 0) return ref;
      return `CASE ${ref} ${entries.map(([from, to]) => `WHEN ${literal(from)} THEN ${literal(to)}`).join(' ')} ELSE ${ref} END`;
    }
  }
}

/** Plain words for a transform, for the dry run and the history. */
export function describeTransform(transform: FieldTransform | undefined): string {
  if (!transform) return 'as is';
  switch (transform.kind) {
    case 'trim':
      return 'spaces trimmed';
    case 'upper':
      return 'upper case';
    case 'lower':
      return 'lower case';
    case 'number':
      return 'read as a number';
    case 'date':
      return 'read as a date';
    case 'map':
      return `${Object.keys(transform.map).length} values mapped`;
  }
}

/**
 * Types without an equality operator are compared by their text (json by its jsonb form, where
 * key order and spacing do not count as a change).
 */
export function comparable(ref: string, type: string): string {
  if (type === 'json') return `${ref}::jsonb`;
  if (/^(xml|point|line|lseg|box|path|polygon|circle)$/.test(type)) return `${ref}::text`;
  return ref;
}
