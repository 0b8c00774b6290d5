import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { BusinessColumn } from '../../../core/target/column-types.js';
import { rowHashSql } from '../../../core/target/row-hash.js';
import { ExtraText, RowHasher } from '../../../core/target/row-hash-text.js';
import { ident } from '../../../core/target/sql.js';
import { freshDatabase } from '../../support/databases.js';

// A first load hashes rows in JavaScript; every later sync and restore hashes them in SQL. The two
// must agree on every value PostgreSQL can hold, or a row would look edited the next time.

const columns: BusinessColumn[] = [
  { name: 'note', pgType: 'text' },
  { name: 'count', pgType: 'bigint' },
  { name: 'price', pgType: 'numeric' },
  { name: 'flag', pgType: 'boolean' },
  { name: 'day', pgType: 'date' },
  { name: 'at', pgType: 'timestamptz' },
  { name: 'Zebra é', pgType: 'text' },
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
// eslint-disable-next-line no-control-regex
const cleaned = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\r]/g, '');

const text = fc.string({ unit: 'binary', maxLength: 12 }).map(cleaned);
const numeric = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat({ max: 9999 }), fc.nat({ max: 4 }))
    .map(([i, f, scale]) => (scale ? `${i}.${pad(f, 4).slice(0, scale)}` : String(i))),
  // Forms PostgreSQL reads but prints otherwise: JavaScript must step aside for these.
  fc.constantFrom('007.50', '1e3', '-0.00', '.5', '+4', '-0', '0.000'),
);
const day = fc
  .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .filter(([y, m, d]) => new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d)
  .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`);
const moment = fc
  .tuple(
    day,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('', '5', '123', '000001', '999999'),
    fc.constantFrom('', 'Z', '+01:00', '-09:30', '+14:00'),
  )
  .map(([d, h, mi, s, frac, zone]) => `${d}T${pad(h)}:${pad(mi)}:${pad(s)}${frac ? `.${frac}` : ''}${zone}`);
const extraKeys = ['Record Id', 'b', 'Ü', 'aa', 'Print Lookup', 'é'];
const extra = fc.array(
  fc.oneof(
    { arbitrary: fc.constant(''), weight: 5 },
    { arbitrary: text, weight: 10 },
    { arbitrary: fc.constant(42), weight: 1 },
  ),
  {
    minLength: extraKeys.length,
    maxLength: extraKeys.length,
  },
);
const row = fc.tuple(
  fc.option(text),
  fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
  fc.option(numeric),
  fc.option(fc.constantFrom('t', 'f')),
  fc.option(day),
  fc.option(moment),
  fc.option(text),
  extra,
);

describe('data_hash worked out in JavaScript', () => {
  it('is the hash PostgreSQL computes for the same values, or steps aside', async () => {
    const rows = fc.sample(row, { numRuns: 3000, seed: 20261206 });
    const url = await freshDatabase('row-hash-text');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`SET TIME ZONE 'UTC'`);
      await client.query(
        `CREATE TABLE h (n integer, ${columns.map((c) => `${ident(c.name)} ${c.pgType}`).join(', ')}, extra jsonb)`,
      );
      const extras = rows.map((r) => {
        const o: Record<string, unknown> = {};
        r[7].forEach((v, i) => {
          if (v !== '') o[extraKeys[i]] = v;
        });
        return Object.keys(o).length ? JSON.stringify(o) : null;
      });
      await client.query(
        `INSERT INTO h SELECT * FROM unnest($1::int[], ${columns.map((c, i) => `$${i + 2}::text[]::${c.pgType}[]`).join(', ')}, $${columns.length + 2}::jsonb[])`,
        [rows.map((_, i) => i), ...columns.map((_, c) => rows.map((r) => r[c])), extras],
      );
      const { rows: stored } = await client.query<{ n: number; h: string }>(
        `SELECT n, ${rowHashSql(columns, 'h')} AS h FROM h ORDER BY n`,
      );
      const hasher = new RowHasher(columns, true);
      const extraText = new ExtraText(
        extraKeys,
        extraKeys.map((_, i) => i),
      );
      let hashed = 0;
      for (const [i, r] of rows.entries()) {
        const mine = hasher.hash(r.slice(0, columns.length) as (string | null)[], extraText.text(r[7]));
        if (mine === undefined) continue;
        hashed++;
        expect(mine, JSON.stringify(r)).toBe(stored[i].h);
      }
      // Most rows are plain enough for JavaScript: the comparison above is not empty.
      expect(hashed).toBeGreaterThan(rows.length / 4);
    } finally {
      await client.end();
    }
  });

  it('steps aside for a type it does not print, and for two headers alike', () => {
    expect(new RowHasher([{ name: 'tags', pgType: 'text[]' }], true).exact).toBe(false);
    expect(new RowHasher(columns, true).exact).toBe(true);
    expect(new ExtraText(['a', 'a'], [0, 1]).text(['x', 'y'])).toBeUndefined();
    expect(new ExtraText(['bb', 'a'], [0, 1]).text(['x', ''])).toBe('{"bb": "x"}');
    expect(new ExtraText(['bb', 'a'], [0, 1]).text(['', ''])).toBeNull();
  });
});
