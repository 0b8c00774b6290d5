import fs from 'node:fs';
import pg from 'pg';
import { FerryError } from '../api/errors.js';
import type { Progress } from '../api/define.js';
import type { FerryEnv } from '../env/env.js';
import { withHistory, workspaceConnection } from '../history/open.js';
import type { HistoryStore } from '../history/store.js';
import type { RunSummary, Workspace } from '../history/types.js';
import { candidates, pickNewest } from '../resync/pick.js';
import { checkDrift } from './drift.js';
import { evaluateGate, gateMessage, type GateFacts } from './gates.js';
import { nextPhase, PHASES, phaseIndex, phaseTitle, previousPhase } from './phases.js';
import { reconcile, reconciliationDifferences } from './reconcile.js';
import { withCutoverRecords, type CutoverRecords } from './records.js';
import type { CutoverStatus, DriftReport, MoveResult, Phase, ReconciliationReport } from './types.js';
import { connectTarget } from '../target/connect.js';

interface Work {
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

/** Facts about runs the gates need, from the history store. */
function runFacts(store: HistoryStore, workspaceId: string): Pick<GateFacts, 'runs'> {
  return { runs: store.listRuns(workspaceId) };
}

/**
 * Whether the newest completed sync can be undone: the target has its record (ferry.runs) and,
 * when it changed rows, the before-images restore needs (ferry.row_images).
 */
async function restorePointFacts(env: FerryEnv, ws: Workspace, runs: RunSummary[]): Promise<GateFacts['restorePoint']> {
  const last = runs.find((r) => r.kind === 'sync' && !r.dryRun && r.status === 'completed');
  if (!last) return { ok: false, reason: 'No sync has completed yet, so there is nothing to go back to.' };
  let client: pg.Client | undefined;
  try {
    client = await connectTarget(await workspaceConnection(ws, env), env);
    const has = await client.query<{ t: string | null }>(`SELECT to_regclass('ferry.row_images')::text AS t`);
    if (!has.rows[0]?.t) return { ok: false };
    const { rows } = await client.query<{ recorded: boolean; images: number }>(
      `SELECT EXISTS (SELECT 1 FROM ferry.runs WHERE run_id = $1) AS recorded,
              (SELECT count(*)::int FROM (SELECT 1 FROM ferry.row_images WHERE run_id = $1 LIMIT 1) x) AS images`,
      [last.runId],
    );
    // Inserted rows need no image (restore finds them by created_run_id); changed and retired rows do.
    const changed = last.totals.update + last.totals.retire;
    return { ok: !!rows[0]?.recorded && (changed === 0 || (rows[0]?.images ?? 0) > 0) };
  } catch (err) {
    return {
      ok: false,
      reason: `Ferry could not look for the restore point in the database: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    await client?.end().catch(() => {});
  }
}

function buildStatus(
  ws: Workspace,
  facts: Pick<GateFacts, 'runs' | 'restorePoint'>,
  records: CutoverRecords,
): CutoverStatus {
  const drift = records.latestDrift(ws.id);
  const reconciliation = records.latestReconciliation(ws.id);
  const next = nextPhase(ws.phase);
  const previous = previousPhase(ws.phase);
  const gate = next ? evaluateGate(ws.phase, next, { ...facts, drift, reconciliation }) : undefined;
  const lastSync = facts.runs.find((r) => r.kind === 'sync' && !r.dryRun);
  const lastExportAt = ws.files
    .map((f) => f.modifiedAt)
    .filter((m): m is string => !!m)
    .sort()
    .at(-1);
  const archived = ws.phase === 'postgres-only' ? records.archivedExport(ws.id) : undefined;
  return {
    workspaceId: ws.id,
    name: ws.name,
    phase: ws.phase,
    phases: PHASES,
    ...(next ? { next } : {}),
    ...(previous ? { previous } : {}),
    ...(gate ? { gate } : {}),
    ...(lastSync
      ? {
          lastSync: {
            runId: lastSync.runId,
            at: lastSync.endedAt ?? lastSync.startedAt,
            status: lastSync.status,
            problems: lastSync.problemsCount,
            pending: lastSync.totals.pending,
          },
        }
      : {}),
    ...(lastExportAt ? { lastExportAt } : {}),
    ...(drift ? { lastDrift: drift } : {}),
    ...(reconciliation ? { lastReconciliation: reconciliation } : {}),
    moves: records.moves(ws.id),
    ...(archived ? { archivedExport: archived } : {}),
    resyncAllowed: ws.phase !== 'postgres-only',
    summary: statusSummary(ws, gate?.ready),
  };
}

function statusSummary(ws: Workspace, ready: boolean | undefined): string {
  const now = `"${ws.name}" is in ${phaseTitle(ws.phase)}.`;
  const next = nextPhase(ws.phase);
  if (!next) return `${now} The move is complete: re-sync is off and Airtable is an archive.`;
  return ready
    ? `${now} Every check for ${phaseTitle(next)} has passed.`
    : `${now} Some checks for ${phaseTitle(next)} are still open.`;
}

export async function cutoverStatus(env: FerryEnv, workspaceId: string): Promise<CutoverStatus> {
  const { ws, facts } = await withHistory(env, (store) => ({
    ws: store.workspace(workspaceId),
    facts: runFacts(store, workspaceId),
  }));
  const restorePoint =
    ws.phase === 'parallel' ? await restorePointFacts(env, ws, facts.runs) : { ok: false, reason: 'Not needed now.' };
  return withCutoverRecords(env.home, (records) => buildStatus(ws, { ...facts, restorePoint }, records));
}

/**
 * The export files to compare: the newest file per table of the saved export set among the
 * paths given (files or folders), or the saved export set itself when none are given.
 */
export async function driftPaths(ws: Workspace, given: string[] | undefined): Promise<string[]> {
  if (!given || given.length === 0) {
    const saved = ws.files.map((f) => f.path).filter((p): p is string => !!p);
    if (saved.length === 0) {
      throw new FerryError(
        'no-export-files',
        `"${ws.name}" has no saved export set yet. Choose the export files (or their folder) to compare.`,
      );
    }
    const gone = saved.filter((p) => !fs.existsSync(p));
    if (gone.length) {
      throw new FerryError(
        'file-missing',
        `The last synced export is no longer where it was (${gone.length} file${gone.length === 1 ? '' : 's'} moved or deleted). Choose the export files to compare.`,
      );
    }
    return saved;
  }
  const found = await candidates(given);
  if (ws.files.length === 0) return found.map((c) => c.path);
  const { picked } = pickNewest(ws.files, found);
  if (picked.length === 0) {
    throw new FerryError(
      'no-export-files',
      `None of those files belongs to the export set of "${ws.name}" (${ws.files.map((f) => f.table).join(', ')}).`,
    );
  }
  return picked.map((p) => p.file.path);
}

/** Checks drift and keeps the report in the history, so the gates and the screen can show it. */
export async function runDriftCheck(
  env: FerryEnv,
  workspaceId: string,
  paths: string[] | undefined,
  work: Work,
): Promise<DriftReport> {
  const ws = await withHistory(env, (store) => store.workspace(workspaceId));
  const report = await checkDrift(env, ws, await driftPaths(ws, paths), work);
  await withCutoverRecords(env.home, (records) => records.saveDrift(report));
  return report;
}

/** Computes the reconciliation report from PostgreSQL and saves it. */
export async function saveReconciliation(
  env: FerryEnv,
  workspaceId: string,
  work: Work,
): Promise<ReconciliationReport> {
  const ws = await withHistory(env, (store) => store.workspace(workspaceId));
  const report = await reconcile(env, ws, work);
  await withCutoverRecords(env.home, (records) => records.saveReconciliation(report));
  return report;
}

/**
 * Moves a workspace to another phase. Back: always allowed, recorded. Forward: one phase at a
 * time, and only when every item of the gate passes, checked afresh (drift re-read against the
 * same export, checksums recomputed); the checklist is recorded with the move.
 */
export async function movePhase(
  env: FerryEnv,
  input: { workspaceId: string; to: Phase; confirmFinalExport?: boolean },
  work: Work,
): Promise<MoveResult> {
  const { ws, facts } = await withHistory(env, (store) => ({
    ws: store.workspace(input.workspaceId),
    facts: runFacts(store, input.workspaceId),
  }));
  const from = ws.phase;
  if (input.to === from) {
    throw new FerryError('same-phase', `"${ws.name}" is already in ${phaseTitle(from)}.`);
  }
  if (phaseIndex(input.to) < phaseIndex(from)) {
    await withCutoverRecords(env.home, (records) => records.recordMove(ws.id, { from, to: input.to, checks: [] }));
    const status = await cutoverStatus(env, ws.id);
    return {
      moved: true,
      from,
      to: input.to,
      message: `Moved back from ${phaseTitle(from)} to ${phaseTitle(input.to)}.${input.to !== 'postgres-only' ? ' Re-sync is possible again.' : ''}`,
      status,
    };
  }
  if (input.to !== nextPhase(from)) {
    throw new FerryError(
      'phase-skip',
      `Move one phase at a time: from ${phaseTitle(from)} the next phase is ${phaseTitle(nextPhase(from)!)}.`,
    );
  }
  const gateFacts: GateFacts = {
    ...facts,
    restorePoint: input.to === 'postgres-primary' ? await restorePointFacts(env, ws, facts.runs) : { ok: true },
  };
  const saved = await withCutoverRecords(env.home, (records) => ({
    drift: records.latestDrift(ws.id),
    reconciliation: records.latestReconciliation(ws.id),
  }));
  // Drift again, against the same export as the last check: PostgreSQL may have been edited since.
  if (saved.drift) {
    try {
      gateFacts.drift = await runDriftCheck(
        env,
        ws.id,
        saved.drift.files.map((f) => f.path).filter((p): p is string => !!p),
        work,
      );
    } catch (err) {
      if (work.signal.aborted) throw err;
      gateFacts.drift = saved.drift;
      gateFacts.driftError = `Ferry could not check drift again: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  if (input.to === 'postgres-only') {
    gateFacts.confirmedFinalExport = input.confirmFinalExport === true;
    gateFacts.reconciliation = saved.reconciliation;
    if (saved.reconciliation) {
      const now = await reconcile(env, ws, work);
      gateFacts.reconciliationNow = {
        checksum: now.checksum,
        changed: reconciliationDifferences(saved.reconciliation, now),
      };
    }
  }
  const gate = evaluateGate(from, input.to, gateFacts);
  if (!gate.ready) {
    return {
      moved: false,
      from,
      to: input.to,
      gate,
      message: gateMessage(gate),
      status: await cutoverStatus(env, ws.id),
    };
  }
  await withCutoverRecords(env.home, (records) =>
    records.recordMove(ws.id, {
      from,
      to: input.to,
      checks: gate.items,
      ...(input.to === 'postgres-only' && gateFacts.drift ? { archived: gateFacts.drift.files } : {}),
    }),
  );
  const status = await cutoverStatus(env, ws.id);
  return {
    moved: true,
    from,
    to: input.to,
    gate,
    message:
      input.to === 'postgres-only'
        ? `Moved to ${phaseTitle(input.to)}. Re-sync is switched off and the final export's fingerprints are archived.`
        : `Moved to ${phaseTitle(input.to)}. Edits made in PostgreSQL are now protected from older exports.`,
    status,
  };
}
