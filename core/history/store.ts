import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FerryError } from '../api/errors.js';
import type { Connection } from '../api/ops/connection-input.js';
import { historyMigrations, migrate, type Migration } from './migrations.js';
import type {
  FileFingerprint,
  ProblemRecord,
  RuleEffect,
  RunEnd,
  RunKind,
  RunRecorder,
  RunStart,
  RunStatus,
  SnapshotCounts,
  SyncMode,
  TableCounts,
} from './recorder.js';
import { splitSecret, targetKey, targetLabel } from './target-key.js';
import type { Phase, RunDetail, RunSummary, StoredTarget, Workspace } from './types.js';

export const HISTORY_FILE = 'ferry.sqlite';
/** `history/run` lists this many problems; the rest are paged with `problems()`. */
const PROBLEMS_FIRST_PAGE = 500;

export interface WorkspaceFields {
  name: string;
  target: StoredTarget;
  mapping?: unknown;
  files?: FileFingerprint[];
  exportFolder?: string | null;
  phase?: Phase;
}

export interface HistoryStore extends RunRecorder {
  readonly file: string;
  /** Runs this open found left `running` by a process that is gone, now `interrupted`. */
  readonly interruptedAtOpen: string[];
  close(): void;

  listWorkspaces(): Workspace[];
  getWorkspace(id: string): Workspace | undefined;
  /** Like getWorkspace, but says in plain words when it does not exist. */
  workspace(id: string): Workspace;
  createWorkspace(fields: WorkspaceFields): Workspace;
  updateWorkspace(id: string, patch: Partial<WorkspaceFields>): Workspace;
  deleteWorkspace(id: string): void;
  /** The workspace for a target (found by where it points, never by password), made if there is none. */
  workspaceForTarget(conn: Connection): Workspace;

  /** Newest first. */
  listRuns(workspaceId: string): RunSummary[];
  getRun(runId: string): RunDetail | undefined;
  run(runId: string): RunDetail;
  problems(runId: string, offset: number, limit: number): ProblemRecord[];
  /** Applied, completed runs of a workspace from `runId` (included) to the newest, newest first. */
  appliedRunsSince(workspaceId: string, runId: string): RunSummary[];
  /** Interrupted runs whose target has not been checked yet. */
  uncheckedInterrupted(): RunSummary[];
  /** What checking the target found for an interrupted run; `committed` makes it completed. */
  setTargetCheck(runId: string, check: 'not-committed' | 'committed', tables?: Record<string, TableCounts>): void;
}

export interface OpenOptions {
  /** For tests of the migration checks; Ferry itself always uses the built-in list. */
  migrations?: Migration[];
}

/** Opens (creating when needed) `<home>/ferry.sqlite`, checks and applies migrations, marks crashed runs. */
export function openHistoryStore(home: string, options: OpenOptions = {}): HistoryStore {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, HISTORY_FILE);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new FerryError(
      'history-unreadable',
      `Ferry could not open its history file ${file} (${(err as Error).message}). Check that the folder is writable.`,
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? historyMigrations, file);
    const interrupted = markInterrupted(db);
    return new SqliteHistoryStore(db, file, interrupted);
  } catch (err) {
    db.close();
    if (err instanceof FerryError) throw err;
    throw new FerryError(
      'history-unreadable',
      `Ferry could not read its history file ${file} (${(err as Error).message}). It may be damaged; move it away to start a new history.`,
    );
  }
}

/** `run-20260114-153012-7f3a9c`: sorts by time, readable in a terminal, unique enough with the random tail. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function emptyCounts(): TableCounts {
  return { insert: 0, update: 0, unchanged: 0, retire: 0, pending: 0, conflict: 0, problems: 0 };
}

export function sumCounts(tables: Record<string, TableCounts>): TableCounts {
  const total = emptyCounts();
  for (const counts of Object.values(tables)) {
    for (const k of Object.keys(total) as (keyof TableCounts)[]) total[k] += counts[k] ?? 0;
  }
  return total;
}

interface WorkspaceRow {
  id: string;
  name: string;
  target_json: string;
  target_key: string;
  mapping_json: string | null;
  files_json: string;
  export_folder: string | null;
  phase: Phase;
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
}

interface RunRow {
  run_id: string;
  workspace_id: string;
  kind: RunKind;
  mode: SyncMode | null;
  dry_run: number;
  status: RunStatus;
  restore_of: string | null;
  started_at: string;
  ended_at: string | null;
  tables_json: string;
  problems_count: number;
  files_json: string;
  timings_json: string | null;
  error: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  target_check: string | null;
}

interface ProblemRow {
  table_name: string | null;
  file: string | null;
  row_number: number | null;
  column_name: string | null;
  value: string | null;
  stage: string | null;
  reason: string;
  action: string | null;
}

function markInterrupted(db: Database.Database): string[] {
  const host = os.hostname();
  const running = db.prepare("SELECT run_id, owner_pid, owner_host FROM runs WHERE status = 'running'").all() as Pick<
    RunRow,
    'run_id' | 'owner_pid' | 'owner_host'
  >[];
  // A run another live process is still applying (the app while the CLI lists history) is not a crash.
  const gone = running.filter((r) => r.owner_host !== host || r.owner_pid === null || !processAlive(r.owner_pid));
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, ?), target_check = 'unchecked',
       error = 'Ferry stopped before this ' || CASE kind WHEN 'copy' THEN 'copy' WHEN 'restore' THEN 'restore' ELSE 'sync' END ||
         ' finished (the computer or the program was shut down). The database was left as it was before it.'
     WHERE run_id = ? AND status = 'running'`,
  );
  const now = new Date().toISOString();
  db.transaction(() => gone.forEach((r) => mark.run(now, r.run_id)))();
  return gone.map((r) => r.run_id);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse<T>(json: string | null, fallback: T): T {
  if (json === null) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

class SqliteHistoryStore implements HistoryStore {
  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly interruptedAtOpen: string[],
  ) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- workspaces

  private static readonly WORKSPACE_SELECT = `SELECT w.*,
      (SELECT MAX(r.ended_at) FROM runs r WHERE r.workspace_id = w.id AND r.status = 'completed' AND r.dry_run = 0) AS last_run_at
    FROM workspaces w`;

  listWorkspaces(): Workspace[] {
    const rows = this.db
      .prepare(`${SqliteHistoryStore.WORKSPACE_SELECT} ORDER BY w.updated_at DESC, w.rowid DESC`)
      .all() as WorkspaceRow[];
    return rows.map(toWorkspace);
  }

  getWorkspace(id: string): Workspace | undefined {
    const row = this.db.prepare(`${SqliteHistoryStore.WORKSPACE_SELECT} WHERE w.id = ?`).get(id) as
      WorkspaceRow | undefined;
    return row ? toWorkspace(row) : undefined;
  }

  workspace(id: string): Workspace {
    const ws = this.getWorkspace(id);
    if (!ws) {
      throw new FerryError('workspace-missing', 'That workspace no longer exists. Choose another one from the list.');
    }
    return ws;
  }

  createWorkspace(fields: WorkspaceFields): Workspace {
    const id = randomUUID();
    const now = new Date().toISOString();
    const target = storedTarget(fields.target);
    this.db
      .prepare(
        `INSERT INTO workspaces (id, name, target_json, target_key, mapping_json, files_json, export_folder, phase, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        fields.name,
        JSON.stringify(target),
        targetKey(target),
        fields.mapping === undefined ? null : JSON.stringify(fields.mapping),
        JSON.stringify(fields.files ?? []),
        fields.exportFolder ?? null,
        fields.phase ?? 'parallel',
        now,
        now,
      );
    return this.workspace(id);
  }

  updateWorkspace(id: string, patch: Partial<WorkspaceFields>): Workspace {
    const current = this.workspace(id);
    const target = patch.target ? storedTarget(patch.target) : current.target;
    this.db
      .prepare(
        `UPDATE workspaces SET name = ?, target_json = ?, target_key = ?, mapping_json = ?, files_json = ?,
           export_folder = ?, phase = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        patch.name ?? current.name,
        JSON.stringify(target),
        targetKey(target),
        JSON.stringify(patch.mapping !== undefined ? patch.mapping : current.mapping),
        JSON.stringify(patch.files ?? current.files),
        patch.exportFolder !== undefined ? patch.exportFolder : (current.exportFolder ?? null),
        patch.phase ?? current.phase,
        new Date().toISOString(),
        id,
      );
    return this.workspace(id);
  }

  deleteWorkspace(id: string): void {
    this.workspace(id);
    this.db.prepare('DELETE FROM workspaces WHERE id = ?').run(id);
  }

  workspaceForTarget(conn: Connection): Workspace {
    const { target } = splitSecret(conn);
    const key = targetKey(target);
    const row = this.db
      .prepare(`${SqliteHistoryStore.WORKSPACE_SELECT} WHERE w.target_key = ? ORDER BY w.created_at, w.rowid LIMIT 1`)
      .get(key) as WorkspaceRow | undefined;
    if (row) return toWorkspace(row);
    return this.createWorkspace({ name: targetLabel(target), target });
  }

  // ---- runs (the RunRecorder the sync engine writes through)

  async begin(run: RunStart): Promise<string> {
    this.workspace(run.workspaceId);
    const runId = newRunId();
    this.db
      .prepare(
        `INSERT INTO runs (run_id, workspace_id, kind, mode, dry_run, status, restore_of, started_at, files_json, owner_pid, owner_host, mapping_json)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        run.workspaceId,
        run.kind,
        run.mode ?? null,
        run.dryRun ? 1 : 0,
        run.restoreOf ?? null,
        new Date().toISOString(),
        JSON.stringify(run.files ?? []),
        process.pid,
        os.hostname(),
        run.mapping === undefined ? null : JSON.stringify(run.mapping),
      );
    return runId;
  }

  async end(runId: string, end: RunEnd): Promise<void> {
    const exists = this.db
      .prepare('SELECT kind, dry_run, workspace_id, files_json, mapping_json FROM runs WHERE run_id = ?')
      .get(runId) as
      (Pick<RunRow, 'kind' | 'dry_run' | 'workspace_id' | 'files_json'> & { mapping_json: string | null }) | undefined;
    if (!exists) throw new FerryError('run-missing', `Ferry has no run called "${runId}" in its history.`);
    const insertProblem = this.db.prepare(
      `INSERT INTO problems (run_id, seq, table_name, file, row_number, column_name, value, stage, reason, action)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEffect = this.db.prepare(
      `INSERT INTO rule_effects (run_id, seq, rule, table_name, column_name, count, examples_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertSnapshot = this.db.prepare(
      `INSERT OR REPLACE INTO snapshots (run_id, table_name, inserted, updated, retired, revived, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE runs SET status = ?, ended_at = ?, tables_json = ?, problems_count = ?, timings_json = ?, error = ? WHERE run_id = ?`,
        )
        .run(
          end.status,
          new Date().toISOString(),
          JSON.stringify(end.tables ?? {}),
          end.problems.length,
          end.timings ? JSON.stringify(end.timings) : null,
          end.error ?? null,
          runId,
        );
      this.db.prepare('DELETE FROM problems WHERE run_id = ?').run(runId);
      this.db.prepare('DELETE FROM rule_effects WHERE run_id = ?').run(runId);
      end.problems.forEach((p, i) =>
        insertProblem.run(
          runId,
          i,
          p.table ?? null,
          p.file ?? null,
          p.row ?? null,
          p.column ?? null,
          p.value ?? null,
          p.stage ?? null,
          p.reason,
          p.action ?? null,
        ),
      );
      (end.ruleEffects ?? []).forEach((e, i) =>
        insertEffect.run(
          runId,
          i,
          e.rule,
          e.table ?? null,
          e.column ?? null,
          e.count,
          JSON.stringify(e.examples ?? []),
        ),
      );
      for (const s of end.snapshot ?? []) {
        insertSnapshot.run(runId, s.table, s.inserted, s.updated, s.retired, s.revived, s.deleted);
      }
      if (end.status === 'completed' && exists.kind === 'sync' && exists.dry_run === 0) {
        // The export set (and mapping) of the last applied sync is what a re-sync compares against.
        this.db
          .prepare(
            `UPDATE workspaces SET files_json = ?, mapping_json = COALESCE(?, mapping_json), updated_at = ? WHERE id = ?`,
          )
          .run(exists.files_json, exists.mapping_json, new Date().toISOString(), exists.workspace_id);
      }
    })();
  }

  listRuns(workspaceId: string): RunSummary[] {
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE workspace_id = ? ORDER BY started_at DESC, rowid DESC')
      .all(workspaceId) as RunRow[];
    return rows.map(toSummary);
  }

  getRun(runId: string): RunDetail | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const effects = this.db.prepare('SELECT * FROM rule_effects WHERE run_id = ? ORDER BY seq').all(runId) as {
      rule: string;
      table_name: string | null;
      column_name: string | null;
      count: number;
      examples_json: string;
    }[];
    const snapshot = this.db
      .prepare(
        'SELECT table_name AS "table", inserted, updated, retired, revived, deleted FROM snapshots WHERE run_id = ? ORDER BY table_name',
      )
      .all(runId) as SnapshotCounts[];
    const problems = this.problems(runId, 0, PROBLEMS_FIRST_PAGE);
    return {
      ...toSummary(row),
      files: parse<FileFingerprint[]>(row.files_json, []),
      tables: parse<Record<string, TableCounts>>(row.tables_json, {}),
      problems,
      problemsTruncated: row.problems_count > problems.length,
      ruleEffects: effects.map((e): RuleEffect => ({
        rule: e.rule,
        ...(e.table_name !== null ? { table: e.table_name } : {}),
        ...(e.column_name !== null ? { column: e.column_name } : {}),
        count: e.count,
        examples: parse(e.examples_json, []),
      })),
      ...(row.timings_json ? { timings: parse<Record<string, number>>(row.timings_json, {}) } : {}),
      snapshot,
      ...(row.target_check ? { targetCheck: row.target_check as RunDetail['targetCheck'] } : {}),
    };
  }

  run(runId: string): RunDetail {
    const run = this.getRun(runId);
    if (!run) throw new FerryError('run-missing', `Ferry has no run called "${runId}" in its history.`);
    return run;
  }

  problems(runId: string, offset: number, limit: number): ProblemRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM problems WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .all(runId, limit, offset) as ProblemRow[];
    return rows.map((p): ProblemRecord => ({
      reason: p.reason,
      ...(p.table_name !== null ? { table: p.table_name } : {}),
      ...(p.file !== null ? { file: p.file } : {}),
      ...(p.row_number !== null ? { row: p.row_number } : {}),
      ...(p.column_name !== null ? { column: p.column_name } : {}),
      ...(p.value !== null ? { value: p.value } : {}),
      ...(p.stage !== null ? { stage: p.stage } : {}),
      ...(p.action !== null ? { action: p.action } : {}),
    }));
  }

  appliedRunsSince(workspaceId: string, runId: string): RunSummary[] {
    const all = this.listRuns(workspaceId).filter((r) => !r.dryRun && r.status === 'completed');
    const at = all.findIndex((r) => r.runId === runId);
    if (at < 0) {
      throw new FerryError(
        'run-not-restorable',
        `Run "${runId}" is not a completed sync of this workspace, so there is nothing to put back from it.`,
      );
    }
    return all.slice(0, at + 1);
  }

  uncheckedInterrupted(): RunSummary[] {
    const rows = this.db
      .prepare("SELECT * FROM runs WHERE status = 'interrupted' AND target_check = 'unchecked' ORDER BY started_at")
      .all() as RunRow[];
    return rows.map(toSummary);
  }

  setTargetCheck(runId: string, check: 'not-committed' | 'committed', tables?: Record<string, TableCounts>): void {
    if (check === 'committed') {
      // The database has the run's record, so its transaction committed: only the note in history was lost.
      this.db
        .prepare(
          `UPDATE runs SET status = 'completed', target_check = 'committed', error = NULL,
             tables_json = COALESCE(?, tables_json) WHERE run_id = ?`,
        )
        .run(tables ? JSON.stringify(tables) : null, runId);
    } else {
      this.db.prepare("UPDATE runs SET target_check = 'not-committed' WHERE run_id = ?").run(runId);
    }
  }
}

function storedTarget(target: StoredTarget): StoredTarget {
  // Whatever the caller passed, SQLite never gets a password.
  const { secretRef } = target;
  const { target: clean } = splitSecret(target as Connection);
  return secretRef ? { ...clean, secretRef } : clean;
}

function toWorkspace(row: WorkspaceRow): Workspace {
  const target = parse<StoredTarget>(row.target_json, { kind: 'local' });
  return {
    id: row.id,
    name: row.name,
    target,
    targetLabel: targetLabel(target),
    targetKey: row.target_key,
    mapping: parse<unknown>(row.mapping_json, null),
    files: parse<FileFingerprint[]>(row.files_json, []),
    ...(row.export_folder ? { exportFolder: row.export_folder } : {}),
    phase: row.phase,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.last_run_at ? { lastRunAt: row.last_run_at } : {}),
  };
}

function toSummary(row: RunRow): RunSummary {
  const tables = parse<Record<string, TableCounts>>(row.tables_json, {});
  return {
    runId: row.run_id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    ...(row.mode ? { mode: row.mode } : {}),
    dryRun: row.dry_run === 1,
    status: row.status,
    startedAt: row.started_at,
    ...(row.ended_at ? { endedAt: row.ended_at } : {}),
    totals: sumCounts(tables),
    problemsCount: row.problems_count,
    ...(row.restore_of ? { restoreOf: row.restore_of } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}
