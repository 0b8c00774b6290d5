import path from 'node:path';

const DELIMITED = new Set(['.csv', '.tsv', '.tab', '.txt']);

/**
 * The table a file feeds. Airtable names its CSV exports `<Table>-<View>.csv`; the view part is
 * dropped (split at the last dash, as table names carry dashes more often than view names do).
 * A purely numeric tail (`sales-2024.csv`) is not a view, so the stem is kept whole; other
 * formats (JSON, XML, workbooks) keep their whole stem.
 */
export function tableNameFromFile(fileName: string): string {
  const ext = path.extname(fileName);
  const stem = path.basename(fileName, ext).trim();
  const dash = stem.lastIndexOf('-');
  if (DELIMITED.has(ext.toLowerCase()) && dash > 0 && dash < stem.length - 1) {
    const table = stem.slice(0, dash).trim();
    const view = stem.slice(dash + 1).trim();
    if (table && view && !/^\d+$/.test(view)) return table;
  }
  return stem || 'Table';
}
