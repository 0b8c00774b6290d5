import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchToFile } from '../../../core/attachments/fetch-file.js';
import { bytesFor, startFileServer, type FileServer } from './file-server.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-fetch-file-'));
let server: FileServer;
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});
const opts = { schemes: ['http:'], timeoutMs: 800, maxBytes: 10 * 1024 * 1024 };

describe('fetching one attachment', () => {
  it('says plainly when a redirect points to an address that is not valid', async () => {
    const outcome = await fetchToFile(`${server.base}/redirect-broken/x.jpg`, path.join(work, 'a', 'x.jpg'), opts);
    expect(outcome).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/redirects to an address that is not a valid web address/),
    });
  });

  it('leaves no empty folders behind for a file that stopped arriving', async () => {
    const dest = path.join(work, 'Prints', 'rec 1', 'big.tif');
    const outcome = await fetchToFile(`${server.base}/trickle/big.tif`, dest, opts);
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/sent nothing for 1 seconds/) });
    expect(fs.existsSync(path.join(work, 'Prints'))).toBe(false);
  });

  it('keeps a folder that holds other files, and the file that did arrive', async () => {
    const saved = path.join(work, 'Shared', 'ok.txt');
    expect(await fetchToFile(`${server.base}/files/ok.txt`, saved, opts)).toMatchObject({ status: 'saved' });
    const failed = await fetchToFile(`${server.base}/trickle/big.tif`, path.join(work, 'Shared', 'big.tif'), opts);
    expect(failed.status).toBe('failed');
    expect(fs.readdirSync(path.join(work, 'Shared'))).toEqual(['ok.txt']);
    expect(fs.readFileSync(saved)).toEqual(bytesFor('ok.txt'));
  });
});
