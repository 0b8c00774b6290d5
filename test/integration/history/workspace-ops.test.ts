import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { createEnv } from '../../../core/env/env.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-ws-'));
const env = createEnv({ home });
const ctx = { env, carrier: 'cli' as const, signal: new AbortController().signal };

afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('workspace operations', () => {
  it('creates, lists, updates and deletes a workspace, keeping the password out of SQLite', async () => {
    const ws = await call(
      'workspace/create',
      { name: 'Art editions', target: { kind: 'url', url: 'postgresql://owner:Hunter2Secret@db.example.com/art' } },
      ctx,
    );
    expect(ws.targetLabel).toBe('db.example.com/art');
    expect(ws.target.secretRef).toBeDefined();
    expect(await env.secrets.get(ws.target.secretRef!)).toBe('Hunter2Secret');
    const onDisk = ['ferry.sqlite', 'ferry.sqlite-wal']
      .map((f) => (fs.existsSync(path.join(home, f)) ? fs.readFileSync(path.join(home, f)).toString('latin1') : ''))
      .join('');
    expect(onDisk).toContain('db.example.com');
    expect(onDisk).not.toContain('Hunter2Secret');

    const csv = path.join(home, 'Prints-Grid view.csv');
    fs.writeFileSync(csv, 'Name,Size\nDawn,Large\n');
    const file = await env.files.register(csv);
    const updated = await call('workspace/update', { id: ws.id, files: [file.id] }, ctx);
    expect(updated.phase).toBe('parallel');
    expect(updated.files).toEqual([
      expect.objectContaining({
        name: 'Prints-Grid view.csv',
        table: 'Prints',
        size: 21,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);

    await expect(
      call('workspace/update', { id: ws.id, mapping: { version: 1, tables: 'nope' } }, ctx),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect((await call('workspace/get', { id: ws.id }, ctx)).mapping).toBeNull();
    const { workspaces } = await call('workspace/list', {}, ctx);
    expect(workspaces.map((w) => w.id)).toContain(ws.id);
    // The phase moves only through cutover/move and its gates, never by a plain update.
    await expect(call('workspace/update', { id: ws.id, phase: 'postgres-only' }, ctx)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect((await call('workspace/get', { id: ws.id }, ctx)).phase).toBe('parallel');

    await call('workspace/delete', { id: ws.id }, ctx);
    expect(await env.secrets.get(ws.target.secretRef!)).toBeUndefined();
    await expect(call('workspace/get', { id: ws.id }, ctx)).rejects.toMatchObject({ code: 'workspace-missing' });
    await expect(call('history/list', { workspaceId: ws.id }, ctx)).rejects.toThrow(/no longer exists/);
  });
});
