import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../core/api/define.js';
import { inspectFiles } from '../../../core/source/inspect.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-inspect-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('inspecting the same export again', () => {
  it('reuses the report while the files are the same, and reads them again once they change', async () => {
    const file = path.join(tmp, 'Prints-Grid view.csv');
    fs.writeFileSync(file, 'Name,Price\nHarbour,$10.00\nKestrel,$12.50\n');
    const inspect = async () => {
      const progress: Progress[] = [];
      const report = await inspectFiles([file], { progress: (p) => progress.push(p) });
      return { report, reads: progress.filter((p) => p.stage === 'read').length };
    };
    const first = await inspect();
    expect(first.reads).toBeGreaterThan(0);
    expect(first.report.tables[0].rows).toBe(2);
    // What one caller does to its report is not seen by the next.
    first.report.tables[0].rows = 99;

    const second = await inspect();
    expect(second.reads).toBe(0);
    expect(second.report.tables[0].rows).toBe(2);
    expect(second.report.tables[0].columns.map((c) => c.type)).toEqual(['text', 'money']);

    fs.writeFileSync(file, 'Name,Price\nHarbour,$10.00\nKestrel,$12.50\nFen,$9.00\n');
    const third = await inspect();
    expect(third.reads).toBeGreaterThan(0);
    expect(third.report.tables[0].rows).toBe(3);
  });
});
