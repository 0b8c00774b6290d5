import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { CompareSpec } from '../api/ops/compare.js';
import { planCompare } from '../compare/compare.js';
import { copyAndRecord } from '../compare/run-copy.js';
import { createEnv } from '../env/env.js';
import { ident } from '../target/sql.js';

const FIELDS = 10;

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Production and sandbox `jobs` tables of `rows` rows keyed on (job, release), 10 fields of mixed
 * types. The sandbox lags: about 1 row in 10 differs in one field or more, 1 in 100 is missing
 * and 1 in 200 exists only there. Built set-based with generate_series.
 */
async function fill(url: string, rows: number, lagging: boolean): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = Array.from({ length: FIELDS }, (_, j) => `f${j}`);
    await c.query(
      `CREATE TABLE jobs (job text NOT NULL, release int NOT NULL, ${cols
        .map((f, j) => `${f} ${['text', 'integer', 'numeric(12,2)', 'date', 'boolean'][j % 5]}`)
        .join(', ')}, PRIMARY KEY (job, release))`,
    );
    const v = (j: number, i: string) => {
      const base = lagging ? `(CASE WHEN ${i} % 10 = 3 AND (${i} / 10) % 10 = ${j} THEN ${i} + 1 ELSE ${i} END)` : i;
      return [
        `'value ' || ${base}`,
        `${base} % 100000`,
        `(${base} % 10000) / 100.0`,
        `DATE '2020-01-01' + (${base} % 2000)::int`,
        `${base} % 2 = 0`,
      ][j % 5];
    };
    const range = lagging
      ? `generate_series(1, ${rows + Math.floor(rows / 200)}) g(i) WHERE i % 100 <> 7 OR i > ${rows}`
      : `generate_series(1, ${rows}) g(i)`;
    await c.query(
      `INSERT INTO jobs SELECT 'J' || (i / 10), i % 10, ${cols.map((_, j) => v(j, 'i')).join(', ')} FROM ${range}`,
    );
    await c.query('ANALYZE jobs');
  } finally {
    await c.end();
  }
}

/** 100,000 rows × 10 fields compared (dry run) and copied (apply, with before-images and history). */
export async function benchCompare(opts: {
  adminUrl: string;
  rows: number;
}): Promise<{ compareCopyS: number; rows: number; fields: number }> {
  const tag = randomBytes(4).toString('hex');
  const names = [`bench_cmp_from_${tag}`, `bench_cmp_to_${tag}`];
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'ferry-compare-bench-'));
  const env = createEnv({ home });
  try {
    const [from, to] = names.map((name) => {
      const u = new URL(opts.adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    }) as [string, string];
    for (const name of names) await adminQuery(opts.adminUrl, `CREATE DATABASE ${ident(name)}`);
    await fill(from, opts.rows, false);
    await fill(to, opts.rows, true);
    const spec: CompareSpec = {
      from: { kind: 'url', url: from },
      to: { kind: 'url', url: to },
      source: { schema: 'public', name: 'jobs' },
      target: { schema: 'public', name: 'jobs' },
      keys: [
        { source: 'job', target: 'job' },
        { source: 'release', target: 'release' },
      ],
      fields: Array.from({ length: FIELDS }, (_, j) => ({ source: `f${j}`, target: `f${j}` })),
    };
    const ctx = { env, carrier: 'cli' as const, signal: new AbortController().signal, progress: () => {} };
    const t0 = process.hrtime.bigint();
    const plan = await planCompare(spec, ctx);
    await copyAndRecord(spec, plan, ctx);
    const compareCopyS = Number(process.hrtime.bigint() - t0) / 1e9;
    return { compareCopyS: Math.round(compareCopyS * 100) / 100, rows: opts.rows, fields: FIELDS };
  } finally {
    await env.close().catch(() => {});
    for (const name of names)
      await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`).catch(() => {});
    await fs.rm(home, { recursive: true, force: true });
  }
}
