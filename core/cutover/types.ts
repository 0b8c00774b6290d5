/**
 * What the cutover hands out: phases, drift reports, gates and reconciliation reports.
 * Node-free on purpose: the renderer reads these through the contract.
 */
import type { FileFingerprint } from '../history/recorder.js';
import type { Phase } from '../history/types.js';

export type { Phase };

/** One field that differs between the export and PostgreSQL, for an example row. */
export interface DriftChange {
  column: string;
  /** The value in PostgreSQL now. */
  database: unknown;
  /** The value the export has. */
  export: unknown;
}

export interface DriftExample {
  /** Business-key values, as text. */
  key: string;
  /** Row number in the export file (rows the export has). */
  row?: number;
  /** Row id in PostgreSQL (rows the database has). */
  id?: number;
  changes?: DriftChange[];
  /** For a row that differs: true when only PostgreSQL changed it since Ferry last wrote it. */
  editedInDatabase?: boolean;
}

export interface DriftTable {
  /** Rows the export has and PostgreSQL has not (or has retired). */
  onlyInExport: number;
  /** Active rows PostgreSQL has and the export has not. */
  onlyInDatabase: number;
  /** Rows both have whose fields differ. */
  differ: number;
  /** Per column: how many rows differ in it. Only columns with a difference are listed. */
  fields: Record<string, number>;
  /** Of `differ`: rows edited in PostgreSQL since Ferry wrote them while the export still says what Ferry wrote. */
  editedInDatabase: number;
  /** Rows of the export waiting for a parent that is missing (counted in the other numbers too). */
  pending: number;
  /** A few rows of each kind, to show a person. */
  examples: { onlyInExport: DriftExample[]; onlyInDatabase: DriftExample[]; differ: DriftExample[] };
}

export interface DriftReport {
  checkId: string;
  workspaceId: string;
  checkedAt: string;
  /** The export compared: its files with fingerprints (and when each was last modified). */
  files: FileFingerprint[];
  tables: Record<string, DriftTable>;
  /** Tables of the mapping the export had no file for: not compared. */
  notCompared: string[];
  /** Rows that differ in any way, over all tables: 0 means the two sides agree. */
  total: number;
  /** Of `total`, rows that differ only because they were edited in PostgreSQL. */
  editedInDatabase: number;
  /** Problems the export's rows had (the same the dry run reports). */
  problems: number;
  seconds: number;
  /** One line for a person. */
  summary: string;
}

export interface ReconciliationColumn {
  column: string;
  /** Rows with a value in this column. */
  filled: number;
  /** md5 over the column's values in key order, computed in PostgreSQL. */
  checksum: string;
}

export interface ReconciliationTable {
  table: string;
  rows: number;
  activeRows: number;
  columns: ReconciliationColumn[];
}

export interface ReconciliationReport {
  reportId: string;
  workspaceId: string;
  createdAt: string;
  /** Where the tables are, in words (never a password). */
  target: string;
  tables: ReconciliationTable[];
  /** md5 over every table's counts and column checksums: one value to compare. */
  checksum: string;
}

export type GateItemId =
  'last-sync-completed' | 'zero-drift' | 'no-problems' | 'restore-point' | 'final-export' | 'reconciliation';

/** One checklist item of a gate, checked by Ferry itself. */
export interface GateItem {
  id: GateItemId;
  /** What must be true, e.g. "The last sync completed". */
  label: string;
  passed: boolean;
  /** Why it passed or not, in plain words, with what to do next when it did not. */
  reason: string;
  /** The owner must also confirm this item (e.g. that Airtable edits have stopped). */
  needsConfirmation?: boolean;
}

export interface Gate {
  from: Phase;
  to: Phase;
  items: GateItem[];
  /** Every item passed (confirmation aside). */
  ready: boolean;
}

export interface PhaseMove {
  from: Phase;
  to: Phase;
  movedAt: string;
  direction: 'forward' | 'back';
  /** The checklist as it stood when the move was made (empty for moves back). */
  checks: GateItem[];
}

export interface PhaseInfo {
  phase: Phase;
  title: string;
  /** A few words for the path. */
  short: string;
  /** What the phase means, in plain words. */
  meaning: string;
}

export interface CutoverStatus {
  workspaceId: string;
  name: string;
  phase: Phase;
  phases: PhaseInfo[];
  next?: Phase;
  previous?: Phase;
  /** The checklist to move to the next phase, as Ferry sees it now (without re-reading PostgreSQL). */
  gate?: Gate;
  lastSync?: { runId: string; at: string; status: string; problems: number; pending: number };
  /** When the newest file of the export set was modified: how old Airtable's last export is. */
  lastExportAt?: string;
  lastDrift?: DriftReport;
  lastReconciliation?: ReconciliationReport;
  moves: PhaseMove[];
  /** The final export's fingerprints, archived on the move to postgres-only. */
  archivedExport?: FileFingerprint[];
  resyncAllowed: boolean;
  /** Plain words: where the workspace stands. */
  summary: string;
}

export interface MoveResult {
  moved: boolean;
  from: Phase;
  to: Phase;
  /** The checklist checked for this move (fresh: drift and checksums re-read from PostgreSQL). */
  gate?: Gate;
  message: string;
  status: CutoverStatus;
}
