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

const opts = { schemes: ['http:'], timeoutMs: 5000, maxBytes: 1024 * 1024 };

describe('fetching one attachment', () => {
  it('says in plain words when the server name does not exist', async () => {
    const dest = path.join(work, 'dns', 'a.png');
    const outcome = await fetchToFile('http://no-such-host.invalid/a.png', dest, opts);
    expect(outcome).toEqual({
      status: 'failed',
      reason: 'The server named in the link could not be found. Check that this computer is online.',
    });
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('refuses a file whose announced size is over the limit, and keeps nothing of it', async () => {
    const dest = path.join(work, 'big', 'big.bin');
    const size = bytesFor('big.bin').length;
    const outcome = await fetchToFile(`${server.base}/files/big.bin`, dest, { ...opts, maxBytes: size - 1 });
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/larger than the limit/) });
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(path.dirname(dest)) ? fs.readdirSync(path.dirname(dest)) : []).toEqual([]);
  });

  it('stops a file with no announced size once it passes the limit, leaving no partial file', async () => {
    const dest = path.join(work, 'chunked', 'big.bin');
    const size = bytesFor('big.bin').length;
    const outcome = await fetchToFile(`${server.base}/chunked/big.bin`, dest, { ...opts, maxBytes: size - 1 });
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/larger than the limit/) });
    // Nothing of it stays: not the partial file, nor the folder made for it.
    expect(fs.existsSync(path.dirname(dest))).toBe(false);
    const fits = await fetchToFile(`${server.base}/chunked/big.bin`, dest, opts);
    expect(fits).toEqual({ status: 'saved', bytes: size });
    expect(fs.readFileSync(dest).equals(bytesFor('big.bin'))).toBe(true);
  });

  it('refuses schemes it was not given, even when they would work', async () => {
    const outcome = await fetchToFile(`${server.base}/files/a.png`, path.join(work, 'x', 'a.png'), {
      ...opts,
      schemes: ['https:'],
    });
    expect(outcome).toEqual({ status: 'failed', reason: 'Ferry only downloads https links; this one is http.' });
    const ftp = await fetchToFile('ftp://example.com/a.png', path.join(work, 'x', 'a.png'), opts);
    expect(ftp).toMatchObject({ status: 'failed', reason: expect.stringMatching(/only downloads http links/) });
  });

  it('says when the file cannot be written because a folder holds its name', async () => {
    const dest = path.join(work, 'taken', 'a.png');
    fs.mkdirSync(dest, { recursive: true });
    const outcome = await fetchToFile(`${server.base}/files/a.png`, dest, opts);
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/already has this name/) });
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['a.png']);
  });

  it('waits as long as bytes keep coming: the timeout is for silence, not for the whole file', async () => {
    const dest = path.join(work, 'steady', 'slow-but-alive.png');
    const started = Date.now();
    const outcome = await fetchToFile(`${server.base}/steady/slow-but-alive.png`, dest, { ...opts, timeoutMs: 600 });
    expect(Date.now() - started).toBeGreaterThan(1200);
    expect(outcome).toEqual({ status: 'saved', bytes: bytesFor('slow-but-alive.png').length });
    expect(fs.readFileSync(dest).equals(bytesFor('slow-but-alive.png'))).toBe(true);
  });

  it('says plainly when a redirect points to an address that is not valid', async () => {
    const outcome = await fetchToFile(`${server.base}/redirect-broken/x.jpg`, path.join(work, 'a', 'x.jpg'), opts);
    expect(outcome).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/redirects to an address that is not a valid web address/),
    });
  });

  it('leaves no empty folders behind for a file that stopped arriving', async () => {
    const dest = path.join(work, 'Prints', 'rec 1', 'big.tif');
    const outcome = await fetchToFile(`${server.base}/trickle/big.tif`, dest, { ...opts, timeoutMs: 800 });
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/sent nothing for 1 seconds/) });
    expect(fs.existsSync(path.join(work, 'Prints'))).toBe(false);
  });

  it('keeps a folder that holds other files, and the file that did arrive', async () => {
    const saved = path.join(work, 'Shared', 'ok.txt');
    expect(await fetchToFile(`${server.base}/files/ok.txt`, saved, opts)).toMatchObject({ status: 'saved' });
    const failed = await fetchToFile(`${server.base}/trickle/big.tif`, path.join(work, 'Shared', 'big.tif'), {
      ...opts,
      timeoutMs: 800,
    });
    expect(failed.status).toBe('failed');
    expect(fs.readdirSync(path.join(work, 'Shared'))).toEqual(['ok.txt']);
    expect(fs.readFileSync(saved)).toEqual(bytesFor('ok.txt'));
  });
});
