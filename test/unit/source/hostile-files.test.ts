import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FerryError } from '../../../core/api/errors.js';
import { inspectFiles } from '../../../core/source/inspect.js';
import { openFile } from '../../../core/source/open-file.js';
import type { InspectReport } from '../../../core/source/inspect-types.js';

const dir = path.join(import.meta.dirname, '../../fixtures/hostile');

/**
 * What each hostile file must give: a FerryError with this code, reported problems matching a
 * pattern, or (for files that are odd but fully readable) a check on what was read.
 */
type Expect = { error: string } | { problem: RegExp; rows?: number } | { reads: (r: InspectReport) => void };

const expectations: Record<string, Expect> = {
  'empty.csv': { error: 'empty-file' },
  'whitespace-only.csv': { error: 'empty-file' },
  'bom-only.csv': { error: 'empty-file' },
  'header-only.csv': { problem: /header but no rows/, rows: 0 },
  'binary.csv': { error: 'not-text' },
  'png-renamed.csv': { error: 'not-text' },
  'nul-bytes-inside.csv': { error: 'not-text' },
  'unterminated-quote.csv': { problem: /never closed/, rows: 1 },
  'malformed-quotes.csv': { problem: /wrong place/ },
  'mixed-delimiters.csv': { problem: /has 1 value but the header has 3 columns/, rows: 4 },
  'utf16le-bom.csv': {
    reads: (r) => {
      expect(r.tables[0].columns.map((c) => c.name)).toEqual(['Name', 'City']);
      expect(r.tables[0].columns[1].examples).toEqual(['Zürich', 'Köln']);
    },
  },
  'utf16be-bom.csv': { reads: (r) => expect(r.tables[0].columns[0].examples).toEqual(['Zoë']) },
  'utf16le-nobom.csv': { problem: /UTF-16 \(little-endian\) without a byte-order mark/, rows: 1 },
  'windows-1252.csv': { problem: /Windows-1252/, rows: 2 },
  'utf8-bom.csv': { reads: (r) => expect(r.tables[0].columns.map((c) => c.name)).toEqual(['Name', 'Price']) },
  'invalid-utf8-late.csv': { problem: /could not be read in its encoding/, rows: 2 },
  'duplicate-headers.csv': { problem: /"Name" appears more than once; Ferry calls column 2 "Name \(2\)"/ },
  'blank-headers.csv': { problem: /Column 2 has no name/ },
  'header-with-newlines.csv': {
    reads: (r) => expect(r.tables[0].columns.map((c) => c.name)).toEqual(['Multi line header', 'Price']),
  },
  'ragged-rows.csv': { problem: /extra values are not in any column/, rows: 3 },
  'repeated-header.csv': { problem: /repeats the header/, rows: 2 },
  'trailing-empty-rows.csv': { problem: /Rows 4–7 are empty at the end of the file/, rows: 2 },
  'cr-only.csv': { reads: (r) => expect(r.tables[0].rows).toBe(2) },
  'formula-injection.csv': { problem: /looks like a spreadsheet formula/, rows: 4 },
  'formula-errors.csv': { problem: /formula errors/, rows: 3 },
  'semicolon-decimal-comma.csv': { problem: /separated by semicolons/, rows: 2 },
  'tab-separated.tsv': { problem: /separated by tabs/, rows: 2 },
  'not-array.json': { error: 'not-records' },
  'number-root.json': { error: 'not-records' },
  'truncated.json': { problem: /cut short/, rows: 1 },
  'empty-array.json': { problem: /no rows/, rows: 0 },
  'bad-lines.ndjson': { problem: /Line 2 is not valid JSON/, rows: 2 },
  'deep-arrays.json': { problem: /nested more than 64 levels/, rows: 0 },
  'deeply-nested-object.json': { reads: (r) => expect(r.tables[0].rows).toBe(1) },
  'malformed.xml': { error: 'bad-xml' },
  'not-xml.xml': { error: 'bad-xml' },
  'billion-laughs.xml': { problem: /does not expand them/ },
  'csv-named.xlsx': { problem: /named \.xlsx but is really a text \(CSV\) file/, rows: 2 },
  'html-named.xlsx': { error: 'not-xlsx' },
  'binary-named.xlsx': { error: 'not-xlsx' },
  'zip-not-xlsx.xlsx': { error: 'bad-xlsx' },
  'truncated.xlsx': { error: 'bad-xlsx' },
  'no-data.xlsx': { error: 'empty-file' },
  'unknown.pdf': { error: 'unsupported-file' },
  'old-excel.xls': { error: 'old-excel' },
};

function allProblems(r: InspectReport): string[] {
  return [...r.problems, ...r.tables.flatMap((t) => t.problems)].map((p) => p.reason);
}

async function outcome(file: string): Promise<InspectReport | FerryError> {
  try {
    return await inspectFiles([file]);
  } catch (err) {
    // Anything but a FerryError (plain words, a code) is a failure of this test.
    if (err instanceof FerryError) return err;
    throw err;
  }
}

describe('hostile files', () => {
  it('has at least 30 files, each with an expectation', () => {
    const files = fs.readdirSync(dir).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.filter((f) => !(f in expectations))).toEqual([]);
    expect(Object.keys(expectations).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(Object.entries(expectations))('%s', async (file, want) => {
    const got = await outcome(path.join(dir, file));
    if ('error' in want) {
      expect(got).toBeInstanceOf(FerryError);
      const err = got as FerryError;
      expect(err.code).toBe(want.error);
      expect(err.message).toContain(file);
      expect(err.message).not.toMatch(/ at .*\.(ts|js):\d+|Error:/);
      return;
    }
    expect(got).not.toBeInstanceOf(FerryError);
    const report = got as InspectReport;
    if ('problem' in want) {
      expect(
        allProblems(report).some((p) => want.problem.test(p)),
        allProblems(report).join('\n'),
      ).toBe(true);
      if (want.rows !== undefined) expect(report.tables[0].rows).toBe(want.rows);
    } else want.reads(report);
  });
});

describe('hostile files made at run time', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-hostile-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads a 5 MB cell whole', async () => {
    const file = path.join(tmp, 'big-cell.csv');
    const big = 'x'.repeat(5 * 1024 * 1024);
    fs.writeFileSync(file, `Name,Notes\nA,"${big}"\nB,small\n`);
    const report = await inspectFiles([file]);
    expect(report.tables[0].rows).toBe(2);
    const [table] = await openFile(file);
    const lengths: number[] = [];
    for await (const row of table.rows()) lengths.push(String(row.values[1]).length);
    expect(lengths).toEqual([big.length, 5]);
  });

  it('reads 2,000 columns', async () => {
    const file = path.join(tmp, 'wide.csv');
    const header = Array.from({ length: 2000 }, (_, i) => `Field ${i + 1}`).join(',');
    const row = Array.from({ length: 2000 }, (_, i) => String(i)).join(',');
    fs.writeFileSync(file, `${header}\n${row}\n${row}\n`);
    const report = await inspectFiles([file]);
    expect(report.tables[0].columns).toHaveLength(2000);
    expect(report.tables[0].rows).toBe(2);
    expect(report.tables[0].columns[1999]).toMatchObject({ name: 'Field 2000', type: 'integer' });
  });

  it('stops at an unterminated quote in a long file instead of reading it all into one cell', async () => {
    const file = path.join(tmp, 'open-quote.csv');
    fs.writeFileSync(file, `Name,Notes\nA,"open\n${'B,line\n'.repeat(1000)}`);
    const report = await inspectFiles([file]);
    expect(report.tables[0].rows).toBe(1);
    expect(allProblems(report).some((p) => /never closed/.test(p))).toBe(true);
  });
});
