import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, dump, sync } from './harness.js';

describe('first import and re-import', () => {
  it('creates the three tables with links, then writes nothing on an unchanged re-import', async () => {
    const url = await freshDatabase('sync1');
    const e = basicExport();
    const mapping = artMapping(e);
    const first = await sync(url, mapping, e);
    expect(first.plan.tables.map((t) => [t.name, t.counts.insert])).toEqual([
      ['prints', 3],
      ['distributors', 2],
      ['editions', 4],
    ]);
    for (const t of first.plan.tables) {
      const { problems: _p, ...planned } = t.counts;
      const { problems: _q, ...applied } = first.result.tables[t.name];
      expect(applied).toEqual(planned);
    }
    const editions = await query(
      url,
      `SELECT e.edition_number, p.name AS print, d.name AS distributor, e.size, e.sold, e.retail_price::text AS price, e.date_sold::text AS sold_on
         FROM editions e JOIN prints p ON p.id = e.print_id LEFT JOIN distributors d ON d.id = e.distributor_id ORDER BY p.name, e.edition_number`,
    );
    expect(editions).toEqual([
      {
        edition_number: '1',
        print: 'Fen Lights',
        distributor: null,
        size: 'Large',
        sold: false,
        price: '60',
        sold_on: null,
      },
      {
        edition_number: '1',
        print: 'Harbour, at dawn',
        distributor: 'North Gallery',
        size: 'Large',
        sold: true,
        price: '79.00',
        sold_on: '2025-09-24',
      },
      {
        edition_number: '2',
        print: 'Harbour, at dawn',
        distributor: 'Bay Prints, Ltd',
        size: 'Small',
        sold: false,
        price: '2160',
        sold_on: null,
      },
      {
        edition_number: '1',
        print: 'Kestrel "blue"',
        distributor: 'North Gallery',
        size: 'Extra Large',
        sold: true,
        price: '120.50',
        sold_on: '2025-10-02',
      },
    ]);
    const before = await dump(url);
    const again = await sync(url, mapping, e);
    for (const t of again.plan.tables) {
      expect(t.counts).toMatchObject({ insert: 0, update: 0, retire: 0, conflict: 0 });
      expect(again.result.tables[t.name].unchanged).toBe(t.counts.unchanged);
    }
    const after = await dump(url);
    // Only the run record itself is new.
    const strip = (d: string) => {
      const o = JSON.parse(d) as Record<string, unknown>;
      delete o['ferry.runs'];
      return JSON.stringify(o);
    };
    expect(strip(after)).toBe(strip(before));
  });
});
