import pg from 'pg';
import { applyRestore, previewRestore } from '../../../core/history/restore.js';

export const BUSINESS_TABLES = ['prints', 'distributors', 'editions'];

/**
 * The business tables' full rows (system columns included: nothing is ignored), by id. A table
 * that does not exist yet counts as empty. Ferry's own bookkeeping (schema `ferry`) is left out.
 */
export async function businessDump(url: string, tables = BUSINESS_TABLES): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string[]> = {};
    for (const t of tables) {
      const exists = await client.query(`SELECT to_regclass($1) AS r`, [`public.${t}`]);
      out[t] = exists.rows[0].r
        ? (
            await client.query<{ j: string }>(`SELECT to_jsonb(x)::text AS j FROM public."${t}" x ORDER BY id`)
          ).rows.map((r) => r.j)
        : [];
    }
    return out;
  } finally {
    await client.end();
  }
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quiet = { signal: new AbortController().signal, progress: () => {} };
let restoreCounter = 0;

export function preview(url: string, runId: string) {
  return withClient(url, (c) => previewRestore(c, runId, quiet));
}

export async function restore(url: string, runId: string, policy: 'skip' | 'overwrite' = 'overwrite') {
  const id = `restore-${++restoreCounter}-${Date.now()}`;
  const result = await withClient(url, (c) => applyRestore(c, runId, id, policy, quiet));
  return { ...result, runId: id };
}

export async function runIds(url: string): Promise<string[]> {
  const rows = await withClient(url, (c) =>
    c.query<{ run_id: string }>('SELECT run_id FROM ferry.runs ORDER BY committed_at, run_id'),
  );
  return rows.rows.map((r) => r.run_id);
}
