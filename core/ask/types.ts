/** Result shapes of the Ask operations; type-only, so the renderer can read them. */

export interface AskStatus {
  /** An API key is saved (its value is never sent back). */
  hasKey: boolean;
  model: string;
  defaultModel: string;
  /** Where the key is kept: the OS keychain, or memory for this session only. */
  keyStorage: 'os-keychain' | 'session-memory';
  /** For a workspace: whether Ferry's read-only role exists and this connection may use it. */
  readerRole?: 'ready' | 'missing';
  /** For a workspace whose database cannot be reached now: why, in plain words. */
  databaseProblem?: string;
}

export interface AskAnswer {
  sql: string;
  /** What the model said besides the query, if anything (one or two sentences). */
  note: string;
  model: string;
  /** Why Ferry would not run this query as it stands (the user may edit it), if it would not. */
  refused?: string;
}

export interface ResultColumn {
  name: string;
  /** PostgreSQL type name, e.g. `text`, `numeric`, `timestamp with time zone`. */
  type: string;
}

export interface QueryRows {
  columns: ResultColumn[];
  /** Every value as PostgreSQL prints it, or null. */
  rows: (string | null)[][];
  /** True when the query had more rows than `limit` (only the first `limit` are here). */
  limited: boolean;
  limit: number;
  /** Whether the query ran as Ferry's read-only role. */
  asReaderRole: boolean;
  ms: number;
}

export interface CsvExport {
  csv: string;
  rows: number;
  limited: boolean;
  fileName: string;
}

export interface ReaderRoleResult {
  role: string;
  schemas: string[];
  created: boolean;
}
