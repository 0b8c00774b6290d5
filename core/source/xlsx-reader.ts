import fs from 'node:fs/promises';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { FerryError } from '../api/errors.js';
import type { ProblemRecord } from '../history/recorder.js';
import { normaliseHeaders } from './headers.js';
import { readMerges, type MergeRange } from './xlsx-merges.js';
import type { RawRow, RawValue, RowsOptions, SourceTable } from './types.js';

interface SheetShape {
  /** Position of the sheet in the workbook's stream order. */
  order: number;
  name: string;
  /** The last header row: data starts below it. */
  headerRow: number;
  /** Header names before renaming (two-row headers already joined). */
  names: RawValue[];
  /** The row right above the data as written, to spot it repeated further down. */
  rawHeader: RawValue[];
  problems: ProblemRecord[];
}

type FirstRow = { number: number; values: RawValue[] };

const text = (v: RawValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/**
 * Finds the header among a sheet's first rows: skips a title row above the table, and joins a
 * two-row header whose top row has merged group cells (`Dimensions` over `Width` and `Height`
 * gives `Dimensions Width`, `Dimensions Height`).
 */
function headerOf(rows: FirstRow[], merges: MergeRange[], file: string): Omit<SheetShape, 'order' | 'name'> {
  const problems: ProblemRecord[] = [];
  let at = 0;
  if (rows.length >= 2 && filled(rows[0].values) === 1 && filled(rows[1].values) > 1) {
    problems.push({
      file,
      row: rows[0].number,
      value: String(rows[0].values.find((v) => v !== null && v !== '')),
      reason: `Row ${rows[0].number} looks like a title above the table, not a header; Ferry used the next row as the header.`,
      stage: 'read',
      action: 'skipped',
    });
    at = 1;
  }
  const header = rows[at];
  const next = rows[at + 1]?.number === header.number + 1 ? rows[at + 1] : undefined;
  const groups = merges.filter((m) => m.top === header.number && m.bottom === header.number && m.right > m.left);
  const width = Math.max(header.values.length, ...groups.map((g) => g.right));
  const groupAt = (c: number) => groups.find((g) => g.left <= c && c <= g.right);
  const subHeaders =
    next !== undefined &&
    groups.length > 0 &&
    next.values.every((v) => v === null || typeof v === 'string') &&
    groups.some((g) => next.values.slice(g.left - 1, g.right).some((v) => text(v) !== ''));
  const names: RawValue[] = [];
  for (let c = 1; c <= width; c++) {
    const group = groupAt(c);
    const top = text(group ? header.values[group.left - 1] : header.values[c - 1]);
    if (!subHeaders) {
      names.push(top || null);
      continue;
    }
    const tall = merges.some((m) => m.top === header.number && m.bottom > header.number && m.left <= c && c <= m.right);
    const sub = tall ? '' : text(next!.values[c - 1]);
    names.push(top && sub ? `${top} ${sub}` : top || sub || null);
  }
  if (subHeaders) {
    const example = names.find((n, i) => groupAt(i + 1) && n) ?? '';
    problems.push({
      file,
      row: header.number,
      reason: `The header spans rows ${header.number}–${next!.number} (merged cells); Ferry joined them into one name per column, e.g. "${String(example)}".`,
      stage: 'read',
      action: 'kept',
    });
  } else {
    for (const g of groups) {
      const name = text(header.values[g.left - 1]);
      if (name) {
        problems.push({
          file,
          row: header.number,
          value: name,
          reason: `The header "${name}" is one merged cell over ${g.right - g.left + 1} columns; Ferry gives each column that name.`,
          stage: 'read',
          action: 'kept',
        });
      }
    }
  }
  let w = names.length;
  while (w > 0 && (names[w - 1] === null || names[w - 1] === '')) w--;
  const last = subHeaders ? next! : header;
  return { headerRow: last.number, names: names.slice(0, w), rawHeader: last.values.slice(0, w), problems };
}

type Cell = ExcelJS.CellValue | undefined;

/** Turns what exceljs gives for a cell into a raw value: formula results, rich text and links become their value. */
export function cellValue(v: Cell): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if ('error' in o && typeof o.error === 'string') return o.error;
    if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result as Cell);
    if ('richText' in o && Array.isArray(o.richText))
      return o.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('hyperlink' in o) return cellValue(o.text as Cell) ?? String(o.hyperlink);
    if ('text' in o) return cellValue(o.text as Cell);
  }
  return String(v);
}

function rowCells(row: ExcelJS.Row): RawValue[] {
  const values = row.values as Cell[];
  const out: RawValue[] = [];
  // exceljs rows are 1-based and sparse.
  for (let i = 1; i < values.length; i++) out.push(cellValue(values[i]));
  return out;
}

function isBlank(values: RawValue[]): boolean {
  return values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));
}

function filled(values: RawValue[]): number {
  return values.filter((v) => !(v === null || (typeof v === 'string' && v.trim() === ''))).length;
}

/** exceljs is loaded on the first workbook, not at start-up: most exports are CSV, and it costs ~0.2 s. */
async function reader(filePath: string): Promise<ExcelJS.stream.xlsx.WorkbookReader> {
  const { default: excel } = await import('exceljs');
  return new excel.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell a date from a number.
    styles: 'cache',
    entries: 'ignore',
  });
}

function damaged(file: string): FerryError {
  return new FerryError(
    'bad-xlsx',
    `"${file}" could not be read as an Excel workbook: it may be damaged or only partly downloaded. Open it in Excel and save it again, or export it as CSV.`,
  );
}

/**
 * Opens a workbook: each sheet with a header becomes a source table. One pass now finds the
 * sheets and their headers; rows are streamed again on demand.
 */
export async function openXlsx(filePath: string, baseName: string): Promise<SourceTable[]> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath);
  const shapes: SheetShape[] = [];
  const skipped: string[] = [];
  const pending: { order: number; name: string; id: number; firstRows: FirstRow[] }[] = [];
  let sheets = 0;
  try {
    let order = 0;
    for await (const sheet of await reader(filePath)) {
      sheets++;
      const name = (sheet as unknown as { name?: string }).name ?? `Sheet${order + 1}`;
      const firstRows: FirstRow[] = [];
      for await (const row of sheet) {
        if (firstRows.length < 3) {
          const values = rowCells(row);
          if (!isBlank(values)) firstRows.push({ number: row.number, values });
        }
      }
      const thisOrder = order++;
      if (firstRows.length === 0) {
        skipped.push(name);
        continue;
      }
      const id = Number((sheet as unknown as { id?: number | string }).id);
      pending.push({ order: thisOrder, name, id, firstRows });
    }
  } catch (err) {
    if (err instanceof FerryError) throw err;
    throw damaged(file);
  }
  const merges = await readMerges(
    filePath,
    pending.map((p) => p.id).filter((id) => Number.isInteger(id)),
  );
  for (const p of pending) {
    const header = headerOf(p.firstRows, merges.get(p.id) ?? [], file);
    shapes.push({ order: p.order, name: p.name, ...header });
  }
  // A zip with no sheets at all is some other kind of file named .xlsx.
  if (sheets === 0) throw damaged(file);
  if (shapes.length === 0) throw new FerryError('empty-file', `"${file}" has no sheet with data. Export it again.`);
  const tables: SourceTable[] = shapes.map((shape) => {
    const tableName = shapes.length === 1 ? (shape.name.match(/^Sheet\d*$/i) ? baseName : shape.name) : shape.name;
    const where = { file, table: tableName };
    const { columns, problems } = normaliseHeaders(shape.names, { ...where, row: shape.headerRow });
    const all = [...shape.problems.map((p) => ({ ...p, table: tableName })), ...problems];
    return {
      name: tableName,
      file,
      path: filePath,
      format: 'xlsx' as const,
      sheet: shape.name,
      columns,
      problems: all,
      size: stat.size,
      rows: (opts?: RowsOptions) => sheetRows(filePath, shape, columns, where, opts ?? {}),
    };
  });
  if (skipped.length) {
    tables[0].problems.push({
      file,
      table: tables[0].name,
      reason: `Sheet${skipped.length === 1 ? '' : 's'} ${skipped.map((s) => `"${s}"`).join(', ')} ${skipped.length === 1 ? 'is' : 'are'} empty; skipped.`,
      stage: 'read',
      action: 'skipped',
    });
  }
  return tables;
}

async function* sheetRows(
  filePath: string,
  shape: SheetShape,
  columns: string[],
  where: { file: string; table: string },
  opts: RowsOptions,
): AsyncGenerator<RawRow> {
  const report = opts.onProblem ?? (() => {});
  const width = columns.length;
  const headerText = shape.rawHeader.map(text);
  let order = 0;
  let blank: number[] = [];
  try {
    for await (const sheet of await reader(filePath)) {
      const mine = order++ === shape.order;
      for await (const row of sheet) {
        if (!mine || row.number <= shape.headerRow) continue;
        if (opts.signal?.aborted) return;
        const values = rowCells(row);
        if (isBlank(values)) {
          blank.push(row.number);
          continue;
        }
        if (blank.length) {
          reportBlank(blank, false);
          blank = [];
        }
        if (
          values.length >= width &&
          values.slice(0, width).every((v, i) => (v === null ? '' : String(v).trim()) === headerText[i])
        ) {
          report({
            ...where,
            row: row.number,
            reason: 'This row repeats the header; skipped.',
            stage: 'read',
            action: 'skipped',
          });
          continue;
        }
        if (values.length > width) {
          const extra = values.slice(width).filter((v) => v !== null && v !== '');
          if (extra.length) {
            report({
              ...where,
              row: row.number,
              value: extra.map(String).join(', ').slice(0, 500),
              reason: `This row has values beyond the last named column (${width} columns); they are not in any column.`,
              stage: 'read',
              action: 'skipped',
            });
          }
          values.length = width;
        }
        while (values.length < width) values.push(null);
        yield { row: row.number, values };
      }
    }
  } catch (err) {
    if (err instanceof FerryError) throw err;
    throw damaged(where.file);
  }
  if (blank.length) reportBlank(blank, true);

  function reportBlank(rows: number[], trailing: boolean): void {
    report({
      ...where,
      row: rows[0],
      reason: `${rows.length === 1 ? `Row ${rows[0]} is` : `${rows.length} rows from row ${rows[0]} are`} empty${trailing ? ' at the end of the sheet' : ''}; skipped.`,
      stage: 'read',
      action: 'skipped',
    });
  }
}
