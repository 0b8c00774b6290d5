import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { freshDatabase, query } from '../support/databases.js';
import { dropFile, openFerry, record } from './helpers.js';

const ROWS = 200_000;
let browser: Browser;
let page: Page;
let db: string;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openFerry(browser);
  db = await freshDatabase('e2e_cancel');
  // A big export made here rather than kept in git: big enough that the apply takes a while.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-cancel-'));
  const lines = ['Order,Customer,Amount,Placed,Notes'];
  for (let i = 1; i <= ROWS; i++)
    lines.push(`ORD-${i},Customer ${i % 977},$${(i % 500) + 0.25},${(i % 12) + 1}/${(i % 28) + 1}/2025,note ${i}`);
  fs.writeFileSync(path.join(dir, 'Orders-Grid view.csv'), lines.join('\n') + '\n');
});
afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('cancelling a long apply', () => {
  it('rolls back: the database is left exactly as it was', async () => {
    await page.getByRole('button', { name: 'Start a migration' }).first().click();
    await page.getByLabel('Name of this migration').fill('Big orders');
    await page.getByText('A connection string', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Connection string' }).fill(db);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await dropFile(page, path.join(dir, 'Orders-Grid view.csv'));
    await page.getByTestId('inspect-summary').waitFor({ timeout: 150_000 });
    expect(await page.getByTestId('stat-rows').textContent()).toBe('200,000');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByRole('radio', { name: 'One table per file' }).check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByTestId('wizard-step-3').waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await page.getByTestId('plan-review').waitFor({ timeout: 150_000 });
    await page.getByRole('button', { name: 'Looks right: go to apply' }).click();
    await page.getByRole('button', { name: 'Apply now' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel and undo' });
    await cancel.waitFor();
    // Cancel once rows are being written, not before the work has begun.
    await expect
      .poll(() => page.getByTestId('progress-message').textContent(), { interval: 50, timeout: 60_000 })
      .toMatch(/^(Writing|Checking) /);
    await screenshot(page, 'apply-in-progress');
    await cancel.click();
    await page.getByTestId('apply-cancelled').waitFor();
    await record(page, 'apply-cancelled');

    // The engine may still be rolling back when the page hears "cancelled": wait until no Ferry
    // connection is inside a transaction (the dry run keeps one idle connection for its temp tables).
    await expect
      .poll(
        async () =>
          (
            await query<{ n: number }>(
              db,
              `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'ferry' and state <> 'idle'`,
            )
          )[0].n,
        { timeout: 30_000 },
      )
      .toBe(0);
    const tables = await query<{ name: string }>(
      db,
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_temp%'`,
    );
    expect(tables).toEqual([]);

    // Left for later: the home card offers to continue, and the wizard picks up with what was saved.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
    const card = page.getByTestId('workspace-card').filter({ hasText: 'Big orders' });
    await card.getByRole('button', { name: 'Continue setting up' }).click();
    await page.getByTestId('wizard-step-1').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Continue: Big orders');
    await screenshot(page, 'wizard-resumed');
  });
});
