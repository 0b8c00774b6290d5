import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardQuery } from '../../../core/ask/guard.js';
import { freshDatabase, query } from '../../support/databases.js';

/**
 * The guard on its own, without the database's walls: random mixtures of SQL, strings, comments,
 * dollar quotes and write statements. Whatever the guard lets through is run as a superuser in a
 * transaction that may write, through the simple protocol (which would run a second statement).
 * The table must come out unchanged.
 */
/** Pieces that leave the text well formed: a query, words, and data or comments holding `;` and writes. */
const BALANCED = [
  'SELECT 1',
  'SELECT * FROM prints',
  'with t as (select 1) select * from t',
  ' FROM prints',
  ' WHERE true',
  ', ',
  ' ',
  '\n',
  ';',
  "'a; DELETE FROM prints'",
  "E'\\'; DELETE FROM prints; --'",
  "E'\\\\'",
  "''",
  '/* ; DELETE FROM prints; */',
  '/* /* nested */ ; UPDATE prints SET title = 1 */',
  '-- ; DELETE FROM prints\n',
  '$$;DELETE FROM prints;$$',
  '$q$ $$ ; $q$',
  '"a;b"',
  "U&'\\0027; DELETE FROM prints'",
];
/** Statements that change something, some without any of the usual write words. */
const WRITES = [
  '; DELETE FROM prints',
  'DELETE FROM prints',
  'WITH x AS (DELETE FROM prints RETURNING 1) SELECT 1',
  "INSERT INTO prints VALUES ('x')",
  "UPDATE prints SET title = 'z'",
  'DROP TABLE prints',
  'ALTER TABLE prints RENAME TO gone',
  'CREATE TABLE extra (a int)',
  'COMMENT ON TABLE prints IS $$x$$',
  'TRUNCATE prints',
  ' INTO stolen ',
];
/** Pieces that open or close something on their own. */
const UNBALANCED = ["'", '"', '$q$', '/*', '*/', '--', '(', ')'];

const fragments = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...BALANCED) },
    { weight: 3, arbitrary: fc.constantFrom(...WRITES.flatMap((w) => [w, `; ${w}`])) },
    { weight: 1, arbitrary: fc.constantFrom(...UNBALANCED) },
  ),
  { minLength: 1, maxLength: 6 },
);

let url: string;
let client: pg.Client;
let before: string;

const dump = async () =>
  JSON.stringify(
    await query(
      url,
      `SELECT (SELECT string_agg(title, ',' ORDER BY title) FROM prints) AS titles,
              obj_description('prints'::regclass) AS comment,
              (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS tables`,
    ),
  );

beforeAll(async () => {
  url = await freshDatabase('askfuzz');
  await query(url, `CREATE TABLE prints (title text); INSERT INTO prints VALUES ('Blue Heron'), ('Red Fox')`);
  before = await dump();
  client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  await client.query('SET statement_timeout = 2000');
});
afterAll(async () => {
  await client.end();
});

describe('guard fuzz', () => {
  it('nothing the guard accepts can write, even with no other wall', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fragments, async (parts) => {
        const sql = parts.join(' ');
        let guarded: string;
        try {
          guarded = guardQuery(sql).sql;
        } catch {
          return;
        }
        accepted++;
        await client.query('BEGIN');
        try {
          await client.query(guarded);
          await client.query('COMMIT');
        } catch {
          await client.query('ROLLBACK');
        }
        expect(await dump()).toBe(before);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    // The property is only worth something if many mixtures got through to the database.
    expect(accepted).toBeGreaterThan(100);
  });
});
