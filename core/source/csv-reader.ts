import fs from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { FerryError } from '../api/errors.js';
import type { ProblemRecord } from '../history/recorder.js';
import { guessEncoding, readHead, readText, type TextEncoding } from './encoding.js';
import { normaliseHeaders } from './headers.js';
import { sniffDelimiter, sniffNewline, type Delimiter, type Newline } from './sniff.js';
import type { RawRow, RowsOptions, SourceTable } from './types.js';

/** A row that has not ended after this many characters is an unterminated quote, not a cell. */
const MAX_PENDING_CHARS = 64 * 1024 * 1024;
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'bars' };

interface CsvShape {
  encoding: TextEncoding;
  delimiter: Delimiter;
  newline: Newline;
}

interface Record_ {
  /** 0-based index of the record in the file; the person sees index + 1. */
  index: number;
  fields: string[];
}

/**
 * Opens a CSV (or TSV, or other delimited text) file as one source table. Reads the header now;
 * rows are streamed on demand. Throws a FerryError in plain words when the file cannot be a table.
 */
export async function openCsv(filePath: string, tableName: string): Promise<SourceTable> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath);
  if (stat.size === 0)
    throw new FerryError('empty-file', `"${file}" is empty. Export it again and make sure it has a header row.`);
  const head = await readHead(filePath);
  const guess = guessEncoding(head, file);
  const sample = new TextDecoder(guess.encoding).decode(head, { stream: true });
  if (sample.trim() === '') {
    throw new FerryError('empty-file', `"${file}" has no content (only blank space). Export it again.`);
  }
  const shape: CsvShape = {
    encoding: guess.encoding,
    delimiter: sniffDelimiter(sample),
    newline: sniffNewline(sample),
  };
  const where = { file, table: tableName };
  const problems: ProblemRecord[] = [];
  if (guess.note) problems.push({ ...where, reason: `Encoding: ${guess.note}`, stage: 'read', action: 'kept' });
  if (shape.delimiter !== ',') {
    problems.push({
      ...where,
      reason: `The values are separated by ${DELIMITER_NAMES[shape.delimiter]}, not commas; Ferry read them that way.`,
      stage: 'read',
      action: 'kept',
    });
  }

  let header: Record_ | undefined;
  search: for await (const batch of records(filePath, shape, {})) {
    for (const rec of batch) {
      if (!isBlank(rec.fields)) {
        header = rec;
        break search;
      }
    }
  }
  if (!header) throw new FerryError('empty-file', `"${file}" has no header row. Export it again.`);
  const headerRow = header.index + 1;
  const { columns, problems: headerProblems } = normaliseHeaders(header.fields, { ...where, row: headerRow });
  problems.push(...headerProblems);
  const headerIndex = header.index;
  const rawHeader = header.fields;

  return {
    name: tableName,
    file,
    path: filePath,
    format: 'csv',
    columns,
    problems,
    size: stat.size,
    rows: (rowOpts?: RowsOptions) =>
      rowsOf(csvBatches(filePath, shape, columns, rawHeader, headerIndex, where, rowOpts ?? {})),
    batches: (rowOpts?: RowsOptions) =>
      csvBatches(filePath, shape, columns, rawHeader, headerIndex, where, rowOpts ?? {}),
  };
}

async function* rowsOf(batches: AsyncIterable<Iterable<RawRow>>): AsyncGenerator<RawRow> {
  for await (const batch of batches) yield* batch;
}

/**
 * The rows a chunk at a time: one await per chunk instead of one per row (a million rows spent
 * ~1 s in async iteration alone). Each batch is a lazy iterable that reports its rows' problems
 * as it reaches them, so problems arrive in the same order as rows one by one; consume each batch
 * before asking for the next.
 */
async function* csvBatches(
  filePath: string,
  shape: CsvShape,
  columns: string[],
  rawHeader: string[],
  headerIndex: number,
  where: { file: string; table: string },
  opts: RowsOptions,
): AsyncGenerator<Iterable<RawRow>> {
  const report = opts.onProblem ?? (() => {});
  const width = columns.length;
  let blankStart = -1;
  let blankCount = 0;
  const flushBlanks = (trailing: boolean) => {
    if (blankCount === 0) return;
    const rows = blankCount === 1 ? `Row ${blankStart}` : `Rows ${blankStart}–${blankStart + blankCount - 1}`;
    report({
      ...where,
      row: blankStart,
      reason: `${rows} ${blankCount === 1 ? 'is' : 'are'} empty${trailing ? ' at the end of the file' : ''}; skipped.`,
      stage: 'read',
      action: 'skipped',
    });
    blankCount = 0;
  };
  function* rowsIn(batch: Record_[]): Generator<RawRow> {
    for (const rec of batch) {
      if (rec.index <= headerIndex) continue;
      const row = rec.index + 1;
      const fields = rec.fields;
      if (isBlank(fields)) {
        if (blankCount === 0) blankStart = row;
        blankCount++;
        continue;
      }
      flushBlanks(false);
      if (fields.length === rawHeader.length && sameFields(fields, rawHeader)) {
        report({ ...where, row, reason: 'This row repeats the header; skipped.', stage: 'read', action: 'skipped' });
        continue;
      }
      if (fields.length !== width) {
        if (fields.length < width) {
          report({
            ...where,
            row,
            reason: `This row has ${plural(fields.length, 'value')} but the header has ${width} columns; the missing ones are left empty.`,
            stage: 'read',
            action: 'kept',
          });
          while (fields.length < width) fields.push('');
        } else {
          const extra = fields.slice(width);
          // A trailing delimiter gives empty extras: nothing is lost by dropping them.
          if (extra.some((v) => v !== '')) {
            report({
              ...where,
              row,
              value: extra.join(shape.delimiter).slice(0, 500),
              reason: `This row has ${plural(fields.length, 'value')} but the header has ${width} columns; the extra values are not in any column.`,
              stage: 'read',
              action: 'skipped',
            });
          }
          fields.length = width;
        }
      }
      yield { row, values: fields };
    }
  }
  for await (const batch of records(filePath, shape, opts, report, where)) yield rowsIn(batch);
  flushBlanks(true);
}

/**
 * Streams the records of a delimited text file, a batch per chunk, with papaparse's parser, chunk by chunk: each
 * chunk is parsed up to its last complete record and the tail is carried to the next one.
 */
async function* records(
  filePath: string,
  shape: CsvShape,
  opts: RowsOptions,
  report: (p: ProblemRecord) => void = () => {},
  where: { file: string; table: string } = { file: path.basename(filePath), table: '' },
): AsyncGenerator<Record_[]> {
  const parser = new Papa.Parser({ delimiter: shape.delimiter, newline: shape.newline, quoteChar: '"' });
  let pending = '';
  let index = 0;
  const stripCr = shape.newline === '\n';
  const take = (result: Papa.ParseResult<string[]>, final: boolean): Record_[] => {
    const out: Record_[] = [];
    for (const err of result.errors) {
      // Errors of the unfinished last row come back on the next parse: report them once, then.
      if (!final && (err.code === 'MissingQuotes' || (err.row ?? 0) >= result.data.length)) continue;
      const row = index + (err.row ?? 0) + 1;
      report({
        ...where,
        row,
        reason:
          err.code === 'MissingQuotes'
            ? 'A quoted cell on this row is never closed; everything after it was read into that one cell.'
            : 'A quote on this row is in the wrong place; Ferry read the row as best it could. Check its values.',
        stage: 'read',
        action: 'kept',
      });
    }
    for (const fields of result.data) {
      if (stripCr) {
        const last = fields.length - 1;
        const v = fields[last];
        if (v.length > 0 && v.charCodeAt(v.length - 1) === 13) fields[last] = v.slice(0, -1);
      }
      out.push({ index: index++, fields });
    }
    return out;
  };
  let badBytes = false;
  for await (const chunk of readText(filePath, shape.encoding, {
    signal: opts.signal,
    onBytes: opts.onBytes,
    onBadBytes: () => (badBytes = true),
  })) {
    pending = pending ? pending + chunk : chunk;
    const result = parser.parse(pending, 0, true) as Papa.ParseResult<string[]>;
    pending = pending.slice(result.meta.cursor);
    const batch = take(result, false);
    if (batch.length) yield batch;
    if (pending.length > MAX_PENDING_CHARS) {
      report({
        ...where,
        row: index + 1,
        reason:
          'From this row on, a quoted cell never ends (a missing closing quote), so Ferry could not read the rest of the file.',
        stage: 'read',
        action: 'skipped',
      });
      return;
    }
  }
  if (opts.signal?.aborted) return;
  if (badBytes) {
    report({
      ...where,
      reason: 'Some characters in this file could not be read in its encoding; they show as "\uFFFD".',
      stage: 'read',
      action: 'kept',
    });
  }
  if (pending) {
    const result = parser.parse(pending, 0, false) as Papa.ParseResult<string[]>;
    yield take(result, true);
  }
}

/** Hot path: most rows start with a visible character, so one char check settles them. */
function isBlank(fields: string[]): boolean {
  const first = fields[0];
  if (first.length > 0 && first.charCodeAt(0) > 32) return false;
  for (let i = 0; i < fields.length; i++) if (fields[i].trim() !== '') return false;
  return true;
}

/** A repeated header is the header again, as written (the first cell rules out nearly every row). */
function sameFields(a: string[], b: string[]): boolean {
  if (a[0] !== b[0]) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
