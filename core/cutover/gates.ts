/**
 * The checklists that guard each forward move, as pure functions of facts Ferry gathered: the
 * runs in the history, the newest drift check and reconciliation report. Each item says in plain
 * words why it passed or what to do next.
 */
import type { RunSummary } from '../history/types.js';
import { phaseTitle } from './phases.js';
import type { DriftReport, Gate, GateItem, Phase, ReconciliationReport } from './types.js';
import { when } from '../report/when.js';

export interface GateFacts {
  /** Runs of the workspace, newest first. */
  runs: RunSummary[];
  /** Whether the newest completed sync can be undone (its record and before-images are in the target). */
  restorePoint: { ok: boolean; reason?: string };
  drift?: DriftReport;
  /** Why the drift could not be checked again just now (files gone, database unreachable). */
  driftError?: string;
  reconciliation?: ReconciliationReport;
  /** At a move: the database re-checksummed now, to compare with the saved report. */
  reconciliationNow?: { checksum: string; changed: string[] };
  /** The owner confirmed that Airtable edits stopped and the export checked is the final one. */
  confirmedFinalExport?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The newest run that changed the database (a completed sync or restore). */
export function lastApplied(runs: RunSummary[]): RunSummary | undefined {
  return runs.find((r) => !r.dryRun && r.status === 'completed');
}

/** The newest sync that was meant to write (whatever became of it). */
export function lastSyncAttempt(runs: RunSummary[]): RunSummary | undefined {
  return runs.find((r) => r.kind === 'sync' && !r.dryRun);
}

function endOf(r: RunSummary): string {
  return r.endedAt ?? r.startedAt;
}

function lastSyncItem(f: GateFacts): GateItem {
  const label = 'The last sync completed';
  const last = lastSyncAttempt(f.runs);
  if (!last)
    return { id: 'last-sync-completed', label, passed: false, reason: 'Nothing has been synced yet. Do a first sync.' };
  if (last.status === 'completed') {
    return { id: 'last-sync-completed', label, passed: true, reason: `The sync of ${when(endOf(last))} completed.` };
  }
  const what = {
    failed: 'failed',
    cancelled: 'was cancelled',
    interrupted: 'was interrupted',
    running: 'is still running',
  }[last.status];
  return {
    id: 'last-sync-completed',
    label,
    passed: false,
    reason: `The sync of ${when(last.startedAt)} ${what}${last.error ? ` (${last.error})` : ''}. Sync again until one completes.`,
  };
}

/** The drift check counts only when nothing was written to the database after it. */
function driftCurrent(f: GateFacts): { ok: true; drift: DriftReport } | { ok: false; reason: string } {
  if (f.driftError) return { ok: false, reason: f.driftError };
  const drift = f.drift;
  if (!drift) return { ok: false, reason: 'Drift has not been checked yet. Check drift against the latest export.' };
  const applied = lastApplied(f.runs);
  if (applied && endOf(applied) > drift.checkedAt) {
    return {
      ok: false,
      reason: `The database changed (${applied.kind} of ${when(endOf(applied))}) after the last drift check. Check drift again.`,
    };
  }
  return { ok: true, drift };
}

function driftItem(f: GateFacts, allowEditedInDatabase: boolean): GateItem {
  const label = allowEditedInDatabase
    ? 'No drift from Airtable against the final export'
    : 'No drift against the latest export';
  const current = driftCurrent(f);
  if (!current.ok) return { id: 'zero-drift', label, passed: false, reason: current.reason };
  const d = current.drift;
  const counted = allowEditedInDatabase ? d.total - d.editedInDatabase : d.total;
  const checked = `checked ${when(d.checkedAt)}`;
  if (counted === 0) {
    const kept =
      allowEditedInDatabase && d.editedInDatabase
        ? ` ${plural(d.editedInDatabase, 'row differs', 'rows differ')} only because ${d.editedInDatabase === 1 ? 'it was' : 'they were'} edited in PostgreSQL, which is the truth now.`
        : '';
    return { id: 'zero-drift', label, passed: true, reason: `The export and PostgreSQL agree (${checked}).${kept}` };
  }
  return {
    id: 'zero-drift',
    label,
    passed: false,
    reason: `${d.summary} (${checked}). Re-sync the export or correct the rows, then check drift again.`,
  };
}

function problemsItem(f: GateFacts): GateItem {
  const label = 'No unresolved problems or rows waiting for a parent';
  const last = f.runs.find((r) => r.kind === 'sync' && !r.dryRun && r.status === 'completed');
  if (!last) return { id: 'no-problems', label, passed: false, reason: 'No sync has completed yet.' };
  // A drift check newer than every write also sees rows of the export still waiting for a parent.
  const current = driftCurrent(f);
  const waiting = current.ok ? Object.values(current.drift.tables).reduce((n, t) => n + t.pending, 0) : 0;
  const pending = Math.max(last.totals.pending, waiting);
  const problems = last.problemsCount;
  if (problems === 0 && pending === 0) {
    return {
      id: 'no-problems',
      label,
      passed: true,
      reason: `The sync of ${when(endOf(last))} left no problems and no rows waiting.`,
    };
  }
  const bits = [
    problems ? plural(problems, 'problem') : '',
    pending ? plural(pending, 'row waiting for a parent', 'rows waiting for a parent') : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return {
    id: 'no-problems',
    label,
    passed: false,
    reason: `The sync of ${when(endOf(last))} left ${bits}. Fix them in Airtable or with a rule in the mapping, re-sync, and check drift again.`,
  };
}

function restorePointItem(f: GateFacts): GateItem {
  const label = 'A restore point exists';
  if (f.restorePoint.ok) {
    return {
      id: 'restore-point',
      label,
      passed: true,
      reason: 'The last completed sync kept what it changed, so it can be undone.',
    };
  }
  return {
    id: 'restore-point',
    label,
    passed: false,
    reason:
      f.restorePoint.reason ??
      'The last completed sync kept no restore point (what it changed) in the database, so it could not be undone. Re-sync with restore points on.',
  };
}

function finalExportItem(f: GateFacts): GateItem {
  const label = 'A final export taken after Airtable edits stopped';
  const base = { id: 'final-export' as const, label, needsConfirmation: true };
  const drift = f.drift;
  const last = lastApplied(f.runs);
  if (!drift || drift.files.length === 0) {
    return {
      ...base,
      passed: false,
      reason: 'Export once more from Airtable after edits there have stopped, and check drift against it.',
    };
  }
  const stale = drift.files.filter((file) => !file.modifiedAt || (last && file.modifiedAt <= endOf(last)));
  if (stale.length) {
    return {
      ...base,
      passed: false,
      reason: `${stale.map((file) => `"${file.name}"`).join(', ')} ${stale.length === 1 ? 'is' : 'are'} not newer than the last sync (${when(last ? endOf(last) : undefined)}). When Airtable edits have stopped, export once more and check drift against that export.`,
    };
  }
  const newest = drift.files
    .map((file) => file.modifiedAt!)
    .sort()
    .at(-1);
  if (f.confirmedFinalExport === false) {
    return {
      ...base,
      passed: false,
      reason: `The export of ${when(newest)} is newer than the last sync, but you have not confirmed that Airtable edits have stopped and that it is the final export.`,
    };
  }
  return {
    ...base,
    passed: true,
    reason: `The export checked last (${when(newest)}) is newer than the last sync.${f.confirmedFinalExport ? ' You confirmed that Airtable edits have stopped.' : ' Confirm that Airtable edits have stopped.'}`,
  };
}

function reconciliationItem(f: GateFacts): GateItem {
  const label = 'A final reconciliation report is saved';
  const r = f.reconciliation;
  if (!r) {
    return {
      id: 'reconciliation',
      label,
      passed: false,
      reason: 'Save the final reconciliation report (row counts and checksums of every column).',
    };
  }
  const applied = lastApplied(f.runs);
  if (applied && endOf(applied) > r.createdAt) {
    return {
      id: 'reconciliation',
      label,
      passed: false,
      reason: `The database changed (${applied.kind} of ${when(endOf(applied))}) after the report of ${when(r.createdAt)}. Save the report again.`,
    };
  }
  if (f.reconciliationNow && f.reconciliationNow.checksum !== r.checksum) {
    const what = f.reconciliationNow.changed.slice(0, 5).join(', ');
    return {
      id: 'reconciliation',
      label,
      passed: false,
      reason: `PostgreSQL changed since the report of ${when(r.createdAt)} (${what || 'its checksums differ'}). Save the report again.`,
    };
  }
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  return {
    id: 'reconciliation',
    label,
    passed: true,
    reason: `Saved ${when(r.createdAt)}: ${plural(r.tables.length, 'table')}, ${plural(rows, 'row')}${f.reconciliationNow ? ', and PostgreSQL still matches it' : ''}.`,
  };
}

export function evaluateGate(from: Phase, to: Phase, f: GateFacts): Gate {
  const items: GateItem[] =
    to === 'postgres-primary'
      ? [lastSyncItem(f), driftItem(f, false), problemsItem(f), restorePointItem(f)]
      : to === 'postgres-only'
        ? [finalExportItem(f), driftItem(f, true), reconciliationItem(f)]
        : [];
  return { from, to, items, ready: items.every((i) => i.passed) };
}

export function gateMessage(gate: Gate): string {
  const open = gate.items.filter((i) => !i.passed);
  if (open.length === 0) return `Ready to move to ${phaseTitle(gate.to)}.`;
  return `Not moved to ${phaseTitle(gate.to)}: ${open.map((i) => `${i.label.toLowerCase()} — ${i.reason}`).join(' ')}`;
}
