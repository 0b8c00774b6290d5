import type { ProblemRecord, TableCounts } from '../history/recorder.js';
import type { ReportModel } from './model.js';

const HEADER = ['section', 'table', 'column', 'file', 'row', 'value', 'after', 'count', 'reason', 'action'];
type Cell = string | number | undefined | null;

/**
 * A cell a spreadsheet will not run: values from an export can start with `=`, `+`, `-`, `@`, a tab
 * or a carriage return, which Excel and LibreOffice would treat as a formula. Those get a leading
 * apostrophe (shown by no spreadsheet, visible in a text editor) — the OWASP advice.
 */
export function safeCell(value: Cell): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return cells.map(safeCell).join(',');
}

/** One flat sheet: a `section` column lets a person filter to what they need. */
export function renderCsv(report: ReportModel): string {
  const lines: string[] = [csvLine(HEADER)];
  const row = (section: string, cells: Partial<Record<(typeof HEADER)[number], Cell>>) =>
    lines.push(csvLine(HEADER.map((h) => (h === 'section' ? section : cells[h]))));

  for (const [table, counts] of Object.entries(report.tables)) {
    for (const kind of Object.keys(counts) as (keyof TableCounts)[]) {
      row('summary', { table, column: kind, count: counts[kind] });
    }
  }
  for (const f of report.files) row('file', { table: f.table, file: f.name, count: f.size, value: f.sha256 });
  for (const e of report.standardised) {
    if (e.examples.length === 0)
      row('standardised', { table: e.table, column: e.column, reason: e.rule, count: e.count });
    for (const x of e.examples) {
      row('standardised', {
        table: e.table,
        column: e.column,
        value: x.before,
        after: x.after,
        count: e.count,
        reason: e.rule,
      });
    }
  }
  for (const e of report.defaults) {
    row('default', { table: e.table, column: e.column, value: e.examples[0]?.after, count: e.count, reason: e.rule });
  }
  for (const d of report.duplicates) row('duplicate rule', { table: d.table, count: d.count, reason: d.rule });
  const problemRow = (section: string, p: ProblemRecord) =>
    row(section, {
      table: p.table,
      column: p.column,
      file: p.file,
      row: p.row,
      value: p.value,
      reason: p.reason,
      action: p.action,
    });
  report.duplicateRows.forEach((p) => problemRow('duplicate', p));
  report.skipped.forEach((p) => problemRow('skipped or pending', p));
  report.unresolvedLinks.forEach((p) => problemRow('unresolved link', p));
  report.conflicts.forEach((p) => problemRow('conflict', p));
  report.problems.forEach((p) => problemRow('problem', p));
  // A UTF-8 byte order mark, or Excel reads "→" and "€" as mojibake.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
