import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../core/env/env.js';
import { runFerryJson } from '../../support/cli.js';
import { freshDatabase, query } from '../../support/databases.js';

// The CLI's --json output, read loosely: each assertion below names the fields it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const root = packageRoot();
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-cli-'));
const sample = path.join(root, 'resources', 'sample-export');
const ferry = (...args: string[]) => runFerryJson<Json>(home, ...args);

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('ferry history, report, restore and resync', () => {
  it('lists the sync, writes its report, restores to before it, and re-syncs', async () => {
    const url = await freshDatabase('cli');
    const synced = await ferry('sync', sample, '--template', 'art-editions', '--db', url);
    expect(synced.code, synced.stderr).toBe(0);
    const runId = synced.json.runId as string;
    expect(runId).toMatch(/^run-/);

    const history = await ferry('history', '--db', url);
    expect(history.json.runs.map((r: { runId: string }) => r.runId)).toEqual([runId]);
    expect(JSON.stringify(history.json)).not.toContain(new URL(url).password || 'never-there');

    const out = path.join(home, 'report.csv');
    expect((await ferry('report', runId, '--format', 'csv', '--out', out)).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('section,table,column');

    const nothing = await ferry('resync', sample, '--db', url);
    expect(nothing.json).toMatchObject({ status: 'nothing-new', nothingNew: true });

    const preview = await ferry('restore', runId, '--db', url, '--dry-run');
    expect(preview.code).toBe(0);
    expect(preview.json.preview.undo.map((r: { runId: string }) => r.runId)).toEqual([runId]);
    expect((await query(url, 'SELECT count(*)::int AS n FROM editions'))[0]!.n).toBeGreaterThan(0);

    const restored = await ferry('restore', runId, '--db', url);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.json.verified.matched).toBe(restored.json.verified.checked);
    expect((await query(url, 'SELECT count(*)::int AS n FROM editions'))[0]!.n).toBe(0);

    // Same files, but the database was put back: the re-sync brings the rows in again.
    const again = await ferry('resync', sample, '--db', url);
    expect(again.json.status, JSON.stringify(again.json)).toBe('applied');
    expect(again.json.runId).toMatch(/^run-/);
    expect((await query(url, 'SELECT count(*)::int AS n FROM editions'))[0]!.n).toBeGreaterThan(0);

    const all = await ferry('history', '--db', url);
    expect(all.json.runs.map((r: { kind: string }) => r.kind)).toEqual(['sync', 'restore', 'sync']);
  });
});
