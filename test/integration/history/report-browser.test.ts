import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { createEnv, packageRoot } from '../../../core/env/env.js';
import { applyAndRecord, planFiles, suggestForFiles } from '../../../core/sync/run-sync.js';
import { launchBrowser, screenshot } from '../../support/browser.js';
import { freshDatabase } from '../../support/databases.js';
import { expectAccessible } from '../../e2e/helpers.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-report-'));
const env = createEnv({ home });
const ctx = { env, carrier: 'cli' as const, signal: new AbortController().signal };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('import report of a real run', () => {
  it('renders the sample export sync as a page Chromium shows, prints and finds accessible; and as a safe CSV', async () => {
    const url = await freshDatabase('report');
    const sample = path.join(packageRoot(), 'resources', 'sample-export');
    const paths = fs.readdirSync(sample).map((f) => path.join(sample, f));
    const ws = await call('workspace/create', { name: 'Harbour Prints', target: { kind: 'url', url } }, ctx);
    const work = { signal: ctx.signal, progress: () => {} };
    const { mapping } = await suggestForFiles(paths, 'art-editions', work);
    const session = await planFiles(env, {
      target: { kind: 'url', url },
      paths,
      mapping,
      mode: 'full',
      workspaceId: ws.id,
      ...work,
    });
    const applied = await applyAndRecord(env, session, { conflictPolicy: 'stop', ...work }).finally(() =>
      session.close(),
    );
    const run = await call('history/run', { runId: applied.runId }, ctx);
    expect(run.status).toBe('completed');

    const html = await call('report/render', { runId: applied.runId, format: 'html' }, ctx);
    expect(html.mimeType).toBe('text/html');
    const file = path.join(home, html.fileName);
    fs.writeFileSync(file, html.content);

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import report');
    const summary = page.getByRole('region', { name: 'Summary' });
    for (const table of Object.keys(applied.tables)) {
      const cells = await summary
        .getByRole('row')
        .filter({ hasText: table })
        .first()
        .getByRole('cell')
        .allTextContents();
      expect(cells[0]).toBe(table);
      expect(cells[1]).toBe(applied.tables[table]!.insert.toLocaleString('en-US'));
    }
    await expect.poll(() => page.getByText('Harbour Prints').count()).toBeGreaterThan(0);
    await screenshot(page, 'history-report');
    await expectAccessible(page, 'history-report');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'history-report-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await context.close();

    const csv = await call('report/render', { runId: applied.runId, format: 'csv' }, ctx);
    const rows = Papa.parse<Record<string, string>>(csv.content.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const summaryRows = rows.filter((r) => r.section === 'summary' && r.column === 'insert');
    expect(Object.fromEntries(summaryRows.map((r) => [r.table, Number(r.count)]))).toEqual(
      Object.fromEntries(Object.entries(applied.tables).map(([t, c]) => [t, c.insert])),
    );
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
