import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../../core/mapping/validate.js';
import { createPlan } from '../../../core/plan/plan.js';
import type { PlanSource } from '../../../core/plan/source-rows.js';
import { freshDatabase } from '../../support/databases.js';
import { artMapping, basicExport, sources, sync } from './harness.js';

describe('cancelling a dry run', () => {
  it('stops the statement that is running, not only the next one', async () => {
    const url = await freshDatabase('plancancel');
    const e = basicExport();
    const mapping = artMapping(e);
    await sync(url, mapping, e);
    const check = checkMapping(mapping);
    if (!check.ok) throw new Error('mapping');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // While the dry run reads the editions, another session takes their table: comparing them
      // with the database then waits for that lock.
      const withLock = sources(e).map((s): PlanSource =>
        s.name !== 'Editions'
          ? s
          : {
              ...s,
              rows: async function* (opts) {
                await holder.query('BEGIN');
                await holder.query('LOCK TABLE public.editions IN ACCESS EXCLUSIVE MODE');
                yield* s.rows(opts);
              },
            },
      );
      const controller = new AbortController();
      const planning = createPlan({
        config: { connectionString: url },
        mapping: check.mapping,
        order: check.order,
        sources: withLock,
        files: [],
        mode: 'incremental',
        target: 'test',
        signal: controller.signal,
        progress: () => {},
      });
      planning.catch(() => {});
      const waiting = async () =>
        (
          await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n;
      for (let i = 0; i < 400 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(1);
      controller.abort();
      // Without the server-side cancel the dry run would wait for the lock for ever (the test would time out).
      await expect(planning).rejects.toMatchObject({ code: 'cancelled' });
      expect(await waiting()).toBe(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  });
});
