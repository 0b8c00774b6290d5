import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page, Request } from 'playwright-core';
import { expect, inject } from 'vitest';
import { screenshot } from '../support/browser.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/e2e');

/** A fresh tab on the running `ferry serve`, at a desktop-sized window. */
export async function openFerry(browser: Browser): Promise<Page> {
  // axe needs a page in its own context.
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  reportSlowCalls(page);
  await page.goto(inject('serveUrl'));
  return page;
}

/** A screen that never answers shows up in the log with the call it was waiting for, not just as a timeout. */
function reportSlowCalls(page: Page): void {
  const pending = new Map<Request, number>();
  page.on('request', (r) => {
    if (r.url().includes('/api/')) pending.set(r, Date.now());
  });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  const timer = setInterval(() => {
    for (const [r, at] of pending) {
      const waited = Date.now() - at;
      if (waited < SLOW_CALL_MS) continue;
      console.error(`e2e: ${new URL(r.url()).pathname} has had no answer for ${Math.round(waited / 1000)} s`);
      pending.delete(r);
    }
  }, 5_000);
  timer.unref();
  page.on('close', () => clearInterval(timer));
}

const SLOW_CALL_MS = 20_000;

/** No serious or critical accessibility violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map(
    (v) =>
      `${screen}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n  ')}`,
  );
  expect(described).toEqual([]);
}

/** Screenshot and accessibility check of one wizard screen. */
export async function record(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** Every file of a fixture folder, given to the drop zone's real file input as a person would pick them. */
export async function dropFiles(page: Page, folder: string): Promise<void> {
  const files = fs.readdirSync(folder).map((f) => path.join(folder, f));
  await page.locator('[data-testid="file-drop"] input[type="file"]').setInputFiles(files);
}

export async function dropFile(page: Page, file: string): Promise<void> {
  await page.locator('[data-testid="file-drop"] input[type="file"]').setInputFiles([file]);
}

/** One contract call straight to the running `ferry serve` (for setting the scene, not for what is tested on screen). */
export async function api<T>(name: string, input: unknown): Promise<T> {
  const res = await fetch(`${new URL(inject('serveUrl')).origin}/api/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { authorization: `Bearer ${inject('serveToken')}` },
  });
  const { result } = JSON.parse((await res.text()).trim().split('\n').at(-1)!) as {
    result: { ok: true; value: T } | { ok: false; error: { message: string } };
  };
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}
