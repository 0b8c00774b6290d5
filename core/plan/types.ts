/** Results of plans and applies as the UI sees them. Node-free. */
import type { FileFingerprint, ProblemRecord, RuleEffect, SyncMode, TableCounts } from '../history/recorder.js';

export interface PlanTable {
  name: string;
  /** Source table and file the rows came from. */
  source: string;
  file: string;
  counts: TableCounts;
  /** Rows the export had a problem with and that were not taken (no key, required value missing, link refused). */
  rejected: number;
  /** Duplicate keys resolved by the duplicate policy. */
  duplicates: number;
  /** Mapped columns missing from this export: existing values are left alone. */
  notProvided: string[];
  /** Unmapped export columns kept in the `extra` column. */
  extraColumns: string[];
  /** What the apply does to the table's shape first. */
  schema: 'create' | 'add-columns' | 'ready';
  newColumns: string[];
}

export interface PlanSummary {
  planId: string;
  mode: SyncMode;
  /** Where the plan would write, in plain words (never a password). */
  target: string;
  /** Tables in the order they are written: parents before children. */
  tables: PlanTable[];
  problems: ProblemRecord[];
  /** Problems counted but not listed here (see the report for all). */
  problemsUnlisted: number;
  ruleEffects: RuleEffect[];
  files: FileFingerprint[];
  conflicts: number;
  /** Seconds the dry run took. */
  seconds: number;
  /** Seconds per stage: `read` (parse, clean, COPY), `duplicates`, `classify`, `list`. */
  timings: Record<string, number>;
}

export type PlanRowKind = 'insert' | 'update' | 'retire' | 'pending' | 'conflict';

export interface FieldChange {
  column: string;
  /** For an update: the value in the database now; for a conflict: the value someone wrote in PostgreSQL. */
  old: unknown;
  new: unknown;
}

export interface PlanRow {
  /** Row number in the export file (not for retirements). */
  row?: number;
  /** Row id in the target (updates, conflicts, retirements). */
  id?: number;
  /** Business-key values, as text. */
  key: string;
  /** New values (inserts, pending) or the current ones (retirements). */
  values?: Record<string, unknown>;
  changes?: FieldChange[];
  /** Why a row waits (pending). */
  reason?: string;
}

export interface PlanRowsResult {
  table: string;
  kind: PlanRowKind;
  total: number;
  offset: number;
  rows: PlanRow[];
}

export interface ApplyResult {
  runId: string;
  tables: Record<string, TableCounts>;
  seconds: number;
  /** Seconds per stage, e.g. `{ schema, merge, snapshot }`. */
  timings: Record<string, number>;
}

/** A first sync loaded straight into new tables: the plan it followed and what it wrote. */
export type FirstLoadOutcome =
  | { loaded: true; plan: PlanSummary; result: ApplyResult }
  /** The database already has one of the tables: a dry run, then an apply, is the way. */
  | { loaded: false };
