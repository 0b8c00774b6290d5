import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProblemRecord } from '../../../core/history/recorder.js';
import { openFile } from '../../../core/source/open-file.js';
import { tableNameFromFile } from '../../../core/source/names.js';
import type { RawRow, SourceTable } from '../../../core/source/types.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-readers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function read(table: SourceTable): Promise<{ rows: RawRow[]; problems: ProblemRecord[] }> {
  const rows: RawRow[] = [];
  const problems: ProblemRecord[] = [];
  for await (const r of table.rows({ onProblem: (p) => problems.push(p) })) rows.push(r);
  return { rows, problems };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('table names from file names', () => {
  it.each([
    ['Projects-EVERYTHING.csv', 'Projects'],
    ['Itens-Itens CPP.csv', 'Itens'],
    ['Follow-ups-Grid view.csv', 'Follow-ups'],
    ['sales-2024.csv', 'sales-2024'],
    ['Inventory.xlsx', 'Inventory'],
    ['my-data.json', 'my-data'],
  ])('%s → %s', (file, name) => expect(tableNameFromFile(file)).toBe(name));
});

describe('Excel reader', () => {
  it('gives each sheet with data as a table, keeping real numbers, dates and formula results', async () => {
    const wb = new ExcelJS.Workbook();
    const prints = wb.addWorksheet('Prints');
    prints.addRow(['Inventory 2025']);
    prints.mergeCells('A1:D1');
    prints.addRow(['Title', 'Price', 'Listed', 'Double']);
    prints.addRow(['Harbour', 12.5, new Date(Date.UTC(2025, 8, 24)), { formula: 'B3*2', result: 25 }]);
    prints.addRow([
      { richText: [{ text: 'Fen ' }, { text: 'Lights' }] },
      3,
      new Date(Date.UTC(2025, 8, 25)),
      { formula: 'B4*2', result: 6 },
    ]);
    prints.addRow([]);
    prints.addRow(['Title', 'Price', 'Listed', 'Double']);
    prints.addRow([{ text: 'Kestrel', hyperlink: 'https://example.com' }, 7, null, null, 'stray']);
    prints.getColumn(3).numFmt = 'yyyy-mm-dd';
    wb.addWorksheet('Notes');
    const eds = wb.addWorksheet('Editions');
    eds.addRow(['Print', 'No', 'Print', '']);
    eds.addRow(['Harbour', 1, 'x', 'unnamed']);
    const file = path.join(tmp, 'Catalogue.xlsx');
    await wb.xlsx.writeFile(file);

    const tables = await openFile(file);
    expect(tables.map((t) => [t.name, t.sheet, t.format])).toEqual([
      ['Prints', 'Prints', 'xlsx'],
      ['Editions', 'Editions', 'xlsx'],
    ]);
    const [p, e] = tables;
    expect(p.columns).toEqual(['Title', 'Price', 'Listed', 'Double']);
    expect(p.problems.map((x) => x.reason)).toEqual([
      expect.stringMatching(/title above the table/),
      expect.stringMatching(/Sheet "Notes" is empty; skipped/),
    ]);
    const { rows, problems } = await read(p);
    expect(rows.map((r) => r.row)).toEqual([3, 4, 7]);
    expect(rows[0].values).toEqual(['Harbour', 12.5, new Date(Date.UTC(2025, 8, 24)), 25]);
    expect(rows[1].values[0]).toBe('Fen Lights');
    expect(rows[2].values).toEqual(['Kestrel', 7, null, null]);
    expect(problems.map((x) => x.reason)).toEqual([
      expect.stringMatching(/repeats the header/),
      expect.stringMatching(/beyond the last named column/),
    ]);
    expect(e.columns).toEqual(['Print', 'No', 'Print (2)']);
    expect(e.problems[0].reason).toMatch(/appears more than once/);
    // Re-reading a sheet gives the same rows.
    expect((await read(p)).rows).toEqual(rows);
  });
});

describe('JSON reader', () => {
  it('reads an array of objects, flattening nested objects with dotted names and keeping arrays as lists', async () => {
    const file = write(
      'people.json',
      JSON.stringify([
        { name: 'Ann', address: { city: 'Leeds', geo: { lat: 1 } }, tags: ['a', 'b'] },
        { name: 'Bob', extra: true },
      ]),
    );
    const [t] = await openFile(file);
    expect(t.columns).toEqual(['name', 'address.city', 'address.geo.lat', 'tags', 'extra']);
    const { rows } = await read(t);
    expect(rows).toEqual([
      { row: 1, values: ['Ann', 'Leeds', 1, ['a', 'b'], null] },
      { row: 2, values: ['Bob', null, null, null, true] },
    ]);
  });

  it('reads Airtable API records with the record id as the key', async () => {
    const file = write(
      'Prints.json',
      JSON.stringify({
        records: [
          {
            id: 'rec1',
            createdTime: '2025-01-01T00:00:00.000Z',
            fields: { Name: 'Harbour', Photos: [{ id: 'att1', url: 'https://x.test/a.jpg', filename: 'a (1).jpg' }] },
          },
          { id: 'rec2', createdTime: '2025-01-02T00:00:00.000Z', fields: { Name: 'Fen', Price: 5 } },
        ],
        offset: 'itr1',
      }),
    );
    const [t] = await openFile(file);
    expect(t.key).toEqual(['id']);
    expect(t.columns).toEqual(['id', 'Name', 'Photos', 'Price', 'createdTime']);
    const { rows } = await read(t);
    expect(rows[1].values).toEqual(['rec2', 'Fen', null, 5, '2025-01-02T00:00:00.000Z']);
  });

  it('reads NDJSON line by line, reporting bad lines', async () => {
    const file = write('events.ndjson', '{"a":1}\n\n{"a":2,"b":"x"}\n{oops\n');
    const [t] = await openFile(file);
    const { rows, problems } = await read(t);
    expect(t.columns).toEqual(['a', 'b']);
    expect(rows.map((r) => r.row)).toEqual([1, 3]);
    expect(problems).toEqual([expect.objectContaining({ row: 4, action: 'skipped' })]);
  });

  it('streams a large array without holding it (scanner handles strings with brackets and escapes)', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: `a "quoted" [${i}] {x}, \\ end` }));
    const file = write('big.json', JSON.stringify(records));
    const [t] = await openFile(file);
    const { rows } = await read(t);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999].values).toEqual([19_999, 'a "quoted" [19999] {x}, \\ end']);
  });
});

describe('XML reader', () => {
  it('finds the repeated element and turns attributes and children into columns', async () => {
    const file = write(
      'catalog.xml',
      '<?xml version="1.0"?><catalog><meta><v>1</v></meta><print id="1" size="L"><title>A &amp; B</title><tags><tag>x</tag><tag>y</tag></tags><price currency="USD">5</price></print><print id="2"><title>C</title></print></catalog>',
    );
    const [t] = await openFile(file);
    expect(t.format).toBe('xml');
    expect(t.columns).toEqual(['id', 'size', 'title', 'tags.tag', 'price', 'price.currency']);
    const { rows } = await read(t);
    expect(rows).toEqual([
      { row: 1, values: ['1', 'L', 'A & B', ['x', 'y'], '5', 'USD'] },
      { row: 2, values: ['2', null, 'C', null, null, null] },
    ]);
  });
});

describe('Excel merged header cells', () => {
  it('joins a two-row header under merged group cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Stock');
    ws.addRow(['Title', 'Dimensions', null, 'Price']);
    ws.addRow([null, 'Width', 'Height', null]);
    ws.mergeCells('B1:C1');
    ws.mergeCells('A1:A2');
    ws.mergeCells('D1:D2');
    ws.addRow(['Harbour', 30, 40, 79]);
    ws.addRow(['Fen', 20, 25, 50]);
    const file = path.join(tmp, 'Stock.xlsx');
    await wb.xlsx.writeFile(file);
    const [t] = await openFile(file);
    expect(t.columns).toEqual(['Title', 'Dimensions Width', 'Dimensions Height', 'Price']);
    expect(t.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/header spans rows 1–2 \(merged cells\)/)]);
    const { rows } = await read(t);
    expect(rows).toEqual([
      { row: 3, values: ['Harbour', 30, 40, 79] },
      { row: 4, values: ['Fen', 20, 25, 50] },
    ]);
  });

  it('names every column under a merged header cell that has no sub-headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Contacts');
    ws.addRow(['Name', 'Phone', null]);
    ws.mergeCells('B1:C1');
    ws.addRow(['Ann', 123, 456]);
    const file = path.join(tmp, 'Contacts.xlsx');
    await wb.xlsx.writeFile(file);
    const [t] = await openFile(file);
    expect(t.columns).toEqual(['Name', 'Phone', 'Phone (2)']);
    expect(t.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/"Phone" is one merged cell over 2 columns/),
      expect.stringMatching(/appears more than once/),
    ]);
    expect((await read(t)).rows).toEqual([{ row: 2, values: ['Ann', 123, 456] }]);
  });
});
