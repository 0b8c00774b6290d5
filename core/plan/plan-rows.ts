import { linkMatchColumn } from '../mapping/validate.js';
import { businessColumns } from '../target/managed-table.js';
import { ident, literal, qualified } from '../target/sql.js';
import { planTable, retireTable, targetRelation } from './classify.js';
import { keyText, type PlanSession } from './plan.js';
import type { PlanRow, PlanRowKind, PlanRowsResult } from './types.js';

/** One page of a plan's rows, read from the plan's temp tables: Ferry never holds them all. */
export async function planRows(
  session: PlanSession,
  table: string,
  kind: PlanRowKind,
  offset: number,
  limit: number,
): Promise<PlanRowsResult> {
  const s = session.staged.get(table);
  if (!s) return { table, kind, total: 0, offset, rows: [] };
  const { client, mapping } = session;
  const t = s.spec;
  const cols = businessColumns(t);
  const T = targetRelation(mapping, t, session.existingAtPlan.get(t.name));
  const plan = planTable(s.index);
  const valuesOf = (alias: string) =>
    cols.length
      ? `jsonb_build_object(${cols.map((c) => `${literal(c.name)}, ${alias}.${ident(c.name)}`).join(', ')})`
      : `'{}'::jsonb`;

  if (kind === 'retire') {
    const retire = retireTable(s.index);
    const total = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${retire}`)).rows[0].n;
    const { rows } = await client.query<{ id: string; values: Record<string, unknown> }>(
      `SELECT t.id, ${valuesOf('t')} AS values FROM ${retire} r JOIN ${T} t ON t.id = r._tid ORDER BY t.id OFFSET $1 LIMIT $2`,
      [offset, limit],
    );
    return {
      table,
      kind,
      total,
      offset,
      rows: rows.map((r) => ({
        id: Number(r.id),
        key: t.key.map((k) => String(r.values[k] ?? '')).join(' + '),
        values: r.values,
      })),
    };
  }
  const total = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${plan} WHERE _kind = $1`, [kind]))
    .rows[0].n;
  if (kind === 'insert' || kind === 'pending') {
    const reasons = t.links
      .map((l, li) =>
        s.provided.has(l.column)
          ? `CASE WHEN p._ls${li} NOT IN ('ok', 'none') THEN ${literal(`${l.source}: `)} || p._ls${li} || ' ' || coalesce(array_to_string(p._ln${li}, ', '), '') END`
          : null,
      )
      .filter(Boolean);
    const { rows } = await client.query<{
      row: number;
      key: string;
      values: Record<string, unknown>;
      reason: string | null;
    }>(
      `SELECT p._row AS row, p._key AS key, ${valuesOf('p')} AS values,
              ${reasons.length ? `concat_ws('; ', ${reasons.join(', ')})` : 'NULL'} AS reason
         FROM ${plan} p WHERE p._kind = $1 ORDER BY p._row OFFSET $2 LIMIT $3`,
      [kind, offset, limit],
    );
    return {
      table,
      kind,
      total,
      offset,
      rows: rows.map((r): PlanRow => ({
        row: r.row,
        key: keyText(r.key),
        values: r.values,
        ...(kind === 'pending' && r.reason ? { reason: pendingReason(r.reason) } : {}),
      })),
    };
  }
  const changes = cols.map((c) => {
    const li = t.links.findIndex((l) => l.column === c.name);
    const col = ident(c.name);
    if (li >= 0 && s.provided.has(c.name)) {
      const l = t.links[li];
      const parent = mapping.tables.find((x) => x.name === l.table)!;
      const match = ident(linkMatchColumn(parent, l.match));
      return `CASE WHEN p.${col} IS DISTINCT FROM t.${col} THEN jsonb_build_object('column', ${literal(c.name)},
        'old', to_jsonb((SELECT pt.${match}::text FROM ${qualified(mapping.schema, parent.name)} pt WHERE pt.id = t.${col})),
        'new', to_jsonb(array_to_string(p._ln${li}, ', '))) END`;
    }
    return `CASE WHEN p.${col} IS DISTINCT FROM t.${col} THEN jsonb_build_object('column', ${literal(c.name)}, 'old', to_jsonb(t.${col}), 'new', to_jsonb(p.${col})) END`;
  });
  changes.push(
    `CASE WHEN p._extra IS DISTINCT FROM nullif(t.extra, '{}'::jsonb) THEN jsonb_build_object('column', 'extra', 'old', t.extra, 'new', p._extra) END`,
    `CASE WHEN NOT t.is_active THEN jsonb_build_object('column', 'is_active', 'old', false, 'new', true) END`,
  );
  const { rows } = await client.query<{ row: number; id: string; key: string; changes: PlanRow['changes'] }>(
    `SELECT p._row AS row, t.id, p._key AS key, to_jsonb(array_remove(ARRAY[${changes.join(', ')}]::jsonb[], NULL)) AS changes
       FROM ${plan} p JOIN ${T} t ON t.id = p._tid WHERE p._kind = $1 ORDER BY p._row OFFSET $2 LIMIT $3`,
    [kind, offset, limit],
  );
  return {
    table,
    kind,
    total,
    offset,
    rows: rows.map((r) => ({ row: r.row, id: Number(r.id), key: keyText(r.key), changes: r.changes ?? [] })),
  };
}

function pendingReason(raw: string): string {
  return raw
    .replace(/: missing /g, ': no record is called ')
    .replace(/: ambiguous /g, ': several records are called ')
    .replace(/: many /g, ': one record expected, several named: ');
}
