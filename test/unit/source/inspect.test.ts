import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../core/api/define.js';
import { writeBenchCsv } from '../../../core/bench/inspect-bench.js';
import { inspectFiles } from '../../../core/source/inspect.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-inspect-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = path.join(tmp, 'Bench-Grid view.csv');

describe('inspect on a generated 23-column export', () => {
  it('counts every row, types every column and reports progress in bytes', async () => {
    await writeBenchCsv(file, 20_000);
    const progress: Progress[] = [];
    const report = await inspectFiles([file], { progress: (p) => progress.push(p) });
    const [t] = report.tables;
    expect(t.rows).toBe(20_000);
    expect(t.problemCount).toBe(0);
    const types = Object.fromEntries(t.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      Name: 'text',
      Edition: 'integer',
      Price: 'money',
      Cost: 'money',
      Discount: 'percent',
      Sold: 'boolean',
      'Date Sold': 'date',
      Created: 'datetime',
      Tags: 'list',
      Notes: 'text',
      Height: 'decimal',
      Photos: 'attachments',
      Location: 'text',
    });
    expect(report.attachments).toBe(true);
    const reads = progress.filter((p) => p.stage === 'read');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.at(-1)!.done).toBe(fs.statSync(file).size);
  });

  it('stops with a cancelled error when the signal aborts mid-read', async () => {
    // A file not inspected before (a report of the same files is reused without reading them).
    const other = path.join(tmp, 'Other-Grid view.csv');
    await writeBenchCsv(other, 20_000);
    const controller = new AbortController();
    const run = inspectFiles([other], {
      signal: controller.signal,
      progress: (p) => {
        if (p.stage === 'read') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
