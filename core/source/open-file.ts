import fs from 'node:fs/promises';
import path from 'node:path';
import { FerryError } from '../api/errors.js';
import { openCsv } from './csv-reader.js';
import { openXlsx } from './xlsx-reader.js';
import { openJson } from './json-reader.js';
import { openXml } from './xml-reader.js';
import { readHead } from './encoding.js';
import { tableNameFromFile } from './names.js';
import type { SourceFormat, SourceTable } from './types.js';

const EXTENSIONS: Record<string, SourceFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
  '.xml': 'xml',
};

/** True for files Ferry can read, judged by their name (used to pick files out of a folder). */
export function isReadableName(fileName: string): boolean {
  return !fileName.startsWith('.') && !fileName.startsWith('~$') && path.extname(fileName).toLowerCase() in EXTENSIONS;
}

/**
 * Decides the format from the first bytes, with the name as a hint: an `.xlsx` that is really a
 * CSV is read as a CSV (and said so), rather than failing on a zip error.
 */
export async function detectFormat(filePath: string): Promise<{ format: SourceFormat; note?: string }> {
  const file = path.basename(filePath);
  const ext = path.extname(file).toLowerCase();
  const byName = EXTENSIONS[ext];
  const head = await readHead(filePath, 512);
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const isOldExcel = head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  if (isOldExcel) {
    throw new FerryError(
      'old-excel',
      `"${file}" is an old Excel 97–2003 workbook (.xls). Open it in Excel and save it as .xlsx or CSV, then add it again.`,
    );
  }
  if (isZip) {
    if (byName === 'xlsx' || !byName) return { format: 'xlsx' };
    return {
      format: 'xlsx',
      note: `"${file}" is named like a ${byName.toUpperCase()} file but is an Excel workbook; read as Excel.`,
    };
  }
  if (byName === 'xlsx') {
    const text = head.toString('latin1').trimStart();
    if (text.startsWith('<'))
      throw new FerryError(
        'not-xlsx',
        `"${file}" is named .xlsx but is not an Excel workbook (it looks like a web page or XML). Export it again.`,
      );
    // Binary, yet not the zip every workbook is: damaged, or some other kind of file renamed.
    if (head.includes(0))
      throw new FerryError(
        'not-xlsx',
        `"${file}" is named .xlsx but is not an Excel workbook (it may be damaged, or another kind of file renamed). Export it again.`,
      );
    return { format: 'csv', note: `"${file}" is named .xlsx but is really a text (CSV) file; Ferry read it as CSV.` };
  }
  if (!byName) {
    throw new FerryError(
      'unsupported-file',
      `Ferry cannot read "${file}". It reads CSV, Excel (.xlsx), JSON and XML exports.`,
    );
  }
  return { format: byName };
}

/** Opens one file as its source tables (a workbook gives one table per sheet). */
export async function openFile(filePath: string): Promise<SourceTable[]> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath).catch(() => undefined);
  if (!stat || !stat.isFile()) throw new FerryError('file-missing', `Ferry could not find the file "${file}".`);
  if (stat.size === 0) throw new FerryError('empty-file', `"${file}" is empty. Export it again.`);
  const { format, note } = await detectFormat(filePath);
  const tableName = tableNameFromFile(file);
  let tables: SourceTable[];
  switch (format) {
    case 'csv':
      tables = [await openCsv(filePath, tableName)];
      break;
    case 'xlsx':
      tables = await openXlsx(filePath, tableName);
      break;
    case 'json':
      tables = [await openJson(filePath, tableName)];
      break;
    case 'xml':
      tables = [await openXml(filePath, tableName)];
      break;
  }
  if (note)
    for (const t of tables) t.problems.unshift({ file, table: t.name, reason: note, stage: 'read', action: 'kept' });
  return tables;
}
