import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnv } from '../../../core/env/env.js';
import { checkInterruptedRuns } from '../../../core/history/interrupted.js';
import { openHistoryStore } from '../../../core/history/store.js';
import { checkMapping } from '../../../core/mapping/validate.js';
import { createPlan } from '../../../core/plan/plan.js';
import { applyPlan } from '../../../core/sync/apply.js';
import { freshDatabase, query } from '../../support/databases.js';
import { dump } from '../sync/harness.js';
import { largeExport, largeMapping } from './kill-export.js';

const PRINTS = 200;
const PER_PRINT = 100; // 20,000 editions, then 2,000 changed... see kill-export.ts
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kill-child.ts');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-crash-'));
const env = createEnv({ home });

afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Ten places to die: waiting at a step, or just after it while its statement runs. */
const POINTS: [string, 'hold' | 'go'][] = [
  ['schema', 'hold'],
  ['classify:prints', 'hold'],
  ['update:prints', 'go'],
  ['retire:prints', 'go'],
  ['classify:editions', 'hold'],
  ['update:editions', 'go'],
  ['insert:editions', 'go'],
  ['retire:editions', 'go'],
  ['record', 'hold'],
  ['commit', 'hold'],
];

function killAt(url: string, step: string, how: 'hold' | 'go'): Promise<{ runId: string; reached: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, url, home, step, how, String(PRINTS), String(PER_PRINT)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let runId = '';
    let reached = false;
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      runId = /run (\S+)/.exec(out)?.[1] ?? runId;
      if (!reached && out.includes(`at ${step}`)) {
        reached = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ runId, reached });
      else reject(new Error(`the child was not killed (exit ${code}): ${out} ${err}`));
    });
  });
}

async function waitForOtherSessionsToEnd(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const rows = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('a killed session is still open');
}

describe('a sync killed with SIGKILL', () => {
  it('leaves the target unchanged at each of 10 points, and the next start marks the run interrupted', async () => {
    const url = await freshDatabase('crash');
    const check = checkMapping(largeMapping());
    if (!check.ok) throw new Error('mapping');
    const first = await createPlan({
      config: { connectionString: url },
      mapping: check.mapping,
      order: check.order,
      sources: largeExport(PRINTS, PER_PRINT, 1),
      files: [],
      mode: 'full',
      target: 'crash test',
      signal: new AbortController().signal,
      progress: () => {},
    });
    await applyPlan(first, {
      runId: 'first',
      conflictPolicy: 'stop',
      signal: new AbortController().signal,
      progress: () => {},
    }).finally(() => first.close());
    const before = await dump(url);
    expect((await query(url, 'SELECT count(*)::int AS n FROM editions'))[0]!.n).toBe(PRINTS * PER_PRINT);

    for (const [step, how] of POINTS) {
      const { runId, reached } = await killAt(url, step, how);
      expect(reached, step).toBe(true);
      await waitForOtherSessionsToEnd(url);
      expect(await dump(url), `target after a kill at ${step}`).toBe(before);

      const store = openHistoryStore(home);
      try {
        expect(store.interruptedAtOpen, step).toContain(runId);
        expect(store.run(runId).status).toBe('interrupted');
        const checked = await checkInterruptedRuns(store, env, { connection: { kind: 'url', url } });
        expect(checked).toContainEqual({ runId, found: 'not-committed' });
        expect(store.run(runId).targetCheck).toBe('not-committed');
      } finally {
        store.close();
      }
    }
  });
});
