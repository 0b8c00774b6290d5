import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../core/api/errors.js';
import { resultsCsv } from '../../../core/ask/csv.js';
import { extractQuery, systemPrompt } from '../../../core/ask/prompt.js';

describe('resultsCsv', () => {
  const columns = [
    { name: 'title', type: 'text' },
    { name: 'price', type: 'numeric' },
  ];

  it('defuses formulas in text but keeps negative numbers in number columns', () => {
    const csv = resultsCsv(columns, [
      ['=HYPERLINK("http://evil")', '-12.50'],
      ['+1', '3'],
      ['-2', null],
      ['@SUM(A1)', '1e3'],
      ['\tTab', '0'],
      ['\rCR', '0'],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1).trimEnd(), { newline: '\r\n' }).data;
    expect(parsed).toEqual([
      ['title', 'price'],
      [`'=HYPERLINK("http://evil")`, '-12.50'],
      ["'+1", '3'],
      ["'-2", ''],
      ["'@SUM(A1)", '1e3'],
      ["'\tTab", '0'],
      ["'\rCR", '0'],
    ]);
  });

  it('quotes commas, quotes, new lines and surrounding spaces', () => {
    const csv = resultsCsv([{ name: 'a, b', type: 'text' }], [['say "hi"'], ['two\nlines'], [' padded ']]);
    expect(csv).toBe('\uFEFF"a, b"\r\n"say ""hi"""\r\n"two\nlines"\r\n" padded "\r\n');
  });

  it('treats a non-number in a number-named column as text (a formula stays defused)', () => {
    expect(resultsCsv([{ name: 'n', type: 'integer' }], [['=1+1']])).toBe("\uFEFFn\r\n'=1+1\r\n");
  });
});

describe('extractQuery', () => {
  it('takes the ```sql block and keeps the words around it as the note', () => {
    const got = extractQuery('Here you go:\n```sql\nSELECT count(*) FROM editions;\n```\nThis counts editions.');
    expect(got).toEqual({ sql: 'SELECT count(*) FROM editions;', note: 'Here you go:\n\nThis counts editions.' });
  });

  it('takes a bare ``` block, or an answer that is only SQL', () => {
    expect(extractQuery('```\nWITH a AS (SELECT 1) SELECT * FROM a\n```').sql).toBe(
      'WITH a AS (SELECT 1) SELECT * FROM a',
    );
    expect(extractQuery('  select 1  ').sql).toBe('select 1');
  });

  it('says plainly when the answer holds no query', () => {
    expect(() => extractQuery('There is no table about invoices.')).toThrow(FerryError);
    expect(() => extractQuery('There is no table about invoices.')).toThrow(/held no query.*no table about invoices/);
  });

  it('puts the schema into the system prompt and asks for one SELECT', () => {
    const prompt = systemPrompt('table "public"."editions" (about 3 rows)');
    expect(prompt).toContain('table "public"."editions" (about 3 rows)');
    expect(prompt).toMatch(/exactly one SELECT/);
  });
});
