import { describe, expect, it } from 'vitest';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, EDITION_HEADERS, sync, type ExportRows } from './harness.js';

// The plan calls a row unchanged without hashing it when every value reads the same as stored.
// These cases sit on the edge of "reads the same": equal values that print differently, and extra
// columns from several exports, must still be judged by the hashes exactly as before.

const clone = (e: ExportRows): ExportRows => JSON.parse(JSON.stringify(e)) as ExportRows;
const editions = (r: Awaited<ReturnType<typeof sync>>) => r.plan.tables.find((t) => t.name === 'editions')!.counts;

describe('rows whose values read the same as stored', () => {
  it('an edit in PostgreSQL that the export now agrees with is unchanged, not a conflict', async () => {
    const url = await freshDatabase('same-agree');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    await query(url, `UPDATE editions SET notes = 'agreed' WHERE display_name = 'Harbour #1'`);
    const later = clone(e);
    later.editions[0][9] = 'agreed';
    const r = await sync(url, mapping, later);
    expect(editions(r)).toMatchObject({ update: 0, conflict: 0, unchanged: 4 });
    expect(r.result.tables.editions).toMatchObject({ update: 0, conflict: 0, unchanged: 4 });
    expect(await query(url, `SELECT sync_version FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { sync_version: 1 },
    ]);
  });

  it('a price edited in PostgreSQL to an equal number written differently is still a conflict when the export changes it', async () => {
    const url = await freshDatabase('same-scale');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const later = clone(e);
    later.editions[0][7] = '$80.00';
    // PostgreSQL now holds the export's new price with another scale (the cleaner gives "$80.00"
    // the scale it gave "$79.00"): equal as numbers, not as text, so not what the export brings.
    await query(
      url,
      `UPDATE editions SET retail_price = CASE WHEN scale(retail_price) = 2 THEN 80.0 ELSE 80.00 END
        WHERE display_name = 'Harbour #1'`,
    );
    const r = await sync(url, mapping, later, 'incremental', { conflictPolicy: 'keep-postgres' });
    expect(editions(r)).toMatchObject({ conflict: 1, unchanged: 3, update: 0, insert: 0 });
    expect(r.result.tables.editions).toMatchObject({ conflict: 1, update: 0 });
    const [{ price }] = await query<{ price: string }>(
      url,
      `SELECT retail_price::text AS price FROM editions WHERE display_name = 'Harbour #1'`,
    );
    expect(Number(price)).toBe(80);
  });

  it('extra columns from an older export are kept, and an unchanged re-sync of a later export writes nothing', async () => {
    const url = await freshDatabase('same-extra');
    const first = basicExport();
    first.editionHeaders = [...EDITION_HEADERS, 'Certificate'];
    first.editions = first.editions.map((r, i) => [...r, `C-${i}`]);
    const mapping = artMapping(first);
    await sync(url, mapping, first);
    const second = basicExport();
    second.editionHeaders = [...EDITION_HEADERS, 'Frame Maker'];
    second.editions = second.editions.map((r, i) => [...r, `M-${i}`]);
    const merged = await sync(url, mapping, second);
    expect(editions(merged)).toMatchObject({ update: 4, unchanged: 0 });
    expect(await query(url, `SELECT extra FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { extra: { Certificate: 'C-0', 'Frame Maker': 'M-0' } },
    ]);
    const again = await sync(url, mapping, second);
    expect(editions(again)).toMatchObject({ update: 0, conflict: 0, unchanged: 4 });
    expect(again.result.tables.editions).toMatchObject({ update: 0, unchanged: 4 });
  });

  it('extra values equal as JSON but written differently in PostgreSQL are judged by the hashes', async () => {
    const url = await freshDatabase('same-extra-num');
    const e = basicExport();
    e.editionHeaders = [...EDITION_HEADERS, 'Weight'];
    e.editions = e.editions.map((r) => [...r, 1.5]);
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    expect(await query(url, `SELECT extra::text AS x FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { x: '{"Weight": 1.5}' },
    ]);
    // Edited in PostgreSQL to what the next export says, written with another scale.
    await query(url, `UPDATE editions SET extra = '{"Weight": 2.50}' WHERE display_name = 'Harbour #1'`);
    const later = clone(e);
    later.editions[0][10] = 2.5;
    const r = await sync(url, mapping, later, 'incremental', { conflictPolicy: 'take-export' });
    expect(editions(r)).toMatchObject({ conflict: 1, unchanged: 3, update: 0 });
    expect(r.result.tables.editions).toMatchObject({ conflict: 1, update: 1 });
    expect(await query(url, `SELECT extra::text AS x FROM editions WHERE display_name = 'Harbour #1'`)).toEqual([
      { x: '{"Weight": 2.5}' },
    ]);
  });
});
