import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, sync } from './harness.js';

describe('the link policy "reject"', () => {
  it('leaves out a row whose parent cannot be found, says so, and still takes every other row', async () => {
    const url = await freshDatabase('reject');
    const e = basicExport();
    e.editions.push(['Harbour #3', '"Harbour, at dawn"', '3', 'Nowhere Gallery', 'Small', 'Framed', '', '$50', '', '']);
    e.editions.push(['Harbour #4', '"Harbour, at dawn"', '4', 'North Gallery', 'Small', 'Framed', '', '$50', '', '']);
    const mapping = artMapping(e);
    mapping.tables.find((t) => t.name === 'editions')!.links.find((l) => l.table === 'distributors')!.onUnresolved =
      'reject';

    const r = await sync(url, mapping, e);
    const editions = r.plan.tables.find((t) => t.name === 'editions')!;
    const rows = e.editions.length;
    // Every row but the one naming an unknown gallery goes in; none waits.
    expect(editions.counts).toMatchObject({ insert: rows - 1, pending: 0 });
    expect(r.result.tables.editions!.insert).toBe(editions.counts.insert);
    expect(r.plan.problems.filter((p) => p.stage === 'link').map((p) => [p.row, p.action, p.reason])).toEqual([
      [rows, 'rejected', 'No distributors record is called "Nowhere Gallery": the row was not taken.'],
    ]);
    const names = (await query<{ display_name: string }>(url, `SELECT display_name FROM editions`)).map(
      (x) => x.display_name,
    );
    expect(names).toContain('Harbour #4');
    expect(names).not.toContain('Harbour #3');
    expect(names).toHaveLength(rows - 1);
  });
});
