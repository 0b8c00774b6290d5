import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { packageRoot } from '../env/env.js';

const HEADER = [
  'Name',
  'Edition',
  'Artist',
  'Price',
  'Cost',
  'Discount',
  'Sold',
  'Framed',
  'Date Sold',
  'Created',
  'Tags',
  'Distributor',
  'Notes',
  'Width',
  'Height',
  'Medium',
  'Status',
  'Quantity',
  'Rating',
  'Email',
  'Photos',
  'Location',
  'Code',
];
const TAGS = ['Landscape', 'Portrait', '"Smith, John"', 'Abstract', 'Sea'];
const STATUS = ['Available', 'Sold', 'On loan', 'Large ', 'Unknown'];

/** One Airtable-like row of 23 columns; cheap string building, no randomness beyond the index. */
function line(i: number): string {
  const m = (i % 12) + 1;
  const d = (i % 28) + 1;
  const cells = [
    `Print ${i}`,
    String((i % 50) + 1),
    `Artist ${i % 997}`,
    `"$${(i % 9000) + 100}.${String(i % 100).padStart(2, '0')}"`,
    `€${(i % 500) + 10}.50`,
    `${i % 40}.00%`,
    i % 3 === 0 ? 'checked' : '',
    i % 5 === 0 ? 'checked' : '',
    `${m}/${d}/2025`,
    `${m}/${d}/2024 ${(i % 12) + 1}:${String(i % 60).padStart(2, '0')}${i % 2 ? 'pm' : 'am'}`,
    `"${TAGS[i % 5].replace(/"/g, '""')},${TAGS[(i + 1) % 5].replace(/"/g, '""')}"`,
    `Distributor ${i % 40}`,
    i % 7 === 0 ? '"A note, with a comma\nand a second line"' : 'Plain note',
    String(20 + (i % 30)),
    `${30 + (i % 20)}.5`,
    'Giclée on paper',
    STATUS[i % 5],
    String(i % 1000),
    String(i % 5),
    `person${i}@example.com`,
    i % 4 === 0 ? `"img ${i} (1).jpg (https://dl.airtable.com/${i}.jpg)"` : '',
    '"Gallery, London"',
    `C-${i}`,
  ];
  return cells.join(',');
}

/** Streams a `rows` × 23-column Airtable-style CSV to `file`, respecting back-pressure. */
export async function writeBenchCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(`${HEADER.join(',')}\n`);
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    batch += `${line(i)}\n`;
    if (i % 2000 === 0 || i === rows) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Times `ferry inspect --json` on a generated CSV, run as a child process so its peak memory is
 * its own (the CLI prints `ferry-peak-rss-kb=N` on stderr when FERRY_REPORT_RSS is set).
 */
export async function benchInspect({ rows, dir }: { rows: number; dir: string }): Promise<{
  rows: number;
  seconds: number;
  peakRssMB: number;
}> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `Bench-Grid view ${rows}.csv`);
  await writeBenchCsv(file, rows);
  const cli = path.join(packageRoot(), 'core', 'cli', 'ferry.mjs');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'inspect', '--json', '--home', path.join(dir, 'home'), file], {
    env: { ...process.env, FERRY_REPORT_RSS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'close')) as [number];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(file, { force: true });
  if (code !== 0) throw new Error(`ferry inspect failed (exit ${code}): ${stderr.slice(-500)}`);
  const report = JSON.parse(stdout) as { tables: { rows: number }[] };
  if (report.tables[0]?.rows !== rows) {
    throw new Error(`ferry inspect counted ${report.tables[0]?.rows} rows, expected ${rows}`);
  }
  const kb = /ferry-peak-rss-kb=(\d+)/.exec(stderr);
  return { rows, seconds: Math.round(seconds * 10) / 10, peakRssMB: kb ? Math.round(Number(kb[1]) / 1024) : NaN };
}
