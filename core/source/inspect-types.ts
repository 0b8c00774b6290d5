/** The inspect report (`source/inspect`, `ferry inspect --json`). Node-free: the UI reads it. */
import type { DateOrder, NumberLocale, ValueType } from '../clean/types.js';
import type { FileFingerprint, ProblemRecord } from '../history/recorder.js';
import type { DetectedLink, SourceFormat } from './types.js';

export interface InspectColumn {
  name: string;
  type: ValueType;
  /** 0–1: share of values that fit the type, lowered when something needs the user's say. */
  confidence: number;
  /** Empty cells (formula errors not counted). */
  empty: number;
  /** Up to 5 example values. */
  examples: string[];
  /** Up to 5 values that did not fit the type. */
  counterExamples: string[];
  formulaErrors: number;
  dateOrder?: DateOrder;
  /** The column's dates do not settle day/month order: ask the user (see `suggestedDateOrder`). */
  ambiguousDates?: boolean;
  suggestedDateOrder?: DateOrder;
  numberLocale?: NumberLocale;
  currency?: string;
  note?: string;
}

export interface InspectTable {
  name: string;
  file: string;
  format: SourceFormat;
  sheet?: string;
  rows: number;
  columns: InspectColumn[];
  /** Links from this table's columns to other tables, with how many values matched. */
  links: DetectedLink[];
  /** The first problems found (at most 200); `problemCount` has them all. */
  problems: ProblemRecord[];
  problemCount: number;
  /** Columns that identify a record (Airtable API ids), when the file has them. */
  key?: string[];
}

export interface InspectReport {
  tables: InspectTable[];
  files: FileFingerprint[];
  /** Problems of the set as a whole (files that could not be read, ...). */
  problems: ProblemRecord[];
  /** Some column holds attachments: Airtable's links to them expire within hours of the export. */
  attachments: boolean;
}
