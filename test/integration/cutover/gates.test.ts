import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import type { Gate, GateItemId } from '../../../core/cutover/types.js';
import { createEnv } from '../../../core/env/env.js';
import { freshDatabase, query } from '../../support/databases.js';
import { cleanExport, ctxOf, newWorkspace, syncInto, writeExport } from './support.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-gates-'));
const env = createEnv({ home });
const ctx = ctxOf(env);

afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function item(gate: Gate | undefined, id: GateItemId) {
  const found = gate?.items.find((i) => i.id === id);
  if (!found) throw new Error(`no gate item ${id}`);
  return found;
}

const t0 = new Date('2026-03-01T09:00:00Z');

describe('gates', () => {
  it('to postgres-primary: each item refuses with its reason, and the move passes once all are satisfied', async () => {
    const url = await freshDatabase('gate1');
    const ws = await newWorkspace(env, url);

    // Nothing synced: refused, and the phase stays.
    const none = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-primary' }, ctx);
    expect(none.moved).toBe(false);
    expect(item(none.gate, 'last-sync-completed')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/Nothing has been synced/),
    });
    expect(none.status.phase).toBe('parallel');
    await expect(call('cutover/move', { workspaceId: ws.id, to: 'postgres-only' }, ctx)).rejects.toMatchObject({
      code: 'phase-skip',
    });

    // Syncs that leave a child waiting for a parent; the second changes a row without keeping its
    // before-image (inserted rows need none: restore finds them by the run that created them).
    const e = cleanExport();
    e.editions.push(['Ghost #1', 'No Such Print', '1', 'North Gallery', 'Small', 'Framed', '', '$10', '', '']);
    const dir = path.join(home, 'g1');
    await syncInto(env, ws.id, url, writeExport(dir, e, t0), e, { snapshot: false });
    expect(item((await call('cutover/status', { workspaceId: ws.id }, ctx)).gate, 'restore-point').passed).toBe(true);
    e.prints[2] = ['Fen Lights', 'Marsh at dusk', '100', '', '', ''];
    await syncInto(env, ws.id, url, writeExport(dir, e, new Date(t0.getTime() + 30_000)), e, { snapshot: false });
    let status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(item(status.gate, 'last-sync-completed').passed).toBe(true);
    expect(item(status.gate, 'zero-drift')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/not been checked/),
    });
    expect(item(status.gate, 'no-problems')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/1 row waiting for a parent/),
    });
    expect(item(status.gate, 'restore-point')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/kept no restore point/),
    });

    // Drift against that export is the waiting row: it is in the export, not in PostgreSQL.
    const drift = await call('cutover/drift', { workspaceId: ws.id }, ctx);
    expect(drift.tables.editions).toMatchObject({ onlyInExport: 1, pending: 1 });
    status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(item(status.gate, 'zero-drift')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/1 row differ/),
    });

    // A clean export synced with a restore point, and a drift check: every item passes.
    const clean = cleanExport();
    await syncInto(env, ws.id, url, writeExport(dir, clean, new Date(t0.getTime() + 60_000)), clean);
    status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(item(status.gate, 'zero-drift').reason).toMatch(/changed \(sync of .*\) after the last drift check/);
    expect(item(status.gate, 'restore-point').passed).toBe(true);
    expect(item(status.gate, 'no-problems').passed).toBe(true);
    await call('cutover/drift', { workspaceId: ws.id }, ctx);
    status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(status.gate?.ready).toBe(true);

    // PostgreSQL edited after that check: the move checks drift again and refuses.
    await query(url, `UPDATE prints SET notes = 'edited by an app' WHERE name = 'Fen Lights'`);
    const refused = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-primary' }, ctx);
    expect(refused.moved).toBe(false);
    expect(item(refused.gate, 'zero-drift')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/prints: 1 with different values/),
    });
    await query(url, `UPDATE prints SET notes = NULL WHERE name = 'Fen Lights'`);

    const moved = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-primary' }, ctx);
    expect(moved.moved).toBe(true);
    expect(moved.status.phase).toBe('postgres-primary');
    expect(moved.status.moves[0]).toMatchObject({ from: 'parallel', to: 'postgres-primary', direction: 'forward' });
    expect(moved.status.moves[0]!.checks.map((c) => c.passed)).toEqual([true, true, true, true]);
    expect((await call('workspace/get', { id: ws.id }, ctx)).phase).toBe('postgres-primary');
  });

  it('to postgres-only: final export, drift from Airtable and reconciliation; then re-sync is refused; moving back is recorded', async () => {
    const url = await freshDatabase('gate2');
    const ws = await newWorkspace(env, url);
    const e = cleanExport();
    const dir = path.join(home, 'g2');
    const first = writeExport(dir, e, t0);
    await syncInto(env, ws.id, url, first, e);
    await call('cutover/drift', { workspaceId: ws.id }, ctx);
    expect((await call('cutover/move', { workspaceId: ws.id, to: 'postgres-primary' }, ctx)).moved).toBe(true);

    // In postgres-primary an export may not overwrite PostgreSQL edits.
    await expect(syncInto(env, ws.id, url, first, e, { conflictPolicy: 'take-export' })).rejects.toMatchObject({
      code: 'postgres-primary',
    });

    // The export checked is the one already synced: not a final export taken after the last sync.
    const s = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(s.gate?.to).toBe('postgres-only');
    expect(item(s.gate, 'final-export')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/not newer than the last sync/),
    });
    expect(item(s.gate, 'reconciliation')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/Save the final reconciliation report/),
    });

    // An app edits PostgreSQL (allowed now); Airtable edits stop; the final export is taken.
    await query(url, `UPDATE distributors SET contact = 'desk@north.example' WHERE name = 'North Gallery'`);
    const finalDir = path.join(home, 'g2-final');
    const finalFiles = writeExport(finalDir, e);
    const finalDrift = await call(
      'cutover/drift',
      { workspaceId: ws.id, files: [(await env.files.register(finalDir)).id] },
      ctx,
    );
    expect(finalDrift.total).toBe(1);
    expect(finalDrift.editedInDatabase).toBe(1);
    const report = await call('cutover/reconciliation', { workspaceId: ws.id }, ctx);
    expect(report.tables.map((t) => t.table)).toEqual(['prints', 'distributors', 'editions']);

    // Not confirmed: refused with that reason only.
    let move = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-only' }, ctx);
    expect(move.moved).toBe(false);
    expect(item(move.gate, 'final-export')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/not confirmed/),
    });
    expect(item(move.gate, 'zero-drift')).toMatchObject({
      passed: true,
      reason: expect.stringMatching(/edited in PostgreSQL/),
    });
    expect(item(move.gate, 'reconciliation').passed).toBe(true);

    // A value changed after the report: the recomputed checksums refuse it.
    await query(url, `UPDATE prints SET total_editions = 51 WHERE name = 'Harbour, at dawn'`);
    move = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-only', confirmFinalExport: true }, ctx);
    expect(move.moved).toBe(false);
    expect(item(move.gate, 'reconciliation')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/PostgreSQL changed since the report .*prints\.total_editions/),
    });

    // Airtable-side drift (a row only in the final export) refuses too.
    const more = cleanExport();
    more.prints.push(['Owl', 'A barn owl', '10', '', '', '']);
    writeExport(finalDir, more);
    await call('cutover/drift', { workspaceId: ws.id, files: [(await env.files.register(finalDir)).id] }, ctx);
    await call('cutover/reconciliation', { workspaceId: ws.id }, ctx);
    move = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-only', confirmFinalExport: true }, ctx);
    expect(move.moved).toBe(false);
    expect(item(move.gate, 'zero-drift')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/prints: 1 only in the export/),
    });

    // Back to the final export as Airtable has it: every item passes.
    writeExport(finalDir, e);
    await call('cutover/drift', { workspaceId: ws.id, files: [(await env.files.register(finalDir)).id] }, ctx);
    move = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-only', confirmFinalExport: true }, ctx);
    expect(move.gate?.items.filter((i) => !i.passed)).toEqual([]);
    expect(move.moved).toBe(true);
    expect(move.status.phase).toBe('postgres-only');
    expect(move.status.resyncAllowed).toBe(false);
    expect(move.status.archivedExport?.map((f) => f.name).sort()).toEqual(
      finalFiles.map((f) => path.basename(f)).sort(),
    );
    expect(move.status.archivedExport?.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);

    // Re-sync and sync are refused with a clear message; nothing is written.
    const folder = (await env.files.register(finalDir)).id;
    await expect(call('resync/run', { workspaceId: ws.id, files: [folder] }, ctx)).rejects.toMatchObject({
      code: 'resync-off',
      message: expect.stringMatching(/Re-sync is switched off: "Art editions" is in the PostgreSQL-only phase/),
    });
    const runsBefore = (await call('history/list', { workspaceId: ws.id }, ctx)).runs.length;
    await expect(syncInto(env, ws.id, url, finalFiles, e)).rejects.toMatchObject({ code: 'resync-off' });
    expect((await call('history/list', { workspaceId: ws.id }, ctx)).runs.length).toBe(runsBefore);

    // Moving back is allowed and recorded; re-sync works again.
    const back = await call('cutover/move', { workspaceId: ws.id, to: 'postgres-primary' }, ctx);
    expect(back.moved).toBe(true);
    expect(back.status.moves.map((m) => [m.from, m.to, m.direction])).toEqual([
      ['postgres-only', 'postgres-primary', 'back'],
      ['postgres-primary', 'postgres-only', 'forward'],
      ['parallel', 'postgres-primary', 'forward'],
    ]);
    expect(back.status.resyncAllowed).toBe(true);
    const again = await call('resync/check', { workspaceId: ws.id, files: [folder] }, ctx);
    expect(again.picked).toHaveLength(3);
  });

  it('reconciliation checksums change when one value changes, and only for that column', async () => {
    const url = await freshDatabase('recon');
    const ws = await newWorkspace(env, url);
    const e = cleanExport();
    await syncInto(env, ws.id, url, writeExport(path.join(home, 'r'), e), e);
    const a = await call('cutover/reconciliation', { workspaceId: ws.id }, ctx);
    const same = await call('cutover/reconciliation', { workspaceId: ws.id }, ctx);
    expect(same.checksum).toBe(a.checksum);
    const editions = a.tables.find((t) => t.table === 'editions')!;
    expect(editions).toMatchObject({ rows: 4, activeRows: 4 });
    expect(editions.columns.map((c) => c.column)).toEqual(
      expect.arrayContaining(['retail_price', 'print_id', 'extra', 'is_active']),
    );

    await query(url, `UPDATE editions SET retail_price = retail_price + 0.01 WHERE display_name = 'Fen #1'`);
    const b = await call('cutover/reconciliation', { workspaceId: ws.id }, ctx);
    expect(b.checksum).not.toBe(a.checksum);
    const changed = b.tables.flatMap((t) =>
      t.columns
        .filter(
          (c) =>
            c.checksum !==
            a.tables.find((x) => x.table === t.table)!.columns.find((y) => y.column === c.column)!.checksum,
        )
        .map((c) => `${t.table}.${c.column}`),
    );
    expect(changed).toEqual(['editions.retail_price']);
    const status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(status.lastReconciliation?.reportId).toBe(b.reportId);
  });
});
