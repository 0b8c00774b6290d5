import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api/dispatch.js';
import type { AttachmentDownloadResult } from '../../../core/attachments/types.js';
import { createEnv, type FerryEnv } from '../../../core/env/env.js';
import { startFileServer, writeExport, type FileServer } from './file-server.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-attachments-contract-'));
let server: FileServer;
let env: FerryEnv;
let exportFile: string;
const signal = new AbortController().signal;

beforeAll(async () => {
  server = await startFileServer();
  exportFile = writeExport(path.join(work, 'export'), server.base);
  env = createEnv({ home: path.join(work, 'home') });
});
afterAll(async () => {
  await env.close();
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('attachments operations', () => {
  it('attachments/list counts names per column and shows where they would go', async () => {
    const file = await env.files.register(exportFile);
    const listed = await dispatch('attachments/list', { files: [file.id] }, { env, signal, carrier: 'http' });
    expect(listed).toEqual({
      ok: true,
      value: {
        columns: [{ table: 'Prints', column: 'Images', records: 6, files: 9 }],
        total: 9,
        defaultFolder: path.join(work, 'export', 'attachments'),
      },
    });
  });

  it('takes ids, never paths, for the export and for the folder, and checks its input', async () => {
    const file = await env.files.register(exportFile);
    const byPath = await dispatch('attachments/download', { files: [exportFile] }, { env, signal, carrier: 'http' });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'file-unknown' } });
    const folder = await dispatch(
      'attachments/download',
      { files: [file.id], folder: '/tmp' },
      { env, signal, carrier: 'http' },
    );
    expect(folder).toMatchObject({ ok: false, error: { code: 'file-unknown' } });
    const timeout = await dispatch(
      'attachments/download',
      { files: [file.id], timeoutSeconds: 0 },
      { env, signal, carrier: 'http' },
    );
    expect(timeout).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // Nothing was created by the refused calls.
    expect(fs.existsSync(path.join(work, 'export', 'attachments'))).toBe(false);
  });

  it('fetches https only by default: plain http links are problems, nothing is saved', async () => {
    delete process.env.FERRY_ATTACHMENT_SCHEMES;
    const file = await env.files.register(exportFile);
    const out = await dispatch('attachments/download', { files: [file.id] }, { env, signal, carrier: 'http' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const result = out.value as AttachmentDownloadResult;
    expect(result).toMatchObject({ total: 9, saved: 0, failed: 9, bytes: 0 });
    expect(new Set(result.problems.map((p) => p.reason))).toEqual(
      new Set(['Ferry only downloads https links; this one is http.']),
    );
    expect(fs.readdirSync(result.folder)).toEqual(['attachments.csv']);
  });
});
