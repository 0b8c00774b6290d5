import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FerryError } from '../api/errors.js';
import type { FileFingerprint } from '../history/recorder.js';
import { historyMigrations, migrate } from '../history/migrations.js';
import { HISTORY_FILE } from '../history/store.js';
import type { DriftReport, GateItem, Phase, PhaseMove, ReconciliationReport } from './types.js';
import { phaseIndex } from './phases.js';

/**
 * The cutover's part of the local history file (tables of migration 0003_cutover): phase moves,
 * drift checks and reconciliation reports. A phase move changes the workspace's phase and records
 * itself in one SQLite transaction, so the history never shows a phase nobody moved to.
 */
export interface CutoverRecords {
  close(): void;
  saveDrift(report: DriftReport): void;
  latestDrift(workspaceId: string): DriftReport | undefined;
  saveReconciliation(report: ReconciliationReport): void;
  latestReconciliation(workspaceId: string): ReconciliationReport | undefined;
  moves(workspaceId: string): PhaseMove[];
  /** Sets the workspace's phase and records the move with its checks (and archived files). */
  recordMove(
    workspaceId: string,
    move: { from: Phase; to: Phase; checks: GateItem[]; archived?: FileFingerprint[] },
  ): PhaseMove;
  /** The final export archived by the newest move into postgres-only, if the workspace is there. */
  archivedExport(workspaceId: string): FileFingerprint[] | undefined;
}

export function openCutoverRecords(home: string): CutoverRecords {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, HISTORY_FILE);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The same checked migration list as the history store: an older or edited history stops here too.
    migrate(db, historyMigrations, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteCutoverRecords(db);
}

export async function withCutoverRecords<T>(home: string, fn: (r: CutoverRecords) => Promise<T> | T): Promise<T> {
  const records = openCutoverRecords(home);
  try {
    return await fn(records);
  } finally {
    records.close();
  }
}

function parse<T>(json: string | null): T | undefined {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

interface MoveRow {
  from_phase: Phase;
  to_phase: Phase;
  moved_at: string;
  checks_json: string;
  archived_files_json: string | null;
}

class SqliteCutoverRecords implements CutoverRecords {
  constructor(private readonly db: Database.Database) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  saveDrift(report: DriftReport): void {
    this.db
      .prepare('INSERT INTO drift_checks (check_id, workspace_id, checked_at, report_json) VALUES (?, ?, ?, ?)')
      .run(report.checkId, report.workspaceId, report.checkedAt, JSON.stringify(report));
  }

  latestDrift(workspaceId: string): DriftReport | undefined {
    const row = this.db
      .prepare(
        'SELECT report_json FROM drift_checks WHERE workspace_id = ? ORDER BY checked_at DESC, rowid DESC LIMIT 1',
      )
      .get(workspaceId) as { report_json: string } | undefined;
    return row ? parse<DriftReport>(row.report_json) : undefined;
  }

  saveReconciliation(report: ReconciliationReport): void {
    this.db
      .prepare('INSERT INTO reconciliations (report_id, workspace_id, created_at, report_json) VALUES (?, ?, ?, ?)')
      .run(report.reportId, report.workspaceId, report.createdAt, JSON.stringify(report));
  }

  latestReconciliation(workspaceId: string): ReconciliationReport | undefined {
    const row = this.db
      .prepare(
        'SELECT report_json FROM reconciliations WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      )
      .get(workspaceId) as { report_json: string } | undefined;
    return row ? parse<ReconciliationReport>(row.report_json) : undefined;
  }

  moves(workspaceId: string): PhaseMove[] {
    const rows = this.db
      .prepare('SELECT * FROM phase_moves WHERE workspace_id = ? ORDER BY seq DESC')
      .all(workspaceId) as MoveRow[];
    return rows.map(toMove);
  }

  recordMove(
    workspaceId: string,
    move: { from: Phase; to: Phase; checks: GateItem[]; archived?: FileFingerprint[] },
  ): PhaseMove {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      // Only from the phase the gate was checked for: a move made meanwhile elsewhere wins, this one fails.
      const changed = this.db
        .prepare('UPDATE workspaces SET phase = ?, updated_at = ? WHERE id = ? AND phase = ?')
        .run(move.to, now, workspaceId, move.from);
      if (changed.changes !== 1) {
        throw new FerryError(
          'phase-changed',
          'The phase of this workspace changed while Ferry was checking it. Look at the Cutover screen again and retry.',
        );
      }
      this.db
        .prepare(
          'INSERT INTO phase_moves (workspace_id, from_phase, to_phase, moved_at, checks_json, archived_files_json) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          workspaceId,
          move.from,
          move.to,
          now,
          JSON.stringify(move.checks),
          move.archived ? JSON.stringify(move.archived) : null,
        );
    })();
    return toMove({
      from_phase: move.from,
      to_phase: move.to,
      moved_at: now,
      checks_json: JSON.stringify(move.checks),
      archived_files_json: null,
    });
  }

  archivedExport(workspaceId: string): FileFingerprint[] | undefined {
    const row = this.db
      .prepare(
        `SELECT archived_files_json FROM phase_moves WHERE workspace_id = ? AND to_phase = 'postgres-only'
          ORDER BY seq DESC LIMIT 1`,
      )
      .get(workspaceId) as { archived_files_json: string | null } | undefined;
    return row ? parse<FileFingerprint[]>(row.archived_files_json) : undefined;
  }
}

function toMove(row: MoveRow): PhaseMove {
  return {
    from: row.from_phase,
    to: row.to_phase,
    movedAt: row.moved_at,
    direction: phaseIndex(row.to_phase) > phaseIndex(row.from_phase) ? 'forward' : 'back',
    checks: parse<GateItem[]>(row.checks_json) ?? [],
  };
}
