import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvLine, safeCell } from '../../../core/report/csv.js';
import type { ReportSource } from '../../../core/report/model.js';
import { renderReport } from '../../../core/report/render.js';

const source: ReportSource = {
  subject: 'run',
  id: 'run-20260114-100200-abcdef',
  workspace: 'Art <editions>',
  target: 'the database on this computer',
  when: '2026-01-14T10:02:00.000Z',
  status: 'completed',
  files: [{ name: 'Prints-Grid view.csv', table: 'Prints', size: 1234, sha256: 'a'.repeat(64) }],
  tables: { prints: { insert: 3, update: 1, unchanged: 2, retire: 0, pending: 1, conflict: 0, problems: 2 } },
  ruleEffects: [
    {
      rule: 'size: "large " → "Large"',
      kind: 'standardise',
      table: 'prints',
      column: 'size',
      count: 7,
      examples: [{ before: 'large ', after: 'Large' }],
    },
    {
      rule: 'framed empty → false',
      kind: 'default',
      table: 'prints',
      column: 'framed',
      count: 2,
      examples: [{ before: '', after: 'false' }],
    },
    { rule: 'Keep the sold one', kind: 'duplicate', table: 'editions', count: 1, examples: [] },
  ],
  problems: [
    {
      table: 'prints',
      file: 'Prints-Grid view.csv',
      row: 4,
      column: 'price',
      value: '=HYPERLINK("http://evil")',
      reason: 'Not a number',
      action: 'emptied',
    },
    {
      table: 'editions',
      row: 9,
      column: 'print',
      value: 'Dusk',
      reason: 'No print called "Dusk"',
      stage: 'link',
      action: 'pending',
    },
    { table: 'editions', row: 11, reason: 'Missing edition number', action: 'skipped' },
  ],
};

describe('CSV report', () => {
  it('prefixes cells a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(safeCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(safeCell('plain')).toBe('plain');
    expect(safeCell('a,b')).toBe('"a,b"');
  });

  it('round-trips any text through a CSV parser, never leaving a cell that starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 6 }), (cells) => {
        const parsed =
          Papa.parse<string[]>(csvLine(cells), { header: false, delimiter: ',', newline: '\r\n' }).data[0] ?? [];
        expect(parsed.length).toBe(cells.length);
        parsed.forEach((cell, i) => {
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect(cell.replace(/^'(?=[=+\-@\t\r])/, '')).toBe(cells[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('lists summary counts, rules, and every problem with its section', () => {
    const { content, mimeType, fileName } = renderReport(source, 'csv');
    expect(mimeType).toBe('text/csv');
    expect(fileName).toBe('ferry-run-run-20260114-100200-abcdef.csv');
    const rows = Papa.parse<Record<string, string>>(content.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.find((r) => r.section === 'summary' && r.column === 'insert')?.count).toBe('3');
    expect(rows.find((r) => r.section === 'standardised')).toMatchObject({
      value: 'large ',
      after: 'Large',
      count: '7',
    });
    expect(rows.find((r) => r.section === 'unresolved link')?.value).toBe('Dusk');
    expect(rows.find((r) => r.section === 'skipped or pending')?.reason).toBe('Missing edition number');
    expect(rows.find((r) => r.section === 'problem' && r.column === 'price')?.value).toBe(`'=HYPERLINK("http://evil")`);
  });
});

describe('HTML report', () => {
  it('escapes every value from the export and has each section', () => {
    const { content } = renderReport(source, 'html');
    expect(content).not.toContain('<editions>');
    expect(content).toContain('Art &lt;editions&gt;');
    expect(content).toContain('=HYPERLINK(&quot;http://evil&quot;)');
    expect(content).not.toMatch(/<script/i);
    for (const title of [
      'Summary',
      'Values standardised',
      'Defaults applied',
      'Duplicates and the decision taken',
      'Rows skipped or pending',
      'Unresolved links',
      'Conflicts',
      'Problems by column',
    ]) {
      expect(content).toContain(`>${title}</h2>`);
    }
    expect(content).toContain('Keep the sold one');
    expect(content).toContain('No print called &quot;Dusk&quot;');
  });
});
