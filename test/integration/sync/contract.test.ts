import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import type { Progress } from '../../../core/api/define.js';
import { createEnv } from '../../../core/env/env.js';
import { openHistoryStore } from '../../../core/history/store.js';
import { freshDatabase, query } from '../../support/databases.js';

const sample = path.join(import.meta.dirname, '..', '..', '..', 'resources', 'sample-export');

describe('the sync operations through the contract, on the sample export', () => {
  it('suggests, validates, plans, pages rows, applies and records the run', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'ferry-sync-contract-'));
    const env = createEnv({ home });
    const events: Progress[] = [];
    const ctx = {
      env,
      carrier: 'cli' as const,
      signal: new AbortController().signal,
      progress: (p: Progress) => events.push(p),
    };
    try {
      const url = await freshDatabase('contract');
      expect((await call('templates/list', {}, ctx)).templates.map((t) => t.id)).toEqual(['art-editions', 'generic']);
      const folder = await env.files.register(sample);
      const suggestion = await call('mapping/suggest', { files: [folder.id], template: 'art-editions' }, ctx);
      expect(suggestion.unmatched).toEqual([{ sourceTable: 'Editions', column: 'Print Lookup' }]);
      const bad = await call('mapping/validate', { mapping: { ...suggestion.mapping, tables: [] } }, ctx);
      expect(bad.ok).toBe(false);
      const good = await call('mapping/validate', { mapping: suggestion.mapping }, ctx);
      expect(good.order).toEqual(['prints', 'distributors', 'editions']);

      const target = { kind: 'url' as const, url };
      const plan = await call(
        'sync/plan',
        { target, files: [folder.id], mapping: suggestion.mapping, mode: 'incremental' },
        ctx,
      );
      const counts = Object.fromEntries(plan.tables.map((t) => [t.name, [t.counts.insert, t.counts.pending]]));
      expect(counts).toEqual({ prints: [4, 0], distributors: [4, 0], editions: [7, 2] });
      // The placeholder "test" print, the empty row, a duplicate "Fen Lights": reported, not imported.
      expect(plan.problems.some((p) => p.table === 'prints' && /placeholder/.test(p.reason))).toBe(true);
      expect(plan.ruleEffects.map((r) => r.rule)).toContain('size: "large" → "Large"');
      expect(events.some((e) => e.stage === 'read')).toBe(true);

      const pending = await call(
        'sync/plan-rows',
        { planId: plan.planId, table: 'editions', kind: 'pending', offset: 0, limit: 10 },
        ctx,
      );
      expect(pending.total).toBe(2);
      expect(pending.rows.map((r) => r.reason)).toEqual([
        'Print: no record is called Lighthouse at Night',
        'Distributor: no record is called Unknown Gallery',
      ]);
      const inserts = await call(
        'sync/plan-rows',
        { planId: plan.planId, table: 'prints', kind: 'insert', offset: 1, limit: 2 },
        ctx,
      );
      expect(inserts).toMatchObject({ total: 4, offset: 1 });
      expect(inserts.rows.map((r) => r.key)).toEqual(['Kestrel "Blue"', 'Fen Lights']);

      const applied = await call('sync/apply', { planId: plan.planId }, ctx);
      expect(applied.tables.editions).toMatchObject({ insert: 7, pending: 2 });
      expect(await query(url, `SELECT run_id, kind FROM ferry.runs`)).toEqual([
        { run_id: applied.runId, kind: 'sync' },
      ]);
      const store = openHistoryStore(home);
      try {
        const run = store.run(applied.runId);
        expect(run.status).toBe('completed');
      } finally {
        store.close();
      }
      await expect(call('sync/apply', { planId: plan.planId }, ctx)).rejects.toMatchObject({ code: 'plan-unknown' });
    } finally {
      await env.close();
      await fs.rm(home, { recursive: true, force: true });
    }
  });
});
