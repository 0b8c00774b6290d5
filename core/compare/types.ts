/**
 * What the compare engine hands out. Node-free on purpose: the renderer reads these through the contract.
 */

export interface CompareColumn {
  name: string;
  /** `format_type` text, e.g. `integer`, `character varying(20)`. */
  type: string;
}

export interface CompareTable {
  schema: string;
  name: string;
  columns: CompareColumn[];
}

export interface CompareTables {
  tables: CompareTable[];
}

export interface CompareCounts {
  /** Source rows whose key is in the target. */
  matched: number;
  /** Source rows with no match in the target. */
  notFound: number;
  /** Target rows with no match in the source. */
  notInSource: number;
  /** Matched rows where at least one copied field would change. */
  update: number;
}

export interface MissingColumn {
  side: 'source' | 'target';
  table: string;
  column: string;
}

export interface CompareError {
  code: 'type-mismatch' | 'duplicate-source-key' | 'duplicate-target-key' | 'empty-key' | 'key-unreadable';
  /** The target column concerned, when there is one. */
  column?: string;
  /** Rows (or values) concerned. */
  count: number;
  /** Plain words. */
  message: string;
  /** A few keys (and values) as examples, as text. */
  examples: { key: Record<string, string | null>; value?: string | null }[];
}

export interface FieldChange {
  column: string;
  old: string | null;
  new: string | null;
}

export interface RowChange {
  key: Record<string, string | null>;
  fields: FieldChange[];
}

export interface ComparePlan extends CompareCounts {
  /** Per target column: matched rows where it would change. */
  fields: Record<string, number>;
  /** Target columns that are copied (those existing on both sides). */
  copied: string[];
  /**
   * The target is a table Ferry's sync keeps in step with an export: copied values then count as
   * edits made in PostgreSQL, and a later export that changes the same rows shows them as conflicts.
   */
  synced: boolean;
  missingColumns: MissingColumn[];
  errors: CompareError[];
  /** First rows that would change, old → new per field (at most `listed`). */
  changes: RowChange[];
  /** Keys of the first source rows not found in the target (at most `listed`). */
  notFoundRows: Record<string, string | null>[];
  listed: number;
  seconds: number;
}

export interface CopyResult extends ComparePlan {
  runId: string;
  /** The target's workspace, whose history lists the copy. */
  workspaceId: string;
}
