import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../core/api/define.js';
import { applyCopy, planCompare } from '../../../core/compare/compare.js';
import { freshDatabase, query } from '../../support/databases.js';
import { compareCtx } from './support.js';

const ROWS = 200_000;

async function bigTables(): Promise<{ from: string; to: string }> {
  const from = await freshDatabase('cmp_big_from');
  const to = await freshDatabase('cmp_big_to');
  for (const [url, shift] of [
    [from, 0],
    [to, 1],
  ] as const) {
    await query(
      url,
      `CREATE TABLE items (id int PRIMARY KEY, a text, b int, c numeric);
       INSERT INTO items SELECT i, 'v' || (i + CASE WHEN i % 5 = 0 THEN ${shift} ELSE 0 END), i % 97, i / 7.0
         FROM generate_series(1, ${ROWS}) i`,
    );
  }
  return { from, to };
}

const fingerprint = async (url: string) =>
  (await query<{ h: string }>(url, `SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) AS h FROM items t`))[0]!.h;

describe('a long comparison', () => {
  it('reports progress at least every quarter second, and a cancel mid-statement rolls the copy back', async () => {
    const { from, to } = await bigTables();
    const spec = {
      from: { kind: 'url' as const, url: from },
      to: { kind: 'url' as const, url: to },
      source: { schema: 'public', name: 'items' },
      target: { schema: 'public', name: 'items' },
      keys: [{ source: 'id', target: 'id' }],
      fields: ['a', 'b', 'c'].map((f) => ({ source: f, target: f })),
    };
    const ctx = await compareCtx();
    const times: number[] = [];
    const plan = await planCompare(spec, { ...ctx, progress: () => times.push(Date.now()) });
    expect(plan).toMatchObject({ matched: ROWS, update: ROWS / 5, fields: { a: ROWS / 5, b: 0, c: 0 } });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // The heartbeat repeats every 200 ms; a little slack for a busy machine.
    expect(Math.max(...gaps)).toBeLessThan(400);

    const before = await fingerprint(to);
    const controller = new AbortController();
    const stages: Progress[] = [];
    const started = Date.now();
    await expect(
      applyCopy(spec, {
        ...ctx,
        signal: controller.signal,
        runId: 'run-cancel-midway',
        expect: plan,
        progress: (p) => {
          stages.push(p);
          // Cancelled while the comparison statement runs on the server.
          if (p.stage === 'compare' && !controller.signal.aborted) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(stages.some((s) => s.stage === 'snapshot' || s.stage === 'write')).toBe(false);
    expect(await fingerprint(to)).toBe(before);
    expect(await query(to, `SELECT to_regclass('ferry.runs')::text AS t`)).toEqual([{ t: null }]);
  });
});
