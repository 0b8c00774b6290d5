import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { createEnv } from '../../../core/env/env.js';
import { applyAndRecord, planFiles } from '../../../core/sync/run-sync.js';
import { freshDatabase, query } from '../../support/databases.js';
import {
  artMapping,
  basicExport,
  DISTRIBUTOR_HEADERS,
  EDITION_HEADERS,
  PRINT_HEADERS,
  type ExportRows,
} from '../sync/harness.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-resync-'));
const env = createEnv({ home });
const ctx = { env, carrier: 'cli' as const, signal: new AbortController().signal };

afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Writes an Airtable-style export set into `dir`, with a copy suffix like a browser's second download. */
function writeExport(dir: string, e: ExportRows, suffix = '', mtime?: Date): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string[], unknown[][]][] = [
    [`Prints-Grid view${suffix}.csv`, PRINT_HEADERS, e.prints],
    [`Distributors-Grid view${suffix}.csv`, DISTRIBUTOR_HEADERS, e.distributors],
    [`Editions-All Records${suffix}.csv`, EDITION_HEADERS, e.editions],
  ];
  return files.map(([name, headers, rows]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `\uFEFF${Papa.unparse([headers, ...rows])}`);
    if (mtime) fs.utimesSync(file, mtime, mtime);
    return file;
  });
}

describe('re-sync', () => {
  it('says nothing new without touching the target, then applies exactly the planned changes of a newer export', async () => {
    const url = await freshDatabase('resync');
    const dir = path.join(home, 'Downloads');
    const e1 = basicExport();
    const firstFiles = writeExport(dir, e1, '', new Date('2026-01-10T09:00:00Z'));
    const ws = await call('workspace/create', { name: 'Art editions', target: { kind: 'url', url } }, ctx);

    // First sync, through the sync engine, recorded in this workspace.
    const session = await planFiles(env, {
      target: { kind: 'url', url },
      paths: firstFiles,
      mapping: artMapping(e1),
      mode: 'full',
      workspaceId: ws.id,
      signal: ctx.signal,
      progress: () => {},
    });
    await applyAndRecord(env, session, { conflictPolicy: 'stop', signal: ctx.signal, progress: () => {} }).finally(() =>
      session.close(),
    );
    const saved = await call('workspace/get', { id: ws.id }, ctx);
    expect(saved.files.map((f) => f.name).sort()).toEqual(firstFiles.map((f) => path.basename(f)).sort());
    expect(saved.mapping).not.toBeNull();
    const folder = (await env.files.register(dir)).id;

    // With no files given, re-sync looks in the folder the last export came from, once it knows one.
    await expect(call('resync/check', { workspaceId: ws.id }, ctx)).rejects.toMatchObject({ code: 'no-export-folder' });
    await call('workspace/update', { id: ws.id, exportFolder: folder }, ctx);
    expect((await call('resync/check', { workspaceId: ws.id }, ctx)).nothingNew).toBe(true);

    // Same files: nothing new, even with the target unreachable (proof that no table row is read).
    await call(
      'workspace/update',
      { id: ws.id, target: { kind: 'url', url: 'postgresql://nobody:x@127.0.0.1:1/none' } },
      ctx,
    );
    const same = await call('resync/run', { workspaceId: ws.id, files: [folder] }, ctx);
    expect(same.status).toBe('nothing-new');
    expect(same.nothingNew).toBe(true);
    expect(same.message).toMatch(/^Nothing new since \d+ \w+ \d{4}/);
    expect(same.picked.map((p) => p.changed)).toEqual([false, false, false]);
    await call('workspace/update', { id: ws.id, target: { kind: 'url', url } }, ctx);

    // A newer export lands next to the old one; an unrelated file is ignored.
    const e2 = basicExport();
    e2.prints[1] = ['Kestrel "blue"', 'A kestrel in flight', '30', '', 'Signed', ''];
    e2.editions.push(['Kestrel #2', '"Kestrel ""blue"""', '2', 'North Gallery', 'Small', 'Framed', '', '$95', '', '']);
    const newer = writeExport(dir, e2, ' (1)', new Date('2026-02-01T09:00:00Z'));
    fs.writeFileSync(path.join(dir, 'Invoices-Grid view.csv'), 'Number\n1\n');
    const check = await call('resync/check', { workspaceId: ws.id, files: [folder] }, ctx);
    expect(check.nothingNew).toBe(false);
    expect(check.picked.map((p) => p.name).sort()).toEqual(newer.map((f) => path.basename(f)).sort());
    expect(
      check.picked
        .filter((p) => p.changed)
        .map((p) => p.table)
        .sort(),
    ).toEqual(['Distributors', 'Editions', 'Prints'].filter((t) => t !== 'Distributors'));
    expect(check.ignored).toEqual(['Invoices-Grid view.csv']);

    // The dry run of the picked files, for comparison with what the re-sync applies.
    const dry = await planFiles(env, {
      target: { kind: 'url', url },
      paths: newer,
      mapping: saved.mapping,
      mode: 'full',
      signal: ctx.signal,
      progress: () => {},
    });
    const planned = Object.fromEntries(dry.summary.tables.map((t) => [t.name, t.counts]));
    await dry.close();
    expect(planned.prints).toMatchObject({ update: 1, insert: 0 });
    expect(planned.editions).toMatchObject({ insert: 1, update: 0 });

    const applied = await call('resync/run', { workspaceId: ws.id, files: [folder] }, ctx);
    expect(applied.status).toBe('applied');
    expect(applied.runId).toMatch(/^run-/);
    for (const [table, counts] of Object.entries(planned)) {
      const { problems: _p, ...want } = counts;
      const { problems: _q, ...got } = applied.tables![table]!;
      expect(got).toEqual(want);
    }
    const rows = await query(url, `SELECT description FROM prints WHERE name = 'Kestrel "blue"'`);
    expect(rows[0]!.description).toBe('A kestrel in flight');
    const { runs } = await call('history/list', { workspaceId: ws.id }, ctx);
    expect(runs[0]).toMatchObject({ runId: applied.runId, kind: 'sync', status: 'completed', mode: 'full' });

    // And now the newer files are the saved set: nothing new again.
    const after = await call('resync/run', { workspaceId: ws.id }, ctx);
    expect(after.status).toBe('nothing-new');
  });
});
