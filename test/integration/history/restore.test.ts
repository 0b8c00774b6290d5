import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, sync, type ExportRows } from '../sync/harness.js';
import { applyRestore } from '../../../core/history/restore.js';
import { businessDump, preview, restore, runIds, withClient } from './restore-support.js';

function secondExport(): ExportRows {
  const e = basicExport();
  e.prints[1] = ['Kestrel "blue"', 'A kestrel in flight', '30', '', 'Signed', ''];
  e.editions = e.editions.filter((r) => r[0] !== 'Fen #1');
  e.editions.push(['Kestrel #2', '"Kestrel ""blue"""', '2', 'North Gallery', 'Small', 'Framed', '', '$95', '', '']);
  e.distributors.push(['South Prints', '30%', '', '', '$10', '1/2/2026']);
  return e;
}

describe('restore', () => {
  it('puts the tables back exactly as before any run, and a restore can itself be undone', async () => {
    const url = await freshDatabase('restore1');
    const e1 = basicExport();
    const mapping = artMapping(e1);
    const before1 = await businessDump(url);
    await sync(url, mapping, e1);
    const after1 = await businessDump(url);
    const second = await sync(url, mapping, secondExport(), 'full');
    expect(second.result.tables.editions).toMatchObject({ insert: 1, retire: 1 });
    const after2 = await businessDump(url);
    const [run1, run2] = await runIds(url);

    const p = await preview(url, run2!);
    expect(p.undo).toEqual([run2]);
    expect(p.conflictCount).toBe(0);
    expect(p.tables.editions).toMatchObject({ remove: 1, revert: 1, reinsert: 0 });
    expect(p.tables.prints).toMatchObject({ remove: 0, revert: 1 });
    expect(await businessDump(url)).toEqual(after2); // a preview writes nothing

    const r1 = await restore(url, run2!);
    expect(r1.verified.checked).toBeGreaterThan(0);
    expect(r1.verified.matched).toBe(r1.verified.checked);
    expect(await businessDump(url)).toEqual(after1);

    const r2 = await restore(url, run1!);
    expect(r2.undo).toEqual([r1.runId, run2, run1]);
    expect(await businessDump(url)).toEqual(before1);

    // Undo the last restore: back to the state after the first restore.
    await restore(url, r2.runId);
    expect(await businessDump(url)).toEqual(after1);
    // And the sync engine still sees the restored rows as its own: nothing to do for the first export.
    const again = await sync(url, mapping, e1);
    for (const t of again.plan.tables) expect(t.counts).toMatchObject({ insert: 0, update: 0, retire: 0, conflict: 0 });
  });

  it('reports rows edited in PostgreSQL since, then skips or overwrites them as asked', async () => {
    const url = await freshDatabase('restore2');
    const e1 = basicExport();
    const mapping = artMapping(e1);
    await sync(url, mapping, e1);
    const after1 = await businessDump(url);
    await sync(url, mapping, secondExport(), 'full');
    const [, run2] = await runIds(url);
    await query(url, `UPDATE prints SET description = 'Edited by hand' WHERE name = 'Kestrel "blue"'`);
    await query(url, `DELETE FROM editions WHERE display_name = 'Kestrel #2'`);

    const p = await preview(url, run2!);
    expect(p.conflictCount).toBe(1);
    expect(p.conflicts[0]).toMatchObject({ table: 'prints' });
    expect(p.conflicts[0]!.fields).toContainEqual({
      column: 'description',
      now: 'Edited by hand',
      restored: 'A kestrel',
    });

    const skipped = await restore(url, run2!, 'skip');
    expect(skipped.skipped).toBe(1);
    const kept = await query(url, `SELECT description FROM prints WHERE name = 'Kestrel "blue"'`);
    expect(kept[0]!.description).toBe('Edited by hand');
    const restored = await businessDump(url);
    expect(restored.editions).toEqual(after1.editions);
    expect(restored.distributors).toEqual(after1.distributors);

    // Undo that restore, then restore again overwriting the edit: exactly the state after the first sync.
    await restore(url, skipped.runId);
    await restore(url, run2!, 'overwrite');
    expect(await businessDump(url)).toEqual(after1);
  });

  it('finds the rows a run created by created_run_id when the engine kept no images of inserts', async () => {
    const url = await freshDatabase('restore4');
    const e1 = basicExport();
    const mapping = artMapping(e1);
    await sync(url, mapping, e1);
    const after1 = await businessDump(url);
    await sync(url, mapping, secondExport(), 'full');
    const [run1, run2] = await runIds(url);
    await query(url, `DELETE FROM ferry.row_images WHERE action = 'insert'`);
    const p = await preview(url, run2!);
    expect(p.tables.editions).toMatchObject({ remove: 1, revert: 1 });
    await restore(url, run2!);
    expect(await businessDump(url)).toEqual(after1);
    await restore(url, run1!);
    expect(await businessDump(url)).toEqual({ prints: [], distributors: [], editions: [] });
  });

  it('rolls back when cancelled half way, writing nothing', async () => {
    const url = await freshDatabase('restore5');
    const e1 = basicExport();
    const mapping = artMapping(e1);
    await sync(url, mapping, e1);
    await sync(url, mapping, secondExport(), 'full');
    const [run1] = await runIds(url);
    const before = await businessDump(url);
    const controller = new AbortController();
    const progress = (p: { stage: string }) => {
      if (p.stage === 'restore') controller.abort();
    };
    await expect(
      withClient(url, (c) =>
        applyRestore(c, run1!, 'restore-cancelled', 'overwrite', { signal: controller.signal, progress }),
      ),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(await businessDump(url)).toEqual(before);
    expect(await runIds(url)).not.toContain('restore-cancelled');
  });

  it('refuses a run the database has no record of, and writes nothing', async () => {
    const url = await freshDatabase('restore3');
    const e1 = basicExport();
    await sync(url, artMapping(e1), e1);
    const before = await businessDump(url);
    await expect(restore(url, 'run-never-committed')).rejects.toMatchObject({ code: 'run-not-in-database' });
    expect(await businessDump(url)).toEqual(before);
  });
});
