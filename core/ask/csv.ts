import { safeCell } from '../report/csv.js';
import type { ResultColumn } from './types.js';

const NUMERIC_TYPES = /^(smallint|integer|bigint|numeric|real|double precision)\b/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * Query results as a CSV a spreadsheet opens safely: text that could run as a formula gets a leading
 * apostrophe (see `safeCell`), while a negative number in a number column stays a number.
 */
export function resultsCsv(columns: ResultColumn[], rows: (string | null)[][]): string {
  const numeric = columns.map((c) => NUMERIC_TYPES.test(c.type));
  const lines = [columns.map((c) => safeCell(c.name)).join(',')];
  for (const row of rows) {
    lines.push(row.map((v, i) => (numeric[i] && v !== null && NUMBER.test(v) ? v : safeCell(v))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
