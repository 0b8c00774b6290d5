import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../core/api/errors.js';
import { guardQuery } from '../../../core/ask/guard.js';
import { tokenize } from '../../../core/ask/tokenize.js';

function refusal(sql: string): string {
  try {
    guardQuery(sql);
  } catch (err) {
    expect(err).toBeInstanceOf(FerryError);
    expect((err as FerryError).code).toBe('query-refused');
    return (err as FerryError).message;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('guardQuery: queries that read pass', () => {
  const allowed: [string, string][] = [
    ['plain select', 'SELECT title, price FROM public.editions WHERE price > 10 ORDER BY price DESC'],
    ['lower case, trailing semicolons', 'select 1;;'],
    ['trailing comment after the semicolon', 'SELECT 1; -- the end'],
    ['WITH … SELECT', 'WITH big AS (SELECT * FROM editions WHERE size = $$Large$$) SELECT count(*) FROM big'],
    ['WITH RECURSIVE', 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n'],
    ['parenthesised select', '(SELECT 1) UNION (SELECT 2)'],
    ['a ; inside a string', "SELECT 'a; DROP TABLE editions' AS x"],
    ['keywords inside a string', "SELECT * FROM notes WHERE body LIKE '%delete from%' OR body = 'UPDATE INTO'"],
    ['an escaped quote, then ; inside the same string', "SELECT 'it''s; DELETE FROM t' AS x"],
    ['E-string with backslash quote', "SELECT E'it\\'s; DELETE FROM t' AS x"],
    ['dollar quote with ; and keywords', 'SELECT $$; DELETE FROM t; $$ AS x'],
    ['tagged dollar quote holding $$', 'SELECT $body$ $$ ; insert $$ $body$ AS x'],
    ['keyword in a line comment', 'SELECT 1 -- DELETE FROM t; DROP TABLE t\n'],
    ['keyword and ; in a block comment', 'SELECT /* ; UPDATE t SET a = 1; */ 1'],
    ['nested block comment', 'SELECT /* outer /* inner ; delete */ still comment ; */ 1'],
    ['quoted identifier named like a keyword', 'SELECT "delete", "update", "into" FROM "insert"'],
    ['quoted identifier holding ;', 'SELECT 1 AS "a;b"'],
    ['U& string', "SELECT U&'d\\0061t\\+000061; x' AS y"],
    ['pg_sleep is allowed (the timeout bounds it)', 'SELECT pg_sleep(0.1)'],
    ['column names containing keywords', 'SELECT updated_at, deleted, insert_count, created_into FROM t'],
    ['substring … FOR', 'SELECT substring(title FROM 1 FOR 3) FROM editions'],
    ['casts and operators', "SELECT price::numeric(10,2), tags @> ARRAY['a'], -1 * 2 FROM t"],
    ['numbers with exponents', 'SELECT 1.5e-3, .5, 10E+2'],
    [
      'ORDER BY … NULLS LAST with FILTER',
      'SELECT count(*) FILTER (WHERE sold) FROM editions GROUP BY 1 ORDER BY 1 NULLS LAST',
    ],
    ['current_setting is fine', "SELECT current_setting('TimeZone')"],
    ['operator right before a comment', 'SELECT 1 +-- comment\n 2'],
  ];
  it.each(allowed)('%s', (_name, sql) => {
    expect(() => guardQuery(sql)).not.toThrow();
  });

  it('returns the query without its trailing semicolon and comment', () => {
    expect(guardQuery('SELECT 1 ; -- done\n').sql).toBe('SELECT 1');
    expect(guardQuery('SELECT 1 -- note').sql).toBe('SELECT 1');
  });
});

describe('guardQuery: anything that could write is refused', () => {
  const refused: [string, string, RegExp][] = [
    ['DELETE', 'DELETE FROM editions', /starts with DELETE/],
    ['UPDATE', 'UPDATE editions SET price = 0', /starts with UPDATE/],
    ['INSERT', "INSERT INTO editions (title) VALUES ('x')", /starts with INSERT/],
    ['DROP', 'DROP TABLE editions', /starts with DROP/],
    ['second statement', 'SELECT 1; DROP TABLE editions', /more than one statement/],
    ['second statement after a string', "SELECT 'a'; DELETE FROM t", /more than one statement/],
    ['comment-hidden second statement', 'SELECT 1 /* harmless */; DELETE FROM t -- ok', /more than one statement/],
    ['statement after a line comment ends', 'SELECT 1 -- comment\n; UPDATE t SET a = 1', /more than one statement/],
    ['UPDATE in a CTE', 'WITH x AS (UPDATE editions SET price = 0 RETURNING *) SELECT * FROM x', /UPDATE/],
    ['DELETE in a CTE', 'WITH gone AS (DELETE FROM editions RETURNING id) SELECT count(*) FROM gone', /DELETE/],
    ['INSERT in a CTE', 'WITH x AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT 1', /INSERT/],
    ['MERGE in a CTE', 'WITH x AS (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE) SELECT 1', /MERGE|INTO/],
    ['SELECT … INTO', 'SELECT * INTO copy_of_editions FROM editions', /INTO creates a table/],
    ['FOR UPDATE', 'SELECT * FROM editions FOR UPDATE', /FOR UPDATE locks/],
    ['FOR SHARE', 'SELECT * FROM editions FOR SHARE', /locks rows/],
    ['FOR NO KEY UPDATE', 'SELECT * FROM editions FOR NO KEY UPDATE', /locks rows/],
    ['COPY', "COPY editions TO '/tmp/x.csv'", /starts with COPY/],
    ['COPY TO PROGRAM', "COPY (SELECT 1) TO PROGRAM 'rm -rf /'", /starts with COPY/],
    ['TRUNCATE', 'TRUNCATE editions', /starts with TRUNCATE/],
    ['lo_import', "SELECT lo_import('/etc/passwd')", /lo_import/],
    ['pg_read_file', "SELECT pg_read_file('/etc/passwd')", /pg_read_file/],
    ['schema-qualified pg_read_file', "SELECT pg_catalog.pg_read_file('/etc/passwd')", /pg_read_file/],
    ['quoted function name', `SELECT "pg_read_file"('/etc/passwd')`, /pg_read_file/],
    ['dblink', "SELECT * FROM dblink('host=x', 'DELETE FROM t') AS t(a int)", /dblink/],
    ['set_config', "SELECT set_config('default_transaction_read_only', 'off', false)", /set_config/],
    ['nextval', "SELECT nextval('editions_id_seq')", /nextval/],
    ['advisory lock', 'SELECT pg_advisory_lock(1)', /pg_advisory_lock/],
    [
      'query_to_xml runs text as SQL',
      "SELECT query_to_xml('DELETE FROM t RETURNING 1', true, false, '')",
      /query_to_xml/,
    ],
    ['pg_terminate_backend', 'SELECT pg_terminate_backend(123)', /pg_terminate_backend/],
    ['placeholder', 'SELECT * FROM t WHERE id = $1', /placeholder/],
    ['EXPLAIN ANALYZE', 'EXPLAIN ANALYZE DELETE FROM t', /starts with EXPLAIN/],
    ['SET', 'SET ROLE postgres', /starts with SET/],
    ['DO block', 'DO $$ BEGIN DELETE FROM t; END $$', /starts with DO/],
    ['CALL', 'CALL wipe()', /starts with CALL/],
    ['empty', '   -- nothing\n ; ', /empty/],
    ['unterminated string', "SELECT 'abc", /never closed/],
    ['unterminated comment', 'SELECT 1 /* ; DELETE FROM t', /never closed/],
    ['unterminated dollar quote', 'SELECT $x$ abc', /never closed/],
    ['unterminated quoted name', 'SELECT "abc', /never closed/],
    ['an escaped function name', `SELECT U&"pg\\005fread_file"('/etc/passwd')`, /U&"…" escapes/],
    ['pg_stat_statements_reset', 'SELECT pg_stat_statements_reset()', /pg_stat_statements_reset/],
    ['no-break spaces around a second statement', 'SELECT 1\u00a0;\u00a0DELETE FROM t', /more than one statement/],
    ['backslash command', 'SELECT 1 \\gexec', /character "\\"/],
    ['E-string hiding an escaped quote', "SELECT E'\\''; DELETE FROM t; --'", /more than one statement/],
  ];
  it.each(refused)('%s', (_name, sql, reason) => {
    const message = refusal(sql);
    expect(message).toMatch(reason);
    expect(message).toMatch(/^Ferry did not run this query: .*Nothing was sent to the database\.$/s);
  });
});

describe('tokenize', () => {
  it('keeps strings, quoted names and dollar quotes whole', () => {
    const kinds = tokenize(`SELECT 'a;b', "x""y", $t$ z $t$, E'q\\'r' FROM t`).map((t) => [t.kind, t.value]);
    expect(kinds).toEqual([
      ['word', 'select'],
      ['string', "'a;b'"],
      ['punct', ','],
      ['quoted', 'x"y'],
      ['punct', ','],
      ['string', '$t$ z $t$'],
      ['punct', ','],
      ['string', "E'q\\'r'"],
      ['word', 'from'],
      ['word', 't'],
    ]);
  });

  it('reads a no-break space as part of a name, as PostgreSQL does', () => {
    expect(tokenize('SELECT a\u00a0b').map((t) => t.value)).toEqual(['select', 'a\u00a0b']);
  });

  it('reads an identifier with $ as one word, not a dollar quote', () => {
    expect(tokenize('SELECT a$b$ FROM t').map((t) => t.value)).toEqual(['select', 'a$b$', 'from', 't']);
  });
});
