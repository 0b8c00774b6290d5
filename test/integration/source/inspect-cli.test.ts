import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api/dispatch.js';
import { createEnv } from '../../../core/env/env.js';

const run = promisify(execFile);
const root = path.join(import.meta.dirname, '../../..');
const cli = path.join(root, 'core/cli/ferry.mjs');
const fixtures = path.join(root, 'test/fixtures/airtable');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-inspect-home-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('ferry inspect', () => {
  it('prints the documented JSON shape for an export folder', async () => {
    const { stdout } = await run(process.execPath, [cli, 'inspect', '--json', '--home', home, fixtures]);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['tables', 'files', 'problems', 'attachments']));
    const works = report.tables.find((t: { name: string }) => t.name === 'Works');
    expect(works).toMatchObject({ name: 'Works', file: 'Works-All works.csv', rows: 5 });
    for (const c of works.columns) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'type', 'confidence', 'empty', 'examples']));
      expect(c.examples.length).toBeLessThanOrEqual(5);
    }
    expect(works.links).toEqual(
      expect.arrayContaining([expect.objectContaining({ column: 'Artist', toTable: 'Artists', matched: 5, total: 6 })]),
    );
    expect(Array.isArray(works.problems)).toBe(true);
    // Paths stay on this machine.
    expect(stdout).not.toContain(fixtures);
    expect(report.files).toHaveLength(3);
  });

  it('prints a readable summary without --json', async () => {
    const { stdout } = await run(process.execPath, [
      cli,
      'inspect',
      '--home',
      home,
      path.join(fixtures, 'Works-All works.csv'),
    ]);
    expect(stdout).toMatch(/Works {2}\(Works-All works\.csv\) {2}5 rows/);
    expect(stdout).toMatch(/Price\s+money/);
  });

  it('fails in plain words for a missing file, with exit code 1', async () => {
    const err = await run(process.execPath, [cli, 'inspect', '--home', home, path.join(home, 'nope.csv')]).catch(
      (e) => e,
    );
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/could not find "nope\.csv"/);
  });
});

describe('source/inspect operation', () => {
  it('takes registered file ids, never paths', async () => {
    const env = createEnv({ home, rendererDir: path.join(root, 'out', 'renderer') });
    try {
      const signal = new AbortController().signal;
      const bad = await dispatch('source/inspect', { files: ['/etc/passwd'] }, { env, signal, carrier: 'http' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'file-unknown' } });
      const none = await dispatch('source/inspect', { files: [] }, { env, signal, carrier: 'http' });
      expect(none).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const file = await env.files.register(path.join(fixtures, 'Sales-Grid view.csv'));
      const progress: string[] = [];
      const ok = await dispatch(
        'source/inspect',
        { files: [file.id] },
        { env, signal, carrier: 'http', progress: (p) => progress.push(p.stage) },
      );
      expect(ok.ok).toBe(true);
      if (ok.ok) expect((ok.value as { tables: { rows: number }[] }).tables[0].rows).toBe(4);
      expect(progress.length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });
});
