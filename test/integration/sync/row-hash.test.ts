import { describe, expect, it } from 'vitest';
import type { BusinessColumn } from '../../../core/target/column-types.js';
import { hashValueSql, rowHashSql } from '../../../core/target/row-hash.js';
import { ident, literal } from '../../../core/target/sql.js';
import { freshDatabase, query } from '../../support/databases.js';

// data_hash is stored: a new way of writing its SQL must give every row the same text to hash as
// the way rows already stored were hashed (md5 over concat of the non-null members), or the next
// sync would take every row for one edited in PostgreSQL.

/** The definition as first written: concat skips null members. */
function concatHashSql(columns: BusinessColumn[], alias: string): string {
  const sorted = [...columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const members = sorted.map(
    (c) => `(chr(31) || ${literal(c.name)} || chr(30) || ${hashValueSql(c.pgType, `${alias}.${ident(c.name)}`)})`,
  );
  members.push(`(chr(31) || 'extra' || chr(30) || nullif(${alias}.extra, '{}'::jsonb)::text)`);
  const parts: string[] = [];
  for (let i = 0; i < members.length; i += 90) parts.push(`concat(${members.slice(i, i + 90).join(', ')})`);
  return `md5(${parts.length === 1 ? parts[0] : `concat(${parts.join(', ')})`})`;
}

describe('the data_hash expression', () => {
  it('hashes every row exactly as concat of its non-null members did, narrow or wider than 90 columns', async () => {
    const url = await freshDatabase('row-hash');
    const types = ['text', 'bigint', 'numeric', 'boolean', 'date', 'timestamptz', 'text[]', 'jsonb'];
    for (const width of [9, 130]) {
      const columns: BusinessColumn[] = Array.from({ length: width }, (_, i) => ({
        name: `c${String(i).padStart(3, '0')}`,
        pgType: types[i % types.length],
      }));
      const table = `h${width}`;
      await query(
        url,
        `CREATE TABLE ${table} (${columns.map((c) => `${ident(c.name)} ${c.pgType}`).join(', ')}, extra jsonb)`,
      );
      const value = (c: BusinessColumn, g: string) => {
        switch (c.pgType) {
          case 'text':
            return `CASE WHEN ${g} % 4 = 0 THEN NULL WHEN ${g} % 4 = 1 THEN '' ELSE 'v' || ${g} || E'\\n"x"' END`;
          case 'bigint':
            return `CASE WHEN ${g} % 3 = 0 THEN NULL ELSE ${g} * -7 END`;
          case 'numeric':
            return `CASE WHEN ${g} % 5 = 0 THEN NULL ELSE (${g} / 3.0)::numeric(12,4) END`;
          case 'boolean':
            return `CASE WHEN ${g} % 3 = 0 THEN NULL ELSE ${g} % 2 = 0 END`;
          case 'date':
            return `CASE WHEN ${g} % 6 = 0 THEN NULL ELSE DATE '1999-12-01' + ${g} END`;
          case 'timestamptz':
            return `CASE WHEN ${g} % 6 = 0 THEN NULL ELSE TIMESTAMPTZ '1969-12-31 23:00:00+00' + ${g} * INTERVAL '37 minutes 1.5 seconds' END`;
          case 'text[]':
            return `CASE WHEN ${g} % 4 = 0 THEN NULL ELSE ARRAY['a b', 'NULL', ${g}::text] END`;
          default:
            return `CASE WHEN ${g} % 4 = 0 THEN NULL WHEN ${g} % 4 = 1 THEN '{}'::jsonb ELSE jsonb_build_object('k', ${g}, 'é', 'x') END`;
        }
      };
      // Row 0 has every value null: both give md5('').
      await query(
        url,
        `INSERT INTO ${table} SELECT ${columns.map((c) => `CASE WHEN g = 0 THEN NULL ELSE ${value(c, `(g + ${c.name.slice(1)})`)} END`).join(', ')},
                CASE WHEN g % 2 = 0 THEN NULL ELSE jsonb_build_object('Record Id', 'rec' || g) END
           FROM generate_series(0, 199) g`,
      );
      const [r] = await query<{ n: number; differ: number; empty: number }>(
        url,
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE ${rowHashSql(columns, 't')} IS DISTINCT FROM ${concatHashSql(columns, 't')})::int AS differ,
                count(*) FILTER (WHERE ${rowHashSql(columns, 't')} = md5(''))::int AS empty
           FROM ${table} t`,
      );
      expect({ width, ...r }).toEqual({ width, n: 200, differ: 0, empty: 1 });
    }
  });

  it('gives the same text in the form a generated column accepts, for timestamps on both sides of 1970', async () => {
    const url = await freshDatabase('row-hash-immutable');
    const columns: BusinessColumn[] = [
      { name: 'at', pgType: 'timestamptz' },
      { name: 'day', pgType: 'date' },
      { name: 'note', pgType: 'text' },
    ];
    await query(url, `CREATE TABLE m (at timestamptz, day date, note text, extra jsonb)`);
    // Years 1000 to ~6500, every second with microseconds, a null now and then; and the edges of the epoch.
    await query(
      url,
      `INSERT INTO m SELECT CASE WHEN g % 97 = 0 THEN NULL
                                 ELSE TIMESTAMPTZ '1000-01-01 00:00:00.000001+00' + g * INTERVAL '1 day 17 minutes 3.000037 seconds' END,
                            DATE '1000-01-01' + g, 'n' || g, NULL::jsonb
           FROM generate_series(0, 20000) g
         UNION ALL SELECT t, NULL::date, NULL::text, NULL::jsonb
           FROM unnest(ARRAY[TIMESTAMPTZ '1970-01-01 00:00:00+00', '1969-12-31 23:59:59.5+00', '1970-01-01 00:00:00.000001+00',
                             '2026-12-06 03:40:00+05:30', '9999-12-31 23:59:59.999999+00']) t`,
    );
    // Generated columns refuse a stable function: the immutable form is accepted where the other is not.
    await query(
      url,
      `ALTER TABLE m ADD COLUMN h text GENERATED ALWAYS AS (${rowHashSql(columns, '', 'extra', { immutable: true })}) STORED`,
    );
    await expect(
      query(url, `ALTER TABLE m ADD COLUMN h2 text GENERATED ALWAYS AS (${rowHashSql(columns, '', 'extra')}) STORED`),
    ).rejects.toThrow(/immutable/);
    const [r] = await query<{ n: number; differ: number }>(
      url,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE h IS DISTINCT FROM ${rowHashSql(columns, 'm')})::int AS differ FROM m`,
    );
    expect(r).toEqual({ n: 20006, differ: 0 });
  });
});
