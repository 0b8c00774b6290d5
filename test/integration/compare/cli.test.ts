import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../core/env/env.js';
import { runFerryJson } from '../../support/cli.js';
import { freshDatabase, query } from '../../support/databases.js';
import { dump, jobDatabases } from './support.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-copy-cli-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const ferry = (...args: string[]) => runFerryJson(home, ...args);

describe('ferry copy', () => {
  it('prints the dry run and the copy in the agreed --json shape, and ferry restore undoes it', async () => {
    const { from, to } = await jobDatabases();
    const before = await dump(to);
    const args = ['--from', from, '--to', to, '--table', 'jobs', '--key', 'job=job_no,release=rel'];
    const fields = ['--fields', 'qty,status,missing', '--transform', 'status=upper'];

    const dry = await ferry('copy', ...args, ...fields, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json).toEqual({
      matched: 6,
      notFound: 2,
      notInSource: 1,
      update: 6,
      fields: { qty: 2, status: 6 },
      missingColumns: ['missing'],
      errors: [],
    });
    expect(await dump(to)).toBe(before);

    const done = await ferry('copy', ...args, ...fields);
    expect(done.code, done.stderr).toBe(0);
    const { runId, ...rest } = done.json as { runId: string };
    expect(runId).toMatch(/^run-/);
    expect(rest).toEqual(dry.json);
    expect(await query(to, `SELECT DISTINCT status FROM jobs WHERE job_no <> 'Z' ORDER BY 1`)).toEqual([
      { status: 'CLOSED' },
      { status: 'OPEN' },
    ]);

    // Again: nothing left to change, so no run is made (no runId).
    const again = await ferry('copy', ...args, ...fields);
    expect(again.json).toEqual({ ...(dry.json as object), update: 0, fields: { qty: 0, status: 0 } });

    const history = await ferry('history', '--db', to);
    expect((history.json as { runs: { runId: string; kind: string }[] }).runs.map((r) => [r.runId, r.kind])).toEqual([
      [runId, 'copy'],
    ]);
    const restored = await ferry('restore', runId, '--db', to);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await dump(to)).toBe(before);

    const bad = await ferry('copy', ...args, '--fields', 'qty', '--transform', 'qty=shout');
    expect(bad.code).toBe(2);
    expect(bad.json).toEqual({ error: expect.objectContaining({ code: 'invalid-input' }) });
  });

  it('undoes a copy into a synced table together with the sync before it, without calling the copy an edit', async () => {
    const url = await freshDatabase('copy_synced');
    const sample = path.join(packageRoot(), 'resources', 'sample-export');
    const synced = await ferry('sync', sample, '--template', 'art-editions', '--db', url);
    expect(synced.code, synced.stderr).toBe(0);
    const syncRun = (synced.json as { runId: string }).runId;
    const names = await query<{ name: string }>(url, 'SELECT name FROM prints ORDER BY id');
    expect(names.length).toBeGreaterThan(0);

    // Same database on both sides: the print names upper-cased in place.
    const copied = await ferry(
      'copy',
      '--from',
      url,
      '--to',
      url,
      '--table',
      'prints',
      '--key',
      'id',
      '--fields',
      'name',
      '--transform',
      'name=upper',
    );
    expect(copied.code, copied.stderr).toBe(0);
    expect((copied.json as { update: number }).update).toBe(names.length);
    expect(await query(url, 'SELECT name FROM prints ORDER BY id')).toEqual(
      names.map((n) => ({ name: n.name.toUpperCase() })),
    );

    const preview = await ferry('restore', syncRun, '--db', url, '--dry-run');
    const p = (preview.json as { preview: { conflictCount: number; undo: { kind: string }[] } }).preview;
    expect(p.undo.map((r) => r.kind)).toEqual(['copy', 'sync']);
    expect(p.conflictCount).toBe(0);
    const restored = await ferry('restore', syncRun, '--db', url);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await query(url, 'SELECT count(*)::int AS n FROM prints')).toEqual([{ n: 0 }]);
  });
});
