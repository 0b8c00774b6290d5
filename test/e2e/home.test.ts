import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('home screen in Chromium against ferry serve', () => {
  it('shows app info and tests a good and a bad connection in plain words', async () => {
    const page = await browser.newPage();
    await page.goto(inject('serveUrl'));
    await expect.poll(() => page.getByTestId('app-info').textContent()).toContain('Version');
    await screenshot(page, 'home');

    const good = inject('postgresUrl');
    const input = page.getByLabel('Connection string');
    await input.fill(good);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result');
    await expect.poll(() => result.textContent()).toMatch(/Connected to .*PostgreSQL 18/);
    await screenshot(page, 'home-connection-good');

    const bad = new URL(good);
    bad.password = 'not-the-password';
    await input.fill(bad.toString());
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.textContent()).toMatch(/password .* was not accepted/);
    expect(await page.content()).not.toContain('not-the-password"');
    await screenshot(page, 'home-connection-bad');
  });

  it('refuses API calls without the launch token', async () => {
    const url = new URL(inject('serveUrl'));
    const res = await fetch(`${url.origin}/api/call/app%2Finfo`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const withToken = await fetch(`${url.origin}/api/call/app%2Finfo`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Bearer ${inject('serveToken')}` },
    });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('"ok":true');
  });
});
