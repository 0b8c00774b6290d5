import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyOptions } from '../../../core/sync/apply.js';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, dump, plan, sync, type ExportRows } from './harness.js';

const clone = (e: ExportRows): ExportRows => JSON.parse(JSON.stringify(e)) as ExportRows;

/** A first sync, then an export with changes in every table (new rows, edits, a new print). */
async function syncedAndChanged(prefix: string) {
  const url = await freshDatabase(prefix);
  const e = basicExport();
  const mapping = artMapping(e);
  await sync(url, mapping, e);
  const next = clone(e);
  next.prints.push(['Dune Grass', 'new', '40', '', '', '']);
  next.prints[0][4] = 'edited note';
  next.editions.push(['Dune #1', 'Dune Grass', '1', 'North Gallery', 'Small', 'Framed', '', '$5,000.00', '', '']);
  next.editions[1][7] = '$2,300.00';
  return { url, mapping, next };
}

async function applyWith(
  url: string,
  mapping: ReturnType<typeof artMapping>,
  e: ExportRows,
  opts: Partial<ApplyOptions>,
) {
  const session = await plan(url, mapping, e);
  try {
    return await applyPlan(session, {
      runId: `run-fail-${Date.now()}`,
      conflictPolicy: 'stop',
      signal: new AbortController().signal,
      progress: () => {},
      ...opts,
    });
  } finally {
    await session.close();
  }
}

describe('a failure midway leaves every table as it was', () => {
  it('a row the database refuses after the planner passed it (a CHECK constraint)', async () => {
    const { url, mapping, next } = await syncedAndChanged('failrow');
    await query(url, `ALTER TABLE editions ADD CONSTRAINT price_cap CHECK (retail_price < 3000)`);
    const before = await dump(url);
    const steps: string[] = [];
    await expect(applyWith(url, mapping, next, { beforeStep: async (s) => void steps.push(s) })).rejects.toMatchObject({
      code: 'apply-failed',
    });
    // Prints were already written inside the transaction when editions failed.
    expect(steps).toContain('insert:prints');
    expect(await dump(url)).toBe(before);
  });

  it('a killed connection', async () => {
    const { url, mapping, next } = await syncedAndChanged('failkill');
    const before = await dump(url);
    await expect(
      applyWith(url, mapping, next, {
        beforeStep: async (step, client) => {
          if (step !== 'insert:editions') return;
          const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
          const killer = new pg.Client({ connectionString: url });
          await killer.connect();
          await killer.query('SELECT pg_terminate_backend($1)', [pid]);
          await killer.end();
        },
      }),
    ).rejects.toMatchObject({ code: 'apply-failed' });
    expect(await dump(url)).toBe(before);
    const runs = await query(url, `SELECT count(*)::int AS n FROM ferry.runs`);
    expect(runs).toEqual([{ n: 1 }]);
  });

  it('a cancel', async () => {
    const { url, mapping, next } = await syncedAndChanged('failcancel');
    const before = await dump(url);
    const controller = new AbortController();
    await expect(
      applyWith(url, mapping, next, {
        signal: controller.signal,
        beforeStep: async (step) => {
          if (step === 'update:editions') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(await dump(url)).toBe(before);
  });

  it('a database that changed after the dry run: counts differ, nothing is written', async () => {
    const { url, mapping, next } = await syncedAndChanged('failstale');
    const session = await plan(url, mapping, next);
    try {
      await query(url, `DELETE FROM editions WHERE display_name = 'Fen #1'`);
      const before = await dump(url);
      await expect(
        applyPlan(session, {
          runId: 'run-stale',
          conflictPolicy: 'stop',
          signal: new AbortController().signal,
          progress: () => {},
        }),
      ).rejects.toMatchObject({ code: 'plan-outdated' });
      expect(await dump(url)).toBe(before);
    } finally {
      await session.close();
    }
  });

  it('a second sync while one is writing is refused', async () => {
    const { url, mapping, next } = await syncedAndChanged('failbusy');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('ferry.sync'))`);
      await expect(applyWith(url, mapping, next, {})).rejects.toMatchObject({ code: 'sync-busy' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });
});

describe('a dry run', () => {
  it('changes nothing in the target, on an empty database and on a synced one', async () => {
    const url = await freshDatabase('dry');
    const e = basicExport();
    const mapping = artMapping(e);
    const empty = await dump(url);
    const s1 = await plan(url, mapping, e);
    await s1.close();
    expect(await dump(url)).toBe(empty);
    await sync(url, mapping, e);
    const synced = await dump(url);
    const changed = clone(e);
    changed.editions[0][7] = '$1.00';
    const s2 = await plan(url, mapping, changed, 'full');
    expect(s2.summary.tables.find((t) => t.name === 'editions')!.counts.update).toBe(1);
    await s2.close();
    expect(await dump(url)).toBe(synced);
  });
});
