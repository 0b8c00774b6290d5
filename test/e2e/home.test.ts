import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { expectAccessible, openFerry } from './helpers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('home and settings in Chromium against ferry serve', () => {
  it('shows the empty home screen, then app info and a good and a bad connection in plain words', async () => {
    const page = await openFerry(browser);
    await expect
      .poll(
        async () =>
          (await page.getByTestId('home-empty').count()) + (await page.getByTestId('workspace-cards').count()),
      )
      .toBe(1);
    await screenshot(page, 'home');
    await expectAccessible(page, 'home');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('app-info').textContent()).toContain('Version');
    await screenshot(page, 'settings');
    await expectAccessible(page, 'settings');

    const good = inject('postgresUrl');
    const input = page.getByRole('textbox', { name: 'Connection string' });
    await input.fill(good);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result');
    await expect.poll(() => result.textContent()).toMatch(/Connected to .*PostgreSQL 18/);
    await screenshot(page, 'settings-connection-good');

    const bad = new URL(good);
    bad.password = 'not-the-password';
    await input.fill(bad.toString());
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.textContent()).toMatch(/password .* was not accepted/);
    expect(await page.content()).not.toContain('not-the-password"');
    await screenshot(page, 'settings-connection-bad');

    // The theme switch works and is remembered for the next screen.
    await page.getByRole('button', { name: 'Use the dark theme' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await screenshot(page, 'settings-dark');
    await page.getByRole('button', { name: 'Use the light theme' }).click();
    await page.close();
  });

  it('can be used with the keyboard alone', async () => {
    const page = await openFerry(browser);
    await page.getByRole('heading', { name: 'Your migrations' }).waitFor();
    // Tab through the page until the main navigation's "Settings" has focus, then press Enter.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Settings') break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.close();
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
