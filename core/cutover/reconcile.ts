import { createHash, randomUUID } from 'node:crypto';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';
import { workspaceConnection } from '../history/open.js';
import type { Workspace } from '../history/types.js';
import { checkMapping } from '../mapping/validate.js';
import { businessColumns, introspectTable } from '../target/managed-table.js';
import { describeConnection } from '../target/connection.js';
import { ident, qualified } from '../target/sql.js';
import type { ReconciliationReport, ReconciliationTable } from './types.js';
import { connectTarget } from '../target/connect.js';

/**
 * The final reconciliation: for every mapped table, its row counts and one checksum per column,
 * all computed in PostgreSQL (md5 over the column's values as text, in business-key order, with
 * a marker for empty values). Read-only, in one REPEATABLE READ transaction so every table is
 * read at the same moment.
 */
export async function reconcile(
  env: FerryEnv,
  ws: Workspace,
  work: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<ReconciliationReport> {
  const check = checkMapping(ws.mapping);
  if (!check.ok) {
    throw new FerryError(
      'no-mapping',
      `"${ws.name}" has no complete saved mapping, so Ferry does not know its tables. Do a sync first.`,
    );
  }
  const mapping = check.mapping;
  const conn = await workspaceConnection(ws, env);
  const client = await connectTarget(conn, env);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
    const tables: ReconciliationTable[] = [];
    for (const [i, name] of check.order.entries()) {
      throwIfCancelled(work.signal);
      work.progress({
        stage: 'reconcile',
        message: `Counting and checksumming ${name}`,
        done: i,
        total: check.order.length,
        unit: 'tables',
      });
      const t = mapping.tables.find((x) => x.name === name)!;
      const existing = await introspectTable(client, mapping.schema, name);
      if (!existing) {
        tables.push({ table: name, rows: 0, activeRows: 0, columns: [] });
        continue;
      }
      const have = new Set(existing.map((c) => c.name));
      const columns = [...businessColumns(t).map((c) => c.name), 'extra', 'is_active'].filter((c) => have.has(c));
      const sums = columns.map(
        (c, ci) =>
          `count(${ident(c)})::bigint AS f${ci}, md5(coalesce(string_agg(coalesce(${ident(c)}::text, E'\\\\N'), E'\\x1e' ORDER BY source_key_hash), '')) AS c${ci}`,
      );
      const row = (
        await client.query<Record<string, string>>(
          `SELECT count(*)::bigint AS n, count(*) FILTER (WHERE is_active)::bigint AS active${sums.length ? `, ${sums.join(', ')}` : ''}
             FROM ${qualified(mapping.schema, name)}`,
        )
      ).rows[0]!;
      tables.push({
        table: name,
        rows: Number(row.n),
        activeRows: Number(row.active),
        columns: columns.map((column, ci) => ({
          column,
          filled: Number(row[`f${ci}`]),
          checksum: String(row[`c${ci}`]),
        })),
      });
    }
    await client.query('COMMIT');
    return {
      reportId: randomUUID(),
      workspaceId: ws.id,
      createdAt: new Date().toISOString(),
      target: describeConnection(conn),
      tables,
      checksum: overallChecksum(tables),
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

export function overallChecksum(tables: ReconciliationTable[]): string {
  const h = createHash('md5');
  for (const t of tables) {
    h.update(`${t.table}\u001f${t.rows}\u001f${t.activeRows}\u001e`);
    for (const c of t.columns) h.update(`${c.column}\u001f${c.filled}\u001f${c.checksum}\u001e`);
  }
  return h.digest('hex');
}

/** Which table columns differ between two reports, in words (for a gate's reason). */
export function reconciliationDifferences(a: ReconciliationReport, b: ReconciliationReport): string[] {
  const out: string[] = [];
  const byName = new Map(b.tables.map((t) => [t.table, t]));
  for (const t of a.tables) {
    const u = byName.get(t.table);
    if (!u) {
      out.push(`${t.table} (missing)`);
      continue;
    }
    if (t.rows !== u.rows || t.activeRows !== u.activeRows) out.push(`${t.table} (row count)`);
    const cols = new Map(u.columns.map((c) => [c.column, c]));
    for (const c of t.columns) {
      const d = cols.get(c.column);
      if (!d || d.checksum !== c.checksum || d.filled !== c.filled) out.push(`${t.table}.${c.column}`);
    }
  }
  return out;
}
