import { describe, expect, it } from 'vitest';
import { evaluateGate, gateMessage, type GateFacts } from '../../../core/cutover/gates.js';
import { nextPhase, previousPhase } from '../../../core/cutover/phases.js';
import type { DriftReport, DriftTable } from '../../../core/cutover/types.js';
import type { RunSummary } from '../../../core/history/types.js';

const counts = { insert: 3, update: 0, unchanged: 0, retire: 0, pending: 0, conflict: 0, problems: 0 };

function run(over: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 'run-1',
    workspaceId: 'w',
    kind: 'sync',
    dryRun: false,
    status: 'completed',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:01:00.000Z',
    totals: counts,
    problemsCount: 0,
    ...over,
  };
}

function table(over: Partial<DriftTable> = {}): DriftTable {
  return {
    onlyInExport: 0,
    onlyInDatabase: 0,
    differ: 0,
    fields: {},
    editedInDatabase: 0,
    pending: 0,
    examples: { onlyInExport: [], onlyInDatabase: [], differ: [] },
    ...over,
  };
}

function drift(over: Partial<DriftReport> = {}): DriftReport {
  return {
    checkId: 'c',
    workspaceId: 'w',
    checkedAt: '2026-03-01T10:05:00.000Z',
    files: [
      { name: 'Prints-Grid view.csv', table: 'Prints', size: 1, sha256: 'a', modifiedAt: '2026-03-01T09:00:00.000Z' },
    ],
    tables: { prints: table() },
    notCompared: [],
    total: 0,
    editedInDatabase: 0,
    problems: 0,
    seconds: 0.1,
    summary: 'No drift: the export and PostgreSQL agree on every row.',
    ...over,
  };
}

const ok: GateFacts = { runs: [run()], restorePoint: { ok: true }, drift: drift() };
const byId = (f: GateFacts, to: 'postgres-primary' | 'postgres-only') =>
  Object.fromEntries(
    evaluateGate(to === 'postgres-only' ? 'postgres-primary' : 'parallel', to, f).items.map((i) => [i.id, i]),
  );

describe('gates', () => {
  it('to postgres-primary passes with a completed clean sync, a current zero drift and a restore point', () => {
    const gate = evaluateGate('parallel', 'postgres-primary', ok);
    expect(gate.items.map((i) => i.id)).toEqual(['last-sync-completed', 'zero-drift', 'no-problems', 'restore-point']);
    expect(gate.ready).toBe(true);
    expect(gateMessage(gate)).toBe('Ready to move to PostgreSQL primary.');
  });

  it('says why the last sync did not complete', () => {
    const f = { ...ok, runs: [run({ runId: 'run-2', status: 'failed', error: 'The connection dropped.' }), run()] };
    expect(byId(f, 'postgres-primary')['last-sync-completed']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/failed \(The connection dropped\.\)\. Sync again/),
    });
  });

  it('a drift check older than the last write does not count; nor does one with differences', () => {
    const stale = { ...ok, runs: [run({ endedAt: '2026-03-01T11:00:00.000Z' })] };
    expect(byId(stale, 'postgres-primary')['zero-drift']!.reason).toMatch(/after the last drift check/);
    const differ = { ...ok, drift: drift({ total: 2, summary: '2 rows differ.' }) };
    expect(byId(differ, 'postgres-primary')['zero-drift']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^2 rows differ/),
    });
  });

  it('counts problems and rows waiting for a parent', () => {
    const f = { ...ok, runs: [run({ problemsCount: 2, totals: { ...counts, pending: 1 } })] };
    expect(byId(f, 'postgres-primary')['no-problems']!.reason).toMatch(
      /left 2 problems and 1 row waiting for a parent/,
    );
  });

  it('to postgres-only: edits made in PostgreSQL do not count as drift from Airtable, other differences do', () => {
    const fresh = drift({ files: [{ ...drift().files[0]!, modifiedAt: '2026-03-01T10:03:00.000Z' }] });
    const base: GateFacts = {
      ...ok,
      drift: { ...fresh, total: 1, editedInDatabase: 1 },
      reconciliation: {
        reportId: 'r',
        workspaceId: 'w',
        createdAt: '2026-03-01T10:06:00.000Z',
        target: 't',
        tables: [],
        checksum: 'x',
      },
      confirmedFinalExport: true,
    };
    expect(evaluateGate('postgres-primary', 'postgres-only', base).ready).toBe(true);
    expect(byId(base, 'postgres-only')['zero-drift']!.reason).toMatch(
      /1 row differs only because it was edited in PostgreSQL/,
    );
    const airtable = { ...base, drift: { ...fresh, total: 2, editedInDatabase: 1, summary: '2 rows differ.' } };
    expect(byId(airtable, 'postgres-only')['zero-drift']!.passed).toBe(false);
    // The same export that was synced is not a final export taken afterwards.
    expect(byId({ ...base, drift: { ...drift(), total: 0 } }, 'postgres-only')['final-export']!.reason).toMatch(
      /not newer than the last sync/,
    );
    expect(byId({ ...base, confirmedFinalExport: false }, 'postgres-only')['final-export']!.reason).toMatch(
      /not confirmed/,
    );
    expect(
      byId({ ...base, reconciliationNow: { checksum: 'y', changed: ['prints.name'] } }, 'postgres-only')[
        'reconciliation'
      ]!.reason,
    ).toMatch(/PostgreSQL changed since the report .*\(prints\.name\)/);
  });

  it('phases go one step at a time', () => {
    expect(nextPhase('parallel')).toBe('postgres-primary');
    expect(nextPhase('postgres-only')).toBeUndefined();
    expect(previousPhase('postgres-only')).toBe('postgres-primary');
    expect(previousPhase('parallel')).toBeUndefined();
  });
});
