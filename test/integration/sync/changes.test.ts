import { describe, expect, it } from 'vitest';
import { planRows } from '../../../core/plan/plan-rows.js';
import { applyPlan } from '../../../core/sync/apply.js';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, dump, EDITION_HEADERS, plan, sync, type ExportRows } from './harness.js';

const clone = (e: ExportRows): ExportRows => JSON.parse(JSON.stringify(e)) as ExportRows;

function expectPlannedEqualsApplied(r: Awaited<ReturnType<typeof sync>>) {
  for (const t of r.plan.tables) {
    const { problems: _p, ...planned } = t.counts;
    const { problems: _q, ...applied } = r.result.tables[t.name];
    expect(applied, t.name).toEqual(planned);
  }
}

describe('an edited export', () => {
  it('gives exactly the expected field diffs and bumps sync_version only on changed rows', async () => {
    const url = await freshDatabase('edit');
    const e = basicExport();
    const mapping = artMapping(e);
    expectPlannedEqualsApplied(await sync(url, mapping, e));
    const edited = clone(e);
    edited.editions[1][7] = '$2,200.00'; // Harbour #2 price
    edited.editions[1][6] = 'checked'; // Harbour #2 sold
    edited.prints[1][2] = '30'; // Kestrel total editions
    const session = await plan(url, mapping, edited);
    try {
      const counts = Object.fromEntries(
        session.summary.tables.map((t) => [t.name, [t.counts.update, t.counts.unchanged]]),
      );
      expect(counts).toEqual({ prints: [1, 2], distributors: [0, 2], editions: [1, 3] });
      const rows = await planRows(session, 'editions', 'update', 0, 10);
      expect(rows.total).toBe(1);
      expect(rows.rows[0].key).toBe('Harbour, at dawn + 2');
      expect(rows.rows[0].changes).toEqual([
        { column: 'sold', old: false, new: true },
        { column: 'retail_price', old: 2160, new: 2200.0 },
      ]);
      const printRows = await planRows(session, 'prints', 'update', 0, 10);
      expect(printRows.rows[0].changes).toEqual([{ column: 'total_editions', old: 25, new: 30 }]);
      const result = await applyPlan(session, {
        runId: 'run-edit-2',
        conflictPolicy: 'stop',
        signal: new AbortController().signal,
        progress: () => {},
      });
      expect(result.tables.editions).toMatchObject({ update: 1, unchanged: 3, insert: 0 });
    } finally {
      await session.close();
    }
    const versions = await query(
      url,
      `SELECT display_name, sync_version, last_run_id FROM editions ORDER BY display_name`,
    );
    expect(versions.map((v) => [v.display_name, v.sync_version])).toEqual([
      ['Fen #1', 1],
      ['Harbour #1', 1],
      ['Harbour #2', 2],
      ['Kestrel #1', 1],
    ]);
    expect(versions.find((v) => v.display_name === 'Harbour #2')!.last_run_id).toBe('run-edit-2');
    const images = await query(
      url,
      `SELECT table_name, action, before->>'retail_price' AS price FROM ferry.row_images WHERE run_id = 'run-edit-2' ORDER BY 1`,
    );
    expect(images).toEqual([
      { table_name: 'editions', action: 'update', price: '2160' },
      { table_name: 'prints', action: 'update', price: null },
    ]);
  });

  it('leaves fields alone when their column is missing from a later export, and says so', async () => {
    const url = await freshDatabase('shape');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const later = clone(e);
    // The later export lost its Notes column (index 9) and changed a price.
    later.editionHeaders = EDITION_HEADERS.slice(0, 9);
    later.editions = later.editions.map((r) => r.slice(0, 9));
    later.editions[0][7] = '$80.00';
    const r = await sync(url, mapping, later);
    expectPlannedEqualsApplied(r);
    const ed = r.plan.tables.find((t) => t.name === 'editions')!;
    expect(ed.notProvided).toContain('notes');
    expect(ed.counts).toMatchObject({ update: 1, unchanged: 3 });
    expect(r.plan.problems.some((p) => p.column === 'notes' && /left as they are/.test(p.reason))).toBe(true);
    const notes = await query(url, `SELECT display_name, notes FROM editions WHERE notes IS NOT NULL`);
    expect(notes).toEqual([{ display_name: 'Harbour #2', notes: 'in stock' }]);
  });
});

describe('modes and missing rows', () => {
  it('incremental keeps, full retires (and a row that comes back is revived), merge follows each table', async () => {
    const url = await freshDatabase('modes');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const fewer = clone(e);
    fewer.editions = fewer.editions.filter((r) => r[0] !== 'Fen #1');

    const inc = await sync(url, mapping, fewer, 'incremental');
    expectPlannedEqualsApplied(inc);
    expect(inc.result.tables.editions.retire).toBe(0);

    const merge = structuredClone(mapping);
    merge.tables.find((t) => t.name === 'editions')!.onMissing = 'retire';
    const mergeRun = await sync(url, merge, { ...fewer, prints: fewer.prints.slice(0, 2) }, 'merge');
    expectPlannedEqualsApplied(mergeRun);
    // editions retires its missing row; prints (onMissing keep) keeps "Fen Lights" although it is missing.
    expect(mergeRun.result.tables.editions.retire).toBe(1);
    expect(mergeRun.result.tables.prints.retire).toBe(0);
    expect(
      await query(url, `SELECT display_name, is_active, sync_version FROM editions WHERE display_name = 'Fen #1'`),
    ).toEqual([{ display_name: 'Fen #1', is_active: false, sync_version: 2 }]);

    const full = await sync(url, mapping, { ...fewer, prints: fewer.prints.slice(0, 2) }, 'full');
    expectPlannedEqualsApplied(full);
    expect(full.result.tables.prints.retire).toBe(1);

    const back = await sync(url, mapping, e, 'full');
    expectPlannedEqualsApplied(back);
    expect(back.result.tables.editions.update).toBe(1);
    expect(await query(url, `SELECT is_active, sync_version FROM editions WHERE display_name = 'Fen #1'`)).toEqual([
      { is_active: true, sync_version: 3 },
    ]);
    const revive = await query(
      url,
      `SELECT action FROM ferry.row_images WHERE table_name = 'editions' AND action = 'revive'`,
    );
    expect(revive).toHaveLength(1);
  });
});

describe('keys and links', () => {
  it('uses print + edition number as a composite key', async () => {
    const url = await freshDatabase('ckey');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const more = clone(e);
    // Same edition number, another print: a new row. Same print and number: the same row.
    more.editions.push(['Fen #2', 'Fen Lights', '2', '', 'Small', 'Framed', '', '$60', '', '']);
    more.editions.push([
      'Kestrel #1 again',
      '"Kestrel ""blue"""',
      '1',
      'North Gallery',
      'XL',
      'Mounted',
      'checked',
      '$120.50',
      '10/2/2025',
      '',
    ]);
    const r = await sync(url, mapping, more);
    expectPlannedEqualsApplied(r);
    const ed = r.plan.tables.find((t) => t.name === 'editions')!;
    expect(ed.counts).toMatchObject({ insert: 1, update: 0, unchanged: 4 });
    expect(ed.duplicates).toBe(1);
    expect(await query(url, `SELECT count(*)::int AS n FROM editions`)).toEqual([{ n: 5 }]);
  });

  it('resolves names with commas and quotes, reports missing and ambiguous parents, and follows the link policy', async () => {
    const url = await freshDatabase('links');
    const e = basicExport();
    e.editions.push(['Ghost #1', 'Lighthouse at Night', '1', 'North Gallery', 'Small', 'Framed', '', '$50', '', '']);
    e.editions.push(['Harbour #3', '"Harbour, at dawn"', '3', 'Nowhere Gallery', 'Small', 'Framed', '', '$50', '', '']);
    e.editions.push(['Two prints', '"Harbour, at dawn",Fen Lights', '9', '', 'Small', 'Framed', '', '$50', '', '']);
    const mapping = artMapping(e);
    const r = await sync(url, mapping, e);
    expectPlannedEqualsApplied(r);
    const ed = r.plan.tables.find((t) => t.name === 'editions')!;
    expect(ed.counts).toMatchObject({ insert: 4, pending: 3 });
    const reasons = r.plan.problems
      .filter((p) => p.stage === 'link')
      .map((p) => [p.row, p.action, p.reason])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(reasons).toEqual([
      [6, 'pending', 'No prints record is called "Lighthouse at Night": the row waits until it can be linked.'],
      [7, 'pending', 'No distributors record is called "Nowhere Gallery": the row waits until it can be linked.'],
      [
        8,
        'pending',
        'It names several prints records ("Harbour, at dawn", "Fen Lights") where one is expected: the row waits until it can be linked.',
      ],
    ]);

    // Policy "null": the row is taken without the distributor link.
    const nullPolicy = structuredClone(mapping);
    nullPolicy.tables.find((t) => t.name === 'editions')!.links.find((l) => l.table === 'distributors')!.onUnresolved =
      'null';
    const r2 = await sync(url, nullPolicy, e);
    expectPlannedEqualsApplied(r2);
    expect(
      await query(url, `SELECT display_name, distributor_id FROM editions WHERE display_name = 'Harbour #3'`),
    ).toEqual([{ display_name: 'Harbour #3', distributor_id: null }]);

    // Once the parent arrives, the waiting row goes in, linked.
    const withParent = clone(e);
    withParent.prints.push(['Lighthouse at Night', '', '10', '', '', '']);
    const r3 = await sync(url, nullPolicy, withParent);
    expectPlannedEqualsApplied(r3);
    expect(
      await query(
        url,
        `SELECT p.name FROM editions e JOIN prints p ON p.id = e.print_id WHERE e.display_name = 'Ghost #1'`,
      ),
    ).toEqual([{ name: 'Lighthouse at Night' }]);
  });

  it('resolves duplicate parent names by the duplicate policy and lists each decision', async () => {
    const url = await freshDatabase('dups');
    const e = basicExport();
    e.prints.push(['Fen Lights', 'A second record with the same name', '100', '', '', '']);
    const mapping = artMapping(e);
    const r = await sync(url, mapping, e);
    expectPlannedEqualsApplied(r);
    const dup = r.plan.problems.find((p) => p.table === 'prints' && /same key/.test(p.reason));
    expect(dup).toMatchObject({ row: 5, action: 'skipped' });
    expect(await query(url, `SELECT description FROM prints WHERE name = 'Fen Lights'`)).toEqual([
      { description: null },
    ]);
    const last = structuredClone(mapping);
    last.tables.find((t) => t.name === 'prints')!.duplicates = { keep: 'last' };
    const r2 = await sync(url, last, e);
    expectPlannedEqualsApplied(r2);
    expect(await query(url, `SELECT description FROM prints WHERE name = 'Fen Lights'`)).toEqual([
      { description: 'A second record with the same name' },
    ]);
  });
});

describe('edits made in PostgreSQL', () => {
  it('are conflicts with both versions; the policy decides', async () => {
    const url = await freshDatabase('conflict');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    await query(url, `UPDATE editions SET notes = 'edited in the gallery app' WHERE display_name = 'Harbour #1'`);
    // An untouched export does not overwrite the edit: nothing to do.
    const same = await sync(url, mapping, e);
    expect(same.result.tables.editions).toMatchObject({ update: 0, conflict: 0 });

    const changed = clone(e);
    changed.editions[0][9] = 'from the export';
    const session = await plan(url, mapping, changed);
    try {
      expect(session.summary.conflicts).toBe(1);
      const rows = await planRows(session, 'editions', 'conflict', 0, 10);
      expect(rows.rows[0].changes).toEqual([
        { column: 'notes', old: 'edited in the gallery app', new: 'from the export' },
      ]);
      const before = await dump(url);
      await expect(
        applyPlan(session, {
          runId: 'run-stop',
          conflictPolicy: 'stop',
          signal: new AbortController().signal,
          progress: () => {},
        }),
      ).rejects.toMatchObject({ code: 'conflicts' });
      expect(await dump(url)).toBe(before);
      const kept = await applyPlan(session, {
        runId: 'run-keep',
        conflictPolicy: 'keep-postgres',
        signal: new AbortController().signal,
        progress: () => {},
      });
      expect(kept.tables.editions).toMatchObject({ update: 0, conflict: 1 });
    } finally {
      await session.close();
    }
    expect(await query(url, `SELECT notes FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { notes: 'edited in the gallery app' },
    ]);
    const take = await sync(url, mapping, changed, 'incremental', { conflictPolicy: 'take-export' });
    expect(take.result.tables.editions).toMatchObject({ update: 1, conflict: 1 });
    expect(await query(url, `SELECT notes, sync_version FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { notes: 'from the export', sync_version: 2 },
    ]);
  });
});

describe('the mapping changes shape', () => {
  it('reordering fields or adding a new (still empty) field does not make rows look changed', async () => {
    const url = await freshDatabase('reorder');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const reordered = structuredClone(mapping);
    const ed = reordered.tables.find((t) => t.name === 'editions')!;
    ed.fields.reverse();
    ed.fields.push({ column: 'certificate', source: ['Certificate'], type: 'text', required: false, transforms: [] });
    const r = await sync(url, reordered, e);
    expect(r.plan.tables.find((t) => t.name === 'editions')).toMatchObject({
      schema: 'add-columns',
      newColumns: ['certificate'],
    });
    for (const t of r.plan.tables) expect(t.counts).toMatchObject({ update: 0, conflict: 0, insert: 0 });
    expect(await query(url, `SELECT count(*)::int AS n FROM editions WHERE certificate IS NULL`)).toEqual([{ n: 4 }]);
  });
});
