import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Progress } from '../../../core/api/define.js';
import type { CompareSpec } from '../../../core/api/ops/compare.js';
import { createEnv } from '../../../core/env/env.js';
import { freshDatabase, query } from '../../support/databases.js';

/** A Ferry home of its own and a call context, as a carrier would give one. */
export async function compareCtx(signal = new AbortController().signal) {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'ferry-compare-'));
  const events: Progress[] = [];
  return {
    env: createEnv({ home }),
    carrier: 'cli' as const,
    signal,
    progress: (p: Progress) => events.push(p),
    events,
  };
}

/**
 * Production and sandbox: `jobs` keyed on (job, release) in both, with the sandbox lagging
 * behind. Rows 1–6 in both (2, 3, 5 differ), 7–8 only in production, 9 only in the sandbox.
 */
export async function jobDatabases(): Promise<{ from: string; to: string }> {
  const from = await freshDatabase('cmp_from');
  const to = await freshDatabase('cmp_to');
  await query(
    from,
    `CREATE TABLE jobs (job text, release int, title text, qty int, price text, status text, note text);
     INSERT INTO jobs VALUES
       ('A', 1, 'Alpha', 10, '1.50', 'open', 'n1'),
       ('A', 2, 'Alpha two', 20, '2.50', 'closed', 'n2'),
       ('B', 1, 'Beta ', 30, '3.00', 'open', 'n3'),
       ('B', 2, 'Beta two', 40, '4.00', 'open', 'n4'),
       ('C', 1, 'Gamma', 55, '5.00', 'open', 'n5'),
       ('C', 2, 'Gamma two', 60, '6.00', 'open', 'n6'),
       ('D', 1, 'Delta', 70, '7.00', 'open', 'n7'),
       ('D', 2, 'Delta two', 80, '8.00', 'open', 'n8')`,
  );
  await query(
    to,
    `CREATE TABLE jobs (id serial PRIMARY KEY, job_no text, rel int, title text, qty int, price numeric(10,2), status text,
                        updated timestamptz DEFAULT '2026-01-01T00:00:00Z');
     INSERT INTO jobs (job_no, rel, title, qty, price, status) VALUES
       ('A', 1, 'Alpha', 10, 1.50, 'open'),
       ('A', 2, 'Alpha 2', 20, 2.50, 'open'),
       ('B', 1, 'Beta', 31, 3.00, 'open'),
       ('B', 2, 'Beta two', 40, 4.00, 'open'),
       ('C', 1, 'Gamma', 50, 5.00, 'open'),
       ('C', 2, 'Gamma two', 60, 6.00, 'open'),
       ('Z', 9, 'Zed', 90, 9.00, 'open')`,
  );
  return { from, to };
}

/** Table `name` in schema public of both databases, matched by `keys`. */
export function publicSpec(
  from: string,
  to: string,
  name: string,
  keys: CompareSpec['keys'],
  fields: CompareSpec['fields'],
): CompareSpec {
  return {
    from: { kind: 'url', url: from },
    to: { kind: 'url', url: to },
    source: { schema: 'public', name },
    target: { schema: 'public', name },
    keys,
    fields,
  };
}

export function jobSpec(from: string, to: string, fields: CompareSpec['fields']): CompareSpec {
  const keys = [
    { source: 'job', target: 'job_no' },
    { source: 'release', target: 'rel' },
  ];
  return publicSpec(from, to, 'jobs', keys, fields);
}

/** The whole table as text, in a stable order: equal dumps mean byte-for-byte equal contents. */
export async function dump(url: string, table = 'jobs'): Promise<string> {
  const rows = await query<{ r: string }>(url, `SELECT t::text AS r FROM "${table}" t ORDER BY t::text`);
  return rows.map((r) => r.r).join('\n');
}
