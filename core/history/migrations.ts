import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { FerryError } from '../api/errors.js';

export interface Migration {
  /** Ordered, never renamed: `0001_init`. */
  id: string;
  sql: string;
}

/**
 * The history store's schema, in order. A migration that has shipped is never edited: its checksum
 * is kept in `schema_migrations`, and an edited one stops Ferry with a plain message instead of
 * leaving history half-upgraded. New columns and tables come as new migrations at the end.
 */
export const historyMigrations: Migration[] = [
  {
    id: '0001_init',
    sql: `
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  target_json TEXT NOT NULL,
  target_key TEXT NOT NULL,
  mapping_json TEXT,
  files_json TEXT NOT NULL DEFAULT '[]',
  export_folder TEXT,
  phase TEXT NOT NULL DEFAULT 'parallel' CHECK (phase IN ('parallel', 'postgres-primary', 'postgres-only')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX workspaces_target_key ON workspaces (target_key);

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('sync', 'restore', 'copy')),
  mode TEXT,
  dry_run INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'cancelled')),
  restore_of TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  tables_json TEXT NOT NULL DEFAULT '{}',
  problems_count INTEGER NOT NULL DEFAULT 0,
  files_json TEXT NOT NULL DEFAULT '[]',
  timings_json TEXT,
  error TEXT,
  owner_pid INTEGER,
  owner_host TEXT,
  target_check TEXT
);
CREATE INDEX runs_workspace ON runs (workspace_id, started_at);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE problems (
  run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  table_name TEXT,
  file TEXT,
  row_number INTEGER,
  column_name TEXT,
  value TEXT,
  stage TEXT,
  reason TEXT NOT NULL,
  action TEXT,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE rule_effects (
  run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  rule TEXT NOT NULL,
  table_name TEXT,
  column_name TEXT,
  count INTEGER NOT NULL,
  examples_json TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (run_id, seq)
);

-- The index of what each applied run changed; the before-images themselves live in the target's
-- ferry.row_images, written in the same transaction as the change.
CREATE TABLE snapshots (
  run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  revived INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, table_name)
);
`,
  },
  {
    id: '0002_run_mapping',
    sql: `ALTER TABLE runs ADD COLUMN mapping_json TEXT;`,
  },
  // Cutover (owned by core/cutover): phase moves with the checks that allowed them, drift checks and
  // reconciliation reports, so a gate can show what it was shown and when.
  {
    id: '0003_cutover',
    sql: `
CREATE TABLE phase_moves (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  from_phase TEXT NOT NULL,
  to_phase TEXT NOT NULL,
  moved_at TEXT NOT NULL,
  checks_json TEXT NOT NULL DEFAULT '[]',
  archived_files_json TEXT
);
CREATE INDEX phase_moves_workspace ON phase_moves (workspace_id, seq);

CREATE TABLE drift_checks (
  check_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  checked_at TEXT NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX drift_checks_workspace ON drift_checks (workspace_id, checked_at);

CREATE TABLE reconciliations (
  report_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX reconciliations_workspace ON reconciliations (workspace_id, created_at);
`,
  },
];

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export interface MigrationResult {
  applied: string[];
}

/**
 * Checks every applied migration against the known list (same id at the same place, same
 * checksum), then applies the pending ones, each in its own transaction. Any mismatch throws.
 */
export function migrate(db: Database.Database, migrations: Migration[], where: string): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const done = db.prepare('SELECT seq, id, checksum FROM schema_migrations ORDER BY seq').all() as {
    seq: number;
    id: string;
    checksum: string;
  }[];
  done.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.id !== row.id) {
      throw new FerryError(
        'history-newer',
        `The history in ${where} was written by a different or newer version of Ferry (it has a change called "${row.id}" this version does not know). Update Ferry, or move that file away to start a new history.`,
      );
    }
    if (checksum(known.sql) !== row.checksum) {
      throw new FerryError(
        'history-migration-edited',
        `The history in ${where} was set up by a change ("${row.id}") that differs from the one in this version of Ferry. Ferry stopped so nothing is damaged; please report this.`,
      );
    }
  });
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (seq, id, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (let i = done.length; i < migrations.length; i++) {
    const m = migrations[i]!;
    const run = db.transaction(() => {
      db.exec(m.sql);
      record.run(i + 1, m.id, checksum(m.sql), new Date().toISOString());
    });
    try {
      run();
    } catch (err) {
      throw new FerryError(
        'history-migration-failed',
        `Ferry could not upgrade the history in ${where} (step "${m.id}": ${(err as Error).message}). Nothing was changed by that step.`,
      );
    }
    applied.push(m.id);
  }
  return { applied };
}
