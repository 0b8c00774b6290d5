import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { createEnv } from '../../../core/env/env.js';
import { freshDatabase, query } from '../../support/databases.js';
import { dump } from '../sync/harness.js';
import { cleanExport, ctxOf, newWorkspace, syncInto, writeExport } from './support.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-drift-'));
const env = createEnv({ home });
const ctx = ctxOf(env);

afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('drift check', () => {
  it('is zero right after a sync, then exactly the rows and fields edited on either side, without writing', async () => {
    const url = await freshDatabase('drift');
    const ws = await newWorkspace(env, url);
    const e = cleanExport();
    const first = writeExport(path.join(home, 'first'), e);
    await syncInto(env, ws.id, url, first, e);

    const zero = await call('cutover/drift', { workspaceId: ws.id }, ctx);
    expect(zero.total).toBe(0);
    expect(zero.summary).toMatch(/^No drift/);
    for (const t of Object.values(zero.tables)) {
      expect(t).toMatchObject({ onlyInExport: 0, onlyInDatabase: 0, differ: 0, fields: {} });
    }
    expect(Object.keys(zero.tables).sort()).toEqual(['distributors', 'editions', 'prints']);

    // Export side: one description changed, one new print, one edition gone.
    const e2 = cleanExport();
    e2.prints[2] = ['Fen Lights', 'Marsh at dusk', '100', '', '', ''];
    e2.prints.push(['Owl', 'A barn owl', '10', '', '', '']);
    e2.editions = e2.editions.filter((r) => r[0] !== 'Harbour #2');
    const second = writeExport(path.join(home, 'second'), e2);
    const folder = (await env.files.register(path.join(home, 'second'))).id;
    // PostgreSQL side: one edition's retail price edited by an app.
    await query(url, `UPDATE editions SET retail_price = 99.5 WHERE display_name = 'Kestrel #1'`);

    const before = await dump(url);
    const drift = await call('cutover/drift', { workspaceId: ws.id, files: [folder] }, ctx);
    expect(await dump(url)).toBe(before);
    expect(drift.files.map((f) => f.path).sort()).toEqual([...second].sort());

    expect(drift.tables.prints).toMatchObject({ onlyInExport: 1, onlyInDatabase: 0, differ: 1, editedInDatabase: 0 });
    expect(drift.tables.prints!.fields).toEqual({ description: 1 });
    expect(drift.tables.prints!.examples.onlyInExport).toEqual([expect.objectContaining({ key: 'Owl' })]);
    expect(drift.tables.prints!.examples.differ[0]).toMatchObject({
      key: 'Fen Lights',
      editedInDatabase: false,
      changes: [{ column: 'description', database: null, export: 'Marsh at dusk' }],
    });

    expect(drift.tables.editions).toMatchObject({ onlyInExport: 0, onlyInDatabase: 1, differ: 1, editedInDatabase: 1 });
    expect(drift.tables.editions!.fields).toEqual({ retail_price: 1 });
    expect(drift.tables.editions!.examples.onlyInDatabase[0]!.key).toContain('2');
    expect(drift.tables.editions!.examples.differ[0]).toMatchObject({
      editedInDatabase: true,
      changes: [{ column: 'retail_price', database: 99.5, export: 120.5 }],
    });
    expect(drift.tables.distributors).toMatchObject({ onlyInExport: 0, onlyInDatabase: 0, differ: 0 });
    expect(drift.total).toBe(4);
    expect(drift.editedInDatabase).toBe(1);

    // The newest check is kept for the gates and the screen.
    const status = await call('cutover/status', { workspaceId: ws.id }, ctx);
    expect(status.lastDrift?.checkId).toBe(drift.checkId);
  });

  it('ferry drift --json prints exactly the documented shape; ferry phase shows and refuses', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const url = await freshDatabase('driftcli');
    const cliHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-drift-cli-'));
    const cliEnv = createEnv({ home: cliHome });
    try {
      // The CLI finds the workspace by its target: make it (and its first sync) in that home.
      const ws = await call('workspace/create', { name: 'cli', target: { kind: 'url', url } }, ctxOf(cliEnv));
      const e = cleanExport();
      await syncInto(cliEnv, ws.id, url, writeExport(path.join(cliHome, 'a'), e), e);
      await query(url, `UPDATE prints SET notes = 'Edited' WHERE name = 'Fen Lights'`);
      const cli = path.join(import.meta.dirname, '../../../core/cli/ferry.mjs');
      const out = await promisify(execFile)(process.execPath, [
        cli,
        'drift',
        '--json',
        '--home',
        cliHome,
        '--db',
        url,
        path.join(cliHome, 'a'),
      ]).catch((err: { code: number; stdout: string }) => ({ stdout: err.stdout, code: err.code }));
      expect((out as { code?: number }).code).toBe(1);
      expect(JSON.parse(out.stdout)).toEqual({
        tables: {
          prints: { onlyInExport: 0, onlyInDatabase: 0, differ: 1, fields: { notes: 1 } },
          distributors: { onlyInExport: 0, onlyInDatabase: 0, differ: 0, fields: {} },
          editions: { onlyInExport: 0, onlyInDatabase: 0, differ: 0, fields: {} },
        },
      });

      // ferry phase: the status as JSON, and a refused move exits 1 with the reason in words.
      const status = await promisify(execFile)(process.execPath, [
        cli,
        'phase',
        '--json',
        '--home',
        cliHome,
        '--db',
        url,
      ]);
      expect(JSON.parse(status.stdout)).toMatchObject({ phase: 'parallel', next: 'postgres-primary' });
      const refused = await promisify(execFile)(process.execPath, [
        cli,
        'phase',
        'postgres-primary',
        '--home',
        cliHome,
        '--db',
        url,
      ]).catch((err: { code: number; stdout: string }) => ({ stdout: err.stdout, code: err.code }));
      expect((refused as { code?: number }).code).toBe(1);
      expect(refused.stdout).toMatch(/\[ \] No drift against the latest export: 1 row differ/);
    } finally {
      await cliEnv.close();
      fs.rmSync(cliHome, { recursive: true, force: true });
    }
  });
});
