/**
 * What the history store hands out: workspaces and runs as the UI and the CLI see them.
 * Node-free on purpose: the renderer imports these through the contract.
 */
import type { Connection } from '../api/ops/connection-input.js';
import type {
  FileFingerprint,
  ProblemRecord,
  RuleEffect,
  RunKind,
  RunStatus,
  SnapshotCounts,
  SyncMode,
  TableCounts,
} from './recorder.js';

export type Phase = 'parallel' | 'postgres-primary' | 'postgres-only';

/** A target as stored: never holds a password (that lives in the secret store under `secretRef`). */
export type StoredTarget = Connection & { secretRef?: string };

export interface Workspace {
  id: string;
  name: string;
  target: StoredTarget;
  /** Where the target points, in words, without the password. */
  targetLabel: string;
  /** Identifies the target across workspaces without the password (`local`, `user@host:port/db`). */
  targetKey: string;
  /** The mapping document (shape owned by core/mapping); null until one is chosen. */
  mapping: unknown;
  /** The export set last used, with fingerprints: what a re-sync compares against. */
  files: FileFingerprint[];
  exportFolder?: string;
  phase: Phase;
  createdAt: string;
  updatedAt: string;
  /** Time of the newest completed run, if any. */
  lastRunAt?: string;
}

export interface RunSummary {
  runId: string;
  workspaceId: string;
  kind: RunKind;
  mode?: SyncMode;
  dryRun: boolean;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  /** Totals over all tables. */
  totals: TableCounts;
  problemsCount: number;
  restoreOf?: string;
  /** Plain-words reason for failed / cancelled / interrupted runs. */
  error?: string;
}

export type SnapshotEntry = SnapshotCounts;

export interface RunDetail extends RunSummary {
  files: FileFingerprint[];
  tables: Record<string, TableCounts>;
  problems: ProblemRecord[];
  /** Problems beyond the first page are counted in `problemsCount` and listed by `history/problems`. */
  problemsTruncated: boolean;
  ruleEffects: RuleEffect[];
  timings?: Record<string, number>;
  snapshot: SnapshotEntry[];
  /** For interrupted runs: what the check of the target found. */
  targetCheck?: 'not-committed' | 'committed' | 'unchecked';
}

/** One row edited in PostgreSQL since Ferry wrote it: a restore would overwrite that edit. */
export interface RestoreConflict {
  table: string;
  /** Ferry's row id (rows a sync wrote). */
  rowId?: number;
  /** The row's key values (rows a copy wrote, found by the key the copy matched on). */
  key?: Record<string, unknown>;
  /** The business columns that differ from what Ferry last wrote: now → what restore would put back. */
  fields: { column: string; now: unknown; restored: unknown }[];
}

export interface RestoreTableCounts {
  /** Rows the undone runs created: removed. */
  remove: number;
  /** Rows changed, retired or revived by the undone runs: put back as they were. */
  revert: number;
  /** Rows a restore had removed: brought back. */
  reinsert: number;
  /** Of the above, rows edited in PostgreSQL since. */
  conflict: number;
}

export interface RestorePreview {
  workspaceId: string;
  /** The run the database goes back to before. */
  runId: string;
  /** The runs undone, newest first (this run and every applied run after it). */
  undo: RunSummary[];
  tables: Record<string, RestoreTableCounts>;
  /** First conflicts (up to 200) with field-level detail; `conflictCount` has them all. */
  conflicts: RestoreConflict[];
  conflictCount: number;
  /** Plain words, e.g. "Puts 3 tables back as they were before the sync of 14 January, 10:02." */
  summary: string;
}

export interface RestoreResult {
  /** The restore's own run, which can itself be undone. */
  runId: string;
  tables: Record<string, RestoreTableCounts>;
  /** Conflicting rows left as edited in PostgreSQL (`skip`) or overwritten (`overwrite`). */
  skipped: number;
  /** Restored rows whose hash was checked after writing, and how many matched. */
  verified: { checked: number; matched: number };
}
