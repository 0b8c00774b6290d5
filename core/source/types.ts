/**
 * What the readers hand to the rest of Ferry. Node-free: the UI reads these types too.
 */
import type { FileFingerprint, ProblemRecord } from '../history/recorder.js';

export type SourceFormat = 'csv' | 'xlsx' | 'json' | 'xml';

/**
 * One cell as the file holds it, before cleaning. CSV and XML give strings; Excel gives numbers,
 * dates and booleans where the workbook stored them; JSON gives its own scalars, and arrays
 * (lists, Airtable attachments) stay arrays. An absent value is `null` or `''`.
 */
export type RawValue = string | number | boolean | Date | null | readonly unknown[] | { readonly [k: string]: unknown };

export interface RawRow {
  /** The row number a person sees: the header is row 1 in a CSV or a sheet, the first record is row 2. */
  row: number;
  /** One value per column of the table, in the same order. */
  values: RawValue[];
}

export interface RowsOptions {
  signal?: AbortSignal;
  /**
   * Called for each row-level problem found while reading (a ragged row, a repeated header, an
   * empty row that was skipped). Problems known before the first row are on `SourceTable.problems`.
   */
  onProblem?: (problem: ProblemRecord) => void;
  /** Called now and then with the bytes read so far, for progress. */
  onBytes?: (bytesRead: number) => void;
}

export interface SourceTable {
  /** Table name: the Airtable table (`Prints` from `Prints-Grid view.csv`), the sheet, or the file stem. */
  name: string;
  /** File name as the user sees it. */
  file: string;
  /** Absolute path of the file (engine-side only; never shown to other machines). */
  path: string;
  format: SourceFormat;
  /** For a workbook: the sheet this table is. */
  sheet?: string;
  /** Unique, non-blank column names (blank and duplicate headers renamed, see `problems`). */
  columns: string[];
  /** Columns that identify a record when the file itself provides ids (Airtable API `id`). */
  key?: string[];
  /** Problems known when the table was opened: renamed headers, encoding guesses, ... */
  problems: ProblemRecord[];
  /** Size of the file in bytes, for progress. */
  size: number;
  /** Streams the rows; each call reads the file again from the start. */
  rows(opts?: RowsOptions): AsyncIterable<RawRow>;
  /** The same rows a batch at a time, where a reader can (cheaper per row); consume each batch before the next. */
  batches?(opts?: RowsOptions): AsyncIterable<Iterable<RawRow>>;
}

export interface ExportSet {
  tables: SourceTable[];
  files: FileFingerprint[];
  /** Problems about the set as a whole: unreadable files, two files giving the same table name, ... */
  problems: ProblemRecord[];
}

/** A column whose values name records of another table (an Airtable linked-record or lookup field). */
export interface DetectedLink {
  table: string;
  column: string;
  toTable: string;
  /** The other table's primary (first) column. */
  toColumn: string;
  /** Values (list items) found among the other table's primary values. */
  matched: number;
  /** All non-empty values (list items) in the column. */
  total: number;
  /** Up to 5 values that matched nothing, for the report. */
  unmatched: string[];
}
