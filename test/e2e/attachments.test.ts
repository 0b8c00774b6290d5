import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { freshDatabase } from '../support/databases.js';
import { bytesFor, startFileServer, type FileServer } from '../integration/attachments/file-server.js';
import { dropFile, openFerry, record } from './helpers.js';

let browser: Browser;
let page: Page;
let db: string;
let dir: string;
let server: FileServer;
let printsFiles: number;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openFerry(browser);
  db = await freshDatabase('e2e_attachments');
  server = await startFileServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-attachments-'));
  const b = server.base;
  const prints = [
    'Name,Artist,Images',
    `Harbour at Dawn,Ana Ruiz,"images (1).jpeg (${b}/files/images-1.jpeg),Harbour, final (v2).png (${b}/files/harbour-final.png)"`,
    `Blue Hour,Ben Okafor,old-scan.tif (${b}/expired/old-scan.tif)`,
    `Night Market,Ana Ruiz,"gone.pdf (${b}/missing/gone.pdf),moved.png (${b}/redirect/moved.png)"`,
    '',
  ].join('\n');
  // Every attached file is one link to the file server, all of them in the Images column.
  printsFiles = prints.split(`(${b}/`).length - 1;
  fs.writeFileSync(path.join(dir, 'Prints-Grid view.csv'), prints);
  fs.mkdirSync(path.join(dir, 'stall'));
  fs.writeFileSync(
    path.join(dir, 'stall', 'Scans-Grid view.csv'),
    `Name,Scan\nBig one,big.tif (${b}/trickle/big.tif)\n`,
  );
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('downloading attachments from the export step', () => {
  it('fetches the files next to the export and says what could not be fetched', async () => {
    await page.getByRole('button', { name: 'Start a migration' }).first().click();
    await page.getByLabel('Name of this migration').fill('Prints with images');
    await page.getByText('A connection string', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Connection string' }).fill(db);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await dropFile(page, path.join(dir, 'Prints-Grid view.csv'));
    const warning = page.getByTestId('attachment-warning');
    await warning.waitFor();
    // Before anything is fetched: how many files, in which column, and where they will go.
    const count = page.getByTestId('attachment-count');
    await count.waitFor();
    const before = (await count.textContent())!;
    expect(printsFiles).toBeGreaterThan(1);
    expect(before).toContain(`${printsFiles} files in 1 column (Images: ${printsFiles}), about to be saved in `);
    await page.getByRole('button', { name: 'Download attachments now' }).click();

    const result = page.getByTestId('attachment-result');
    await result.waitFor();
    expect(before).toContain(`saved in ${await page.getByTestId('attachment-folder').textContent()}, `);
    expect(await result.textContent()).toMatch(/Saved 3 files \([\d.]+ KB\); 2 failed\./);
    const failures = await page.getByTestId('attachment-failures').textContent();
    expect(failures).toMatch(/Prints, row 3, Images: old-scan\.tif — The link has expired/);
    expect(failures).toMatch(/row 4, Images: gone\.pdf — The file is no longer at this link/);
    await record(page, 'attachments-result');

    // The files are really there, next to the uploaded export, byte for byte.
    const folder = (await page.getByTestId('attachment-folder').textContent())!;
    expect(path.basename(folder)).toBe('attachments');
    const read = (p: string) => fs.readFileSync(path.join(folder, 'Prints', p));
    expect(read('Harbour at Dawn/images (1).jpeg').equals(bytesFor('images-1.jpeg'))).toBe(true);
    expect(read('Harbour at Dawn/Harbour, final (v2).png').equals(bytesFor('harbour-final.png'))).toBe(true);
    expect(read('Night Market/moved.png').equals(bytesFor('moved.png'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'attachments.csv'))).toBe(true);

    // A second press finds them already there.
    await page.getByRole('button', { name: 'Download attachments now' }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toMatch(/Saved 0 files \(0 bytes\), 3 already there; 2 failed\./);
  });

  it('stops on Cancel and leaves no half-written file', async () => {
    await dropFile(page, path.join(dir, 'stall', 'Scans-Grid view.csv'));
    await expect.poll(() => page.getByTestId('inspect-summary').textContent()).toMatch(/Scans/);
    await page.getByRole('button', { name: 'Download attachments now' }).click();
    await expect.poll(() => server.hits.get('/trickle/big.tif') ?? 0).toBe(1);
    await page.getByTestId('progress-panel').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('attachment-cancelled').waitFor();
    // The engine stops too: the stalled file's part is removed and the list says it was cancelled.
    const uploads = path.join(inject('serveHome'), 'uploads');
    const everything = () => fs.readdirSync(uploads, { recursive: true }) as string[];
    const manifest = () =>
      everything()
        .filter((f) => f.endsWith('attachments.csv'))
        .map((f) => fs.readFileSync(path.join(uploads, f), 'utf8'))
        .find((text) => text.includes('big.tif'));
    await expect.poll(manifest).toMatch(/big\.tif.*,cancelled,0,/);
    expect(everything().filter((f) => f.endsWith('.part') || f.endsWith('big.tif'))).toEqual([]);
    await record(page, 'attachments-cancelled');
  });
});
