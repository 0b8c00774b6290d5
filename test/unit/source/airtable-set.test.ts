import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanValue } from '../../../core/clean/clean-value.js';
import { readExportSet, detectLinks } from '../../../core/source/export-set.js';
import { inspectFiles } from '../../../core/source/inspect.js';
import type { RawRow, SourceTable } from '../../../core/source/types.js';

const dir = path.join(import.meta.dirname, '../../fixtures/airtable');

async function rows(table: SourceTable): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of table.rows()) out.push(r);
  return out;
}

describe('an Airtable export set', () => {
  it('gives one table per file, named from <Table>-<View>.csv, with the right rows', async () => {
    const set = await readExportSet([dir]);
    const byName = Object.fromEntries(set.tables.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['Artists', 'Sales', 'Works']);
    expect((await rows(byName.Artists)).length).toBe(4);
    expect((await rows(byName.Works)).length).toBe(5);
    expect((await rows(byName.Sales)).length).toBe(4);
    // Header spacing is tidied and the BOM is not part of the first name.
    expect(byName.Artists.columns).toEqual(['Name', 'Country', 'Commission', 'Active', 'Portrait']);
  });

  it('fingerprints each file with SHA-256', async () => {
    const set = await readExportSet([dir]);
    for (const f of set.files) {
      const expected = createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f.name)))
        .digest('hex');
      expect(f.sha256).toBe(expected);
      expect(f.size).toBe(fs.statSync(path.join(dir, f.name)).size);
    }
    expect(set.files.map((f) => f.table).sort()).toEqual(['Artists', 'Sales', 'Works']);
  });

  it('streams rows again on every call, with the row numbers a person sees', async () => {
    const set = await readExportSet([path.join(dir, 'Works-All works.csv')]);
    const [works] = set.tables;
    const first = await rows(works);
    const second = await rows(works);
    expect(second).toEqual(first);
    // The first record spans two lines but is row 2; the next is row 3.
    expect(first.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(first[0].values[8]).toBe('First line\nsecond line');
  });

  it('parses linked names with commas and quotes, lookups with repeats, attachments with parentheses', async () => {
    const set = await readExportSet([dir]);
    const works = set.tables.find((t) => t.name === 'Works')!;
    const artists = set.tables.find((t) => t.name === 'Artists')!;
    const w = await rows(works);
    const col = (name: string) => works.columns.indexOf(name);
    expect(cleanValue(w[0].values[col('Artist')], { type: 'list' }).value).toEqual(['Okafor, Ada']);
    expect(cleanValue(w[1].values[col('Artist')], { type: 'list' }).value).toEqual(['Jean "JJ" Roux']);
    expect(cleanValue(w[2].values[col('Artist')], { type: 'list' }).value).toEqual(['Okafor, Ada', 'Mei Lin']);
    expect(cleanValue(w[2].values[col('Artist Lookup')], { type: 'list' }).value).toEqual([
      'Okafor, Ada',
      'Mei Lin',
      'Mei Lin',
    ]);
    expect(cleanValue(w[2].values[col('Tags')], { type: 'list' }).value).toEqual(['Portrait', 'Ink, wash']);
    const a = await rows(artists);
    expect(cleanValue(a[2].values[4], { type: 'attachments' }).value).toEqual([
      { name: 'mei.png', url: 'https://dl.airtable.com/.attachments/x2/mei.png' },
      { name: 'mei (2).png', url: 'https://dl.airtable.com/.attachments/x3/mei%20(2).png' },
    ]);
  });

  it("detects links by matching values against the other tables' primary column", async () => {
    const set = await readExportSet([dir]);
    const links = await detectLinks(set);
    const simple = links.map(({ table, column, toTable, matched, total }) => ({
      table,
      column,
      toTable,
      matched,
      total,
    }));
    expect(simple).toEqual(
      expect.arrayContaining([
        { table: 'Works', column: 'Artist', toTable: 'Artists', matched: 5, total: 6 },
        { table: 'Works', column: 'Artist Lookup', toTable: 'Artists', matched: 6, total: 6 },
        { table: 'Sales', column: 'Work', toTable: 'Works', matched: 4, total: 4 },
      ]),
    );
    expect(links.find((l) => l.column === 'Artist')!.unmatched).toEqual(['Nobody Known']);
    // Plain text columns are not links.
    expect(links.some((l) => l.column === 'Buyer' || l.column === 'Country')).toBe(false);
    expect(links).toHaveLength(3);
  });

  it("infers each column's type, with US dates in one table and day-first in another", async () => {
    const report = await inspectFiles([dir]);
    const cols = (t: string) =>
      Object.fromEntries(report.tables.find((x) => x.name === t)!.columns.map((c) => [c.name, c]));
    const artists = cols('Artists');
    expect(artists.Commission.type).toBe('percent');
    expect(artists.Active).toMatchObject({ type: 'boolean', empty: 1 });
    expect(artists.Portrait.type).toBe('attachments');
    const works = cols('Works');
    expect(works.Price).toMatchObject({ type: 'money', currency: 'USD' });
    expect(works.Year.type).toBe('integer');
    expect(works['Date Listed']).toMatchObject({ type: 'date', dateOrder: 'mdy' });
    expect(works.Artist.type).toBe('list');
    expect(works.Notes.formulaErrors).toBe(1);
    const sales = cols('Sales');
    expect(sales.Amount).toMatchObject({ type: 'money', currency: 'EUR' });
    expect(sales['Sold On']).toMatchObject({ type: 'date', dateOrder: 'dmy' });
    expect(sales['Sold At']).toMatchObject({ type: 'datetime', dateOrder: 'dmy' });
    expect(sales.Buyer.type).toBe('text');
    expect(report.attachments).toBe(true);
    expect(report.tables.find((t) => t.name === 'Sales')!.rows).toBe(4);
  });
});

describe('export sets', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-set-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names a second view of the same table after its file, and says so', async () => {
    fs.writeFileSync(path.join(tmp, 'Prints-Grid view.csv'), 'Name\nA\n');
    fs.writeFileSync(path.join(tmp, 'Prints-Sold.csv'), 'Name\nB\n');
    const set = await readExportSet([tmp]);
    expect(set.tables.map((t) => t.name)).toEqual(['Prints', 'Prints-Sold']);
    expect(set.problems[0].reason).toMatch(/already gives a table called "Prints"/);
  });

  it('reports an unreadable file in a set and reads the rest', async () => {
    const sub = fs.mkdtempSync(path.join(tmp, 'mixed-'));
    fs.writeFileSync(path.join(sub, 'Good-Grid view.csv'), 'Name\nA\n');
    fs.writeFileSync(path.join(sub, 'Bad-Grid view.csv'), '');
    fs.writeFileSync(path.join(sub, 'notes.docx'), 'ignored');
    const set = await readExportSet([sub]);
    expect(set.tables.map((t) => t.name)).toEqual(['Good']);
    expect(set.problems).toEqual([expect.objectContaining({ file: 'Bad-Grid view.csv', action: 'skipped' })]);
  });

  it('refuses a set with nothing readable in plain words', async () => {
    const sub = fs.mkdtempSync(path.join(tmp, 'none-'));
    await expect(readExportSet([sub])).rejects.toMatchObject({ code: 'no-files' });
    await expect(readExportSet([path.join(sub, 'missing.csv')])).rejects.toMatchObject({ code: 'file-missing' });
  });

  it("finds a link in a child's first column, once, and not its mirror from the parent", async () => {
    const sub = fs.mkdtempSync(path.join(tmp, 'first-col-'));
    fs.writeFileSync(
      path.join(sub, 'Editions-All Records.csv'),
      'Print,Edition Number\nHarbour at Dawn,1\nHarbour at Dawn,2\nRed Fields,1\n"""Night Train, North""",1\n',
    );
    fs.writeFileSync(
      path.join(sub, 'Prints-Grid view.csv'),
      'Name,Total\nHarbour at Dawn,50\nRed Fields,25\n"Night Train, North",30\n',
    );
    const links = await detectLinks(await readExportSet([sub]));
    expect(links.map((l) => [l.table, l.column, l.toTable, l.matched, l.total])).toEqual([
      ['Editions', 'Print', 'Prints', 4, 4],
    ]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readExportSet([dir], { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('export sets given overlapping paths', () => {
  it('reads a file once when it is named and also inside a named folder', async () => {
    const set = await readExportSet([path.join(dir, 'Sales-Grid view.csv'), dir]);
    expect(set.tables.map((t) => t.name).sort()).toEqual(['Artists', 'Sales', 'Works']);
    expect(set.files).toHaveLength(3);
  });
});
