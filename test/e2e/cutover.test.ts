import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, query } from '../support/databases.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { api, expectAccessible, openFerry } from './helpers.js';

const NAME = 'Print shop cutover';
const PRINTS = [
  ['Name', 'Description', 'Total Editions'],
  ['Harbour, at dawn', 'Morning light over the harbour', '50'],
  ['Fen Lights', 'Marsh at dusk', '100'],
];
const DISTRIBUTORS = [
  ['Name', 'Commission %', 'Contact'],
  ['North Gallery', '40%', 'ann@north.example'],
];
const EDITIONS = [
  ['Display Name', 'Print', 'Edition Number', 'Distributor', 'Size', 'Retail Price'],
  ['Harbour #1', '"Harbour, at dawn"', '1', 'North Gallery', 'Large', '$79.00'],
  ['Fen #1', 'Fen Lights', '1', 'North Gallery', 'Small', '$60'],
];

let browser: Browser;
let page: Page;
let db: string;
let dir: string;
let ready = false;

/** One contract call over the running `ferry serve`, as the page makes it. */
async function upload(files: string[]): Promise<string[]> {
  const origin = new URL(inject('serveUrl')).origin;
  const batch = `cutover-${Date.now()}`;
  const ids: string[] = [];
  for (const file of files) {
    const res = await fetch(`${origin}/api/upload?name=${encodeURIComponent(path.basename(file))}&batch=${batch}`, {
      method: 'POST',
      body: fs.readFileSync(file),
      headers: { authorization: `Bearer ${inject('serveToken')}` },
    });
    const reply = (await res.json()) as { ok: boolean; value: { file: { id: string } } };
    ids.push(reply.value.file.id);
  }
  return ids;
}

function writeExport(into: string): string[] {
  fs.mkdirSync(into, { recursive: true });
  return (
    [
      ['Prints-Grid view.csv', PRINTS],
      ['Distributors-Grid view.csv', DISTRIBUTORS],
      ['Editions-All Records.csv', EDITIONS],
    ] as const
  ).map(([name, rows]) => {
    const file = path.join(into, name);
    fs.writeFileSync(file, `\uFEFF${Papa.unparse(rows as unknown as string[][])}`);
    return file;
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-cutover-'));
  db = await freshDatabase('e2e_cutover');
  // The first migration itself is covered by migration.test.ts: here it is made through the contract.
  const files = await upload(writeExport(path.join(dir, 'first')));
  const ws = await api<{ id: string }>('workspace/create', { name: NAME, target: { kind: 'url', url: db } });
  const { mapping } = await api<{ mapping: unknown }>('mapping/suggest', { files, template: 'art-editions' });
  const plan = await api<{ planId: string }>('sync/plan', {
    target: { kind: 'url', url: db },
    files,
    mapping,
    mode: 'full',
    workspaceId: ws.id,
  });
  await api('sync/apply', { planId: plan.planId, conflictPolicy: 'stop' });
  browser = await launchBrowser();
  page = await openFerry(browser);
  ready = true;
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const card = () => page.getByTestId('workspace-card').filter({ hasText: NAME });

describe('the phased cutover in Chromium against ferry serve', () => {
  it('walks a workspace from parallel running to PostgreSQL only', async () => {
    expect(ready).toBe(true);
    await card().waitFor();
    expect(await card().getByTestId('phase-badge').textContent()).toMatch(/side by side/i);
    await card().getByRole('button', { name: 'Cutover', exact: true }).click();

    // Parallel: where it stands, and a checklist still open (drift not checked yet).
    const screen = page.getByTestId('cutover-screen');
    await screen.waitFor();
    expect(await page.getByTestId('current-phase').textContent()).toContain('Parallel running');
    expect(await page.getByTestId('gate-item-last-sync-completed').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('gate-item-zero-drift').getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('move-next').isDisabled()).toBe(true);
    await screenshot(page, 'cutover-1-parallel');
    await expectAccessible(page, 'cutover parallel');

    // An app edits PostgreSQL: the drift check shows exactly that row and field.
    await query(db, `UPDATE editions SET retail_price = 65 WHERE display_name = 'Fen #1'`);
    await page.getByTestId('check-drift').click();
    await expect.poll(() => page.getByTestId('drift-summary').textContent()).toMatch(/1 row differ/);
    expect(await page.getByTestId('drift-row-editions').textContent()).toContain('retail_price: 1');
    expect(await page.getByTestId('drift-examples-editions').textContent()).toMatch(
      /retail_price is 65 in PostgreSQL, 60 in the export/,
    );
    expect(await page.getByTestId('move-next').isDisabled()).toBe(true);
    await screenshot(page, 'cutover-2-drift');
    await expectAccessible(page, 'cutover drift');

    // Put right, checked again: every item passes; move to PostgreSQL primary.
    await query(db, `UPDATE editions SET retail_price = 60 WHERE display_name = 'Fen #1'`);
    await page.getByTestId('check-drift').click();
    await expect.poll(() => page.getByTestId('drift-summary').textContent()).toMatch(/^No drift/);
    await expect.poll(() => page.getByTestId('move-next').isDisabled()).toBe(false);
    await screenshot(page, 'cutover-3-ready');
    await page.getByTestId('move-next').click();
    await expect.poll(() => page.getByTestId('current-phase').textContent()).toContain('PostgreSQL primary');

    // PostgreSQL primary: the final export is not taken yet, no reconciliation report.
    expect(await page.getByTestId('gate-item-final-export').getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('gate-item-reconciliation').getAttribute('data-passed')).toBe('false');
    await screenshot(page, 'cutover-4-postgres-primary');
    await expectAccessible(page, 'cutover postgres primary');

    // The final export, checked; the reconciliation report saved; the owner confirms.
    const finalFiles = writeExport(path.join(dir, 'final'));
    await page.locator('[data-testid="file-drop"] input[type="file"]').setInputFiles(finalFiles);
    await expect.poll(() => page.getByTestId('check-drift').textContent()).toMatch(/these files/);
    await page.getByTestId('check-drift').click();
    await expect.poll(() => page.getByTestId('drift-summary').textContent()).toMatch(/^No drift/);
    await page.getByTestId('save-reconciliation').click();
    await page.getByTestId('reconciliation-report').waitFor();
    await expect.poll(() => page.getByTestId('gate-item-final-export').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('gate-item-reconciliation').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('move-next').isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /Nobody edits Airtable any more/ }).check();
    await expect.poll(() => page.getByTestId('move-next').isDisabled()).toBe(false);
    await screenshot(page, 'cutover-5-final-checks');
    await page.getByTestId('move-next').click();

    // PostgreSQL only: re-sync off, the final export archived, the moves listed.
    await expect.poll(() => page.getByTestId('current-phase').textContent()).toContain('PostgreSQL only');
    await page.getByTestId('resync-off').waitFor();
    expect(await page.getByTestId('resync-off').textContent()).toContain('Editions-All Records.csv');
    expect(await page.getByTestId('phase-moves').locator('li').count()).toBe(2);
    await screenshot(page, 'cutover-6-postgres-only');
    await expectAccessible(page, 'cutover postgres only');

    // The home card shows the phase.
    await page.getByRole('button', { name: 'Back to your migrations' }).click();
    await expect.poll(() => card().getByTestId('phase-badge').textContent()).toBe('PostgreSQL only');
    expect(await card().getByTestId('card-resync-off').textContent()).toMatch(/Re-sync is off/);
    expect(await card().getByRole('button', { name: 'Re-sync' }).count()).toBe(0);
    await screenshot(page, 'cutover-7-home');
  });
});
