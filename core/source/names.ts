import path from 'node:path';

/**
 * The table a file feeds. Airtable names its CSV exports `<Table>-<View>.csv`; the view part is
 * dropped (split at the last dash, as table names carry dashes more often than view names do).
 * A purely numeric tail (`sales-2024.csv`) is not a view, so the stem is kept whole.
 */
export function tableNameFromFile(fileName: string): string {
  const stem = path.basename(fileName, path.extname(fileName)).trim();
  const dash = stem.lastIndexOf('-');
  if (dash > 0 && dash < stem.length - 1) {
    const table = stem.slice(0, dash).trim();
    const view = stem.slice(dash + 1).trim();
    if (table && view && !/^\d+$/.test(view)) return table;
  }
  return stem || 'Table';
}
