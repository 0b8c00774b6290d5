import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, query } from '../support/databases.js';
import { launchBrowser } from '../support/browser.js';
import { answerWith, fakeRequests, scriptFake } from '../support/fake-anthropic.js';
import { api, openFerry, record } from './helpers.js';

const NAME = 'Ask the print shop';
const KEY = 'sk-ant-e2e-key-not-real';
const SQL = 'SELECT title, price\nFROM editions\nORDER BY price DESC';

let browser: Browser;
let page: Page;
let db: string;
let ready = false;

/** One contract call over the running `ferry serve`, the way the page makes it. */
const table = async () => JSON.stringify(await query(db, 'SELECT * FROM editions ORDER BY title'));

beforeAll(async () => {
  db = await freshDatabase('e2e_ask');
  await query(
    db,
    `CREATE TABLE editions (title text, price numeric(8,2));
     INSERT INTO editions VALUES ('Harbour #1', 79.00), ('Fen #1', 60.00), ('=cmd|'' /C calc''!A0', -1.00)`,
  );
  await api('workspace/create', { name: NAME, target: { kind: 'url', url: db } });
  browser = await launchBrowser();
  page = await openFerry(browser);
  ready = true;
});
afterAll(async () => {
  await browser?.close();
});

const card = () => page.getByTestId('workspace-card').filter({ hasText: NAME });

async function openAsk() {
  await page.getByRole('button', { name: 'Home', exact: true }).click();
  await card().getByRole('button', { name: 'Ask your data' }).click();
  await page.getByRole('heading', { name: 'Ask your data', level: 1 }).waitFor();
}

describe('Ask your data in Chromium against ferry serve', () => {
  it('without a key the screen says so plainly, and the rest of Ferry is unaffected', async () => {
    expect(ready).toBe(true);
    await openAsk();
    await page.getByTestId('ask-no-key').waitFor();
    expect(await page.getByTestId('ask-no-key').textContent()).toMatch(/needs an API key\. Add one in Settings/);
    await page.getByTestId('ask-question').fill('How many editions are there?');
    expect(await page.getByRole('button', { name: 'Ask', exact: true }).isDisabled()).toBe(true);
    await record(page, 'ask-1-no-key');
    // Home still lists the workspace with its other actions.
    await page.getByRole('button', { name: 'Home', exact: true }).click();
    await card().getByRole('button', { name: 'History' }).waitFor();
  });

  it('a key in Settings, a question, the SQL, the run, the results table and a safe CSV', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('ask-key-input').fill(KEY);
    await page.getByRole('button', { name: 'Save the key' }).click();
    await page.getByTestId('ask-key-saved').waitFor();
    expect(await page.getByTestId('ask-settings').textContent()).not.toContain(KEY);
    await page.getByTestId('ask-model-input').fill('claude-haiku-5-5');
    await page.getByRole('button', { name: 'Save the model' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save the model' }).isDisabled()).toBe(true);
    await record(page, 'ask-2-settings');

    await scriptFake(inject('fakeAnthropicUrl'), [answerWith(SQL, 'Editions from the dearest down.')]);
    await openAsk();
    expect(await page.getByTestId('ask-no-key').count()).toBe(0);
    await page.getByTestId('ask-question').fill('Which editions cost the most?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect.poll(() => page.getByTestId('ask-sql').inputValue()).toBe(SQL);
    expect(await page.getByTestId('ask-note').textContent()).toBe('Editions from the dearest down.');

    const [sent] = await fakeRequests(inject('fakeAnthropicUrl'));
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body.model).toBe('claude-haiku-5-5');
    expect(sent!.body.system).toContain('table "public"."editions"');
    expect(sent!.body.messages[0]!.content).toBe('Which editions cost the most?');
    await record(page, 'ask-3-sql');

    await page.getByRole('button', { name: 'Run (read-only)' }).click();
    await page.getByTestId('ask-results').waitFor();
    expect(await page.getByTestId('ask-row-count').textContent()).toMatch(/^3 rows\./);
    const cells = await page.getByTestId('ask-results').locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual(['Harbour #1', '79.00']);
    await record(page, 'ask-4-results');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ferry-query-.*\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(`\uFEFFtitle,price\r\nHarbour #1,79.00\r\nFen #1,60.00\r\n'=cmd|' /C calc'!A0,-1.00\r\n`);

    // The row limit is the person's to choose (within what the engine accepts).
    await page.getByTestId('ask-limit').fill('2');
    await page.getByRole('button', { name: 'Run (read-only)' }).click();
    await expect
      .poll(() => page.getByTestId('ask-row-count').textContent())
      .toMatch(/^Showing the first 2 rows \(limited to 2 rows; there are more\)\./);
    expect(await page.getByTestId('ask-results').locator('tbody tr').count()).toBe(2);
  });

  it('a rate limit is said in plain words, and a slow answer can be stopped', async () => {
    const fake = inject('fakeAnthropicUrl');
    await scriptFake(fake, [{ kind: 'error', status: 429, type: 'rate_limit_error', message: 'slow down' }]);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('ask-failure').textContent())
      .toMatch(/^Too many questions at once.*rate limit.*Wait a minute/);
    await record(page, 'ask-5-rate-limited');

    await scriptFake(fake, [{ ...answerWith('SELECT 2'), delayMs: 60_000 }]);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('ask-failure').textContent()).toMatch(/^Stopped/);
    // The query from before is still there, untouched.
    expect(await page.getByTestId('ask-sql').inputValue()).toBe(SQL);
  });

  it('an edited query that would write is refused, with the table unchanged', async () => {
    const before = await table();
    await page.getByTestId('ask-sql').fill('WITH gone AS (DELETE FROM editions RETURNING 1) SELECT count(*) FROM gone');
    await page.getByRole('button', { name: 'Run (read-only)' }).click();
    await page.getByTestId('ask-failure').waitFor();
    expect(await page.getByTestId('ask-failure').textContent()).toMatch(
      /Query refused.*Ferry did not run this query: it contains DELETE, which changes data/,
    );
    await record(page, 'ask-6-refused');
    expect(await table()).toBe(before);
  });
});
