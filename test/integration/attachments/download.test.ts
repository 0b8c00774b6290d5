import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachments } from '../../../core/attachments/download.js';
import { listAttachments } from '../../../core/attachments/list.js';
import type { Progress } from '../../../core/api/define.js';
import { bytesFor, startFileServer, writeExport, type FileServer } from './file-server.js';

const run = promisify(execFile);
const root = path.join(import.meta.dirname, '../../..');
const cli = path.join(root, 'core/cli/ferry.mjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-attachments-'));
let server: FileServer;
let exportFile: string;

beforeAll(async () => {
  server = await startFileServer();
  exportFile = writeExport(path.join(work, 'export'), server.base);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const testOptions = { schemes: ['https:', 'http:'], timeoutMs: 1500 };

/** Every file under `dir`, relative, with `/` separators. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('listing attachments', () => {
  it('finds every name (url) item, names with parentheses and commas included, per column', async () => {
    const listed = await listAttachments([exportFile]);
    expect(listed.columns).toEqual([{ table: 'Prints', column: 'Images', records: 6, files: 9 }]);
    expect(listed.items.map((i) => i.name)).toEqual([
      'images (1).jpeg',
      'Harbour, final (v2).png',
      'old-scan.tif',
      'gone.pdf',
      'slow.jpg',
      '../../evil.txt',
      'moved.png',
      'CON.txt',
      'bad.bin',
    ]);
    expect(listed.items[1]).toMatchObject({
      table: 'Prints',
      row: 2,
      recordKey: 'Harbour at Dawn',
      column: 'Images',
      url: `${server.base}/files/harbour-final.png`,
    });
    expect(listed.defaultFolder).toBe(path.join(work, 'export', 'attachments'));
  });
});

describe('downloading attachments', () => {
  const out = path.join(work, 'out');
  let result: Awaited<ReturnType<typeof downloadAttachments>>;
  const progress: { at: number; p: Progress }[] = [];

  beforeAll(async () => {
    const { items } = await listAttachments([exportFile]);
    result = await downloadAttachments(items, out, {
      ...testOptions,
      progress: (p) => progress.push({ at: Date.now(), p }),
    });
  });

  it('saves working links byte for byte under table/record/name, safe names inside the folder', () => {
    expect(filesUnder(out)).toEqual([
      'Prints/Harbour at Dawn/Harbour, final (v2).png',
      'Prints/Harbour at Dawn/images (1).jpeg',
      'Prints/Hidden Path/_.._evil.txt',
      'Prints/Hidden Path/_CON.txt',
      'Prints/Hidden Path/moved.png',
      'attachments.csv',
    ]);
    const read = (p: string) => fs.readFileSync(path.join(out, p));
    expect(read('Prints/Harbour at Dawn/images (1).jpeg').equals(bytesFor('images-1.jpeg'))).toBe(true);
    expect(read('Prints/Harbour at Dawn/Harbour, final (v2).png').equals(bytesFor('harbour-final.png'))).toBe(true);
    expect(read('Prints/Hidden Path/moved.png').equals(bytesFor('moved.png'))).toBe(true);
    expect(read('Prints/Hidden Path/_.._evil.txt').equals(bytesFor('evil.txt'))).toBe(true);
    // Nothing escaped the folder.
    expect(fs.existsSync(path.join(work, 'evil.txt'))).toBe(false);
    expect(fs.existsSync(path.join(out, '..', 'evil.txt'))).toBe(false);
    expect(result).toMatchObject({ folder: out, total: 9, saved: 5, skipped: 0, failed: 4 });
    expect(result.bytes).toBe(
      ['images-1.jpeg', 'harbour-final.png', 'moved.png', 'evil.txt', 'con.txt'].reduce(
        (n, f) => n + bytesFor(f).length,
        0,
      ),
    );
  });

  it('turns expired, missing, slow and badly redirected links into problems in plain words', () => {
    const byName = Object.fromEntries(result.problems.map((p) => [p.value?.split(' (')[0], p]));
    expect(Object.keys(byName).sort()).toEqual(['bad.bin', 'gone.pdf', 'old-scan.tif', 'slow.jpg']);
    expect(byName['old-scan.tif']).toMatchObject({
      file: 'Prints-Grid view.csv',
      table: 'Prints',
      row: 3,
      column: 'Images',
      value: `old-scan.tif (${server.base}/expired/old-scan.tif)`,
      stage: 'download',
      action: 'skipped',
    });
    expect(byName['old-scan.tif'].reason).toMatch(/expired.*403.*export again/);
    expect(byName['gone.pdf'].reason).toMatch(/no longer at this link.*404/);
    expect(byName['slow.jpg'].reason).toMatch(/sent nothing for 2 seconds/);
    expect(byName['bad.bin'].reason).toMatch(/redirects to a file address/);
    for (const p of result.problems) expect(p.reason).not.toMatch(/Error|ECONN|fetch failed|undici|\n\s+at /);
  });

  it('reports progress with counts and bytes, ending at every file', () => {
    const last = progress.at(-1)!.p;
    expect(last).toMatchObject({ stage: 'download', done: 9, total: 9, unit: 'files' });
    expect(last.message).toMatch(/MB/);
    // The slow link keeps the run going for about 1.5 s: progress kept coming meanwhile.
    const gaps = progress.slice(1).map((x, i) => x.at - progress[i].at);
    expect(Math.max(...gaps)).toBeLessThan(400);
  });

  it('writes a manifest listing every attachment with where it went and why not', () => {
    const lines = fs.readFileSync(path.join(out, 'attachments.csv'), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('table,row key,row,column,name,url,saved path,status,bytes,reason');
    expect(lines).toHaveLength(10);
    expect(lines[2]).toBe(
      `Prints,Harbour at Dawn,2,Images,"Harbour, final (v2).png",${server.base}/files/harbour-final.png,"Prints/Harbour at Dawn/Harbour, final (v2).png",saved,${bytesFor('harbour-final.png').length},`,
    );
    expect(lines.find((l) => l.includes('old-scan.tif'))).toMatch(/,,failed,0,"?The link has expired/);
    expect(lines.find((l) => l.includes('evil.txt'))).toContain(',Prints/Hidden Path/_.._evil.txt,saved,');
  });

  it('skips on a re-run what is already there with the same size', async () => {
    const saved = path.join(out, 'Prints/Harbour at Dawn/images (1).jpeg');
    const before = fs.statSync(saved).mtimeMs;
    // What a Ferry killed mid-download would have left: swept away, never listed as a file.
    const stale = path.join(out, 'Prints/Harbour at Dawn/.images (1).jpeg.0badf00d.part');
    fs.writeFileSync(stale, 'half');
    const { items } = await listAttachments([exportFile]);
    const again = await downloadAttachments(items, out, testOptions);
    expect(again).toMatchObject({ total: 9, saved: 0, skipped: 5, failed: 4, bytes: 0 });
    expect(fs.statSync(saved).mtimeMs).toBe(before);
    expect(fs.existsSync(stale)).toBe(false);
  });

  it('fetches again a file whose size differs from the server’s', async () => {
    const saved = path.join(out, 'Prints/Hidden Path/moved.png');
    fs.writeFileSync(saved, 'half');
    const { items } = await listAttachments([exportFile]);
    const again = await downloadAttachments(items, out, testOptions);
    expect(again).toMatchObject({ saved: 1, skipped: 4 });
    expect(fs.readFileSync(saved).equals(bytesFor('moved.png'))).toBe(true);
  });
  it('keeps a copy saved earlier when its link has since expired, and says so', async () => {
    const earlier = path.join(out, 'Prints/Blue Hour/old-scan.tif');
    fs.mkdirSync(path.dirname(earlier), { recursive: true });
    fs.writeFileSync(earlier, 'saved before the link expired');
    const { items } = await listAttachments([exportFile]);
    const again = await downloadAttachments(items, out, testOptions);
    expect(again).toMatchObject({ saved: 0, skipped: 6, failed: 3 });
    expect(fs.readFileSync(earlier, 'utf8')).toBe('saved before the link expired');
    const line = fs
      .readFileSync(path.join(out, 'attachments.csv'), 'utf8')
      .split('\r\n')
      .find((l) => l.includes('old-scan.tif'));
    expect(line).toMatch(/Prints\/Blue Hour\/old-scan\.tif,skipped,29,"Saved earlier; its link no longer works/);
  });
});

describe('cancelling', () => {
  it('stops every download, keeps finished files and leaves no partial file', async () => {
    const dir = path.join(work, 'cancel-export');
    fs.mkdirSync(dir, { recursive: true });
    const csv = path.join(dir, 'Scans-Grid view.csv');
    fs.writeFileSync(
      csv,
      `Name,Scan\nOne,"one.png (${server.base}/files/one.png)"\nTwo,"big.tif (${server.base}/trickle/big.tif)"\n`,
    );
    const out = path.join(work, 'cancel-out');
    const { items } = await listAttachments([csv]);
    const controller = new AbortController();
    const started = downloadAttachments(items, out, { ...testOptions, timeoutMs: 30_000, signal: controller.signal });
    // Cancel once the stalled file has started arriving.
    await expect.poll(() => server.hits.get('/trickle/big.tif') ?? 0, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await expect(started).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/1 file was saved in full/),
    });
    expect(filesUnder(out)).toEqual(['Scans/One/one.png', 'attachments.csv']);
    expect(fs.readFileSync(path.join(out, 'attachments.csv'), 'utf8')).toMatch(/big\.tif.*,cancelled,0,/);
  });
});

describe('ferry attachments', () => {
  it('downloads through the CLI into --out, with http allowed only when the person running it says so', async () => {
    const out = path.join(work, 'cli-out');
    const home = path.join(work, 'home');
    const { stdout } = await run(
      process.execPath,
      [cli, 'attachments', '--json', '--home', home, '--out', out, '--timeout', '2', path.dirname(exportFile)],
      { env: { ...process.env, FERRY_ATTACHMENT_SCHEMES: 'https:,http:' }, timeout: 60_000 },
    ).catch((e: { stdout: string; code: number }) => {
      // One or more links failed: exit code 1, the result still printed.
      expect(e.code).toBe(1);
      return e;
    });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ folder: out, saved: 5, failed: 4, total: 9 });
    expect(fs.readFileSync(path.join(out, 'Prints/Hidden Path/_CON.txt')).equals(bytesFor('con.txt'))).toBe(true);

    // By default Ferry fetches https only: a plain http link is a problem, not a download.
    const plain = await run(
      process.execPath,
      [cli, 'attachments', '--home', home, '--out', path.join(work, 'cli-https-only'), exportFile],
      { env: { ...process.env, FERRY_ATTACHMENT_SCHEMES: '' }, timeout: 60_000 },
    ).catch((e: { stdout: string; code: number }) => e);
    expect(plain.stdout).toMatch(/0 saved \(0 KB\), 0 already there, 9 failed, of 9 attachments/);
    expect(plain.stdout).toMatch(/Ferry only downloads https links; this one is http/);

    const badTimeout = await run(process.execPath, [
      cli,
      'attachments',
      '--home',
      home,
      '--timeout',
      'soon',
      exportFile,
    ]).catch((e: { stderr: string; code: number }) => e);
    expect(badTimeout).toMatchObject({ code: 2 });
    expect((badTimeout as { stderr: string }).stderr).toMatch(/Give --timeout as a whole number of seconds/);
  });
});
