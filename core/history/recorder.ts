/**
 * The seam between the sync engine (core/plan, core/target) and the local history store
 * (core/history). The engine asks for a run id before it writes, and reports how the run ended;
 * the store keeps it in SQLite. Node-free types only: the UI reads them too.
 */
export type RunKind = 'sync' | 'restore' | 'copy';
export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted' | 'cancelled';
export type SyncMode = 'incremental' | 'full' | 'merge';

export interface FileFingerprint {
  /** File name as the user sees it, e.g. `Editions-All Records.csv`. */
  name: string;
  /** Absolute path when known (never shown to other machines). */
  path?: string;
  /** Source table this file feeds, e.g. `Editions`. */
  table: string;
  size: number;
  sha256: string;
  modifiedAt?: string;
}

export interface TableCounts {
  insert: number;
  update: number;
  unchanged: number;
  retire: number;
  pending: number;
  conflict: number;
  problems: number;
}

export interface ProblemRecord {
  file?: string;
  row?: number;
  column?: string;
  value?: string;
  /** Plain words: why the value or row could not be taken as is. */
  reason: string;
  /** Where it was found: `read`, `clean`, `map`, `link`, `plan`, `apply`. */
  stage?: string;
  /** What Ferry did: `emptied`, `skipped`, `pending`, `kept`, `defaulted`, `rejected`. */
  action?: string;
  table?: string;
}

export interface RuleEffect {
  /** Human description of the rule, e.g. `size: "large " → "Large"`. */
  rule: string;
  /**
   * What sort of rule, so reports group them: a value standardised, a default filled in, a
   * duplicate resolved (with the decision in `rule`), or anything else.
   */
  kind?: 'standardise' | 'default' | 'duplicate' | 'other';
  table?: string;
  column?: string;
  count: number;
  examples: { before: string; after: string }[];
}

export interface RunStart {
  workspaceId: string;
  kind: RunKind;
  mode?: SyncMode;
  dryRun: boolean;
  files: FileFingerprint[];
  /** For a restore: the run it puts the database back to before. */
  restoreOf?: string;
  /**
   * The mapping document the sync used. Kept with the run; when the run completes it becomes the
   * workspace's saved mapping, which a re-sync uses.
   */
  mapping?: unknown;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  tables: Record<string, TableCounts>;
  problems: ProblemRecord[];
  ruleEffects?: RuleEffect[];
  /** Plain-words reason for failed / cancelled runs. */
  error?: string;
  /** Seconds spent per stage, e.g. `{ read: 1.2, copy: 3.4, merge: 2.0 }`. */
  timings?: Record<string, number>;
  /** Per table, how many before-images the run wrote to the target's `ferry.row_images`. */
  snapshot?: SnapshotCounts[];
}

/** The history's index of one run's snapshot; the images themselves live in the target database. */
export interface SnapshotCounts {
  table: string;
  inserted: number;
  updated: number;
  retired: number;
  revived: number;
  /** Rows a restore removed (kept in full so the restore can itself be undone). */
  deleted: number;
}

export interface RunRecorder {
  /** Records a run as `running` and returns its id (also written to the target as `last_run_id`). */
  begin(run: RunStart): Promise<string>;
  end(runId: string, end: RunEnd): Promise<void>;
}
