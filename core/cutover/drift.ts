import { randomUUID } from 'node:crypto';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';
import { workspaceConnection } from '../history/open.js';
import type { Workspace } from '../history/types.js';
import { linkMatchColumn } from '../mapping/validate.js';
import { planTable, retireTable, targetRelation } from '../plan/classify.js';
import { keyText, type PlanSession } from '../plan/plan.js';
import type { StagedTable } from '../plan/stage.js';
import { planFiles } from '../sync/run-sync.js';
import { businessColumns } from '../target/managed-table.js';
import { ident, literal, qualified } from '../target/sql.js';
import type { DriftExample, DriftReport, DriftTable } from './types.js';

const EXAMPLES = 5;

/**
 * Compares an export with PostgreSQL without writing anything. The export goes through the dry
 * run of a full sync (staged in TEMP tables of its own session, classified set-based against the
 * target); the drift is then read from those tables by comparing the export's values with the
 * rows as they are now, column by column, so edits made on either side show.
 */
export async function checkDrift(
  env: FerryEnv,
  ws: Workspace,
  paths: string[],
  work: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<DriftReport> {
  if (!ws.mapping) {
    throw new FerryError(
      'no-mapping',
      `"${ws.name}" has no saved mapping yet, so Ferry cannot tell which export columns go where. Do a first sync, then check drift.`,
    );
  }
  if (paths.length === 0) {
    throw new FerryError('no-export-files', `Choose the export files (or their folder) to compare with "${ws.name}".`);
  }
  const started = Date.now();
  const session = await planFiles(env, {
    target: await workspaceConnection(ws, env),
    paths,
    mapping: ws.mapping,
    mode: 'full',
    workspaceId: ws.id,
    signal: work.signal,
    progress: work.progress,
  });
  try {
    const tables: Record<string, DriftTable> = {};
    const notCompared: string[] = [];
    for (const name of session.order) {
      throwIfCancelled(work.signal);
      const s = session.staged.get(name);
      if (!s) {
        notCompared.push(name);
        continue;
      }
      work.progress({ stage: 'drift', message: `Comparing ${name} field by field` });
      tables[name] = await tableDrift(session, s);
    }
    const all = Object.values(tables);
    const total = all.reduce((n, t) => n + t.onlyInExport + t.onlyInDatabase + t.differ, 0);
    const editedInDatabase = all.reduce((n, t) => n + t.editedInDatabase, 0);
    return {
      checkId: randomUUID(),
      workspaceId: ws.id,
      checkedAt: new Date().toISOString(),
      files: session.files,
      tables,
      notCompared,
      total,
      editedInDatabase,
      problems: session.log.list.length + session.log.unlisted,
      seconds: (Date.now() - started) / 1000,
      summary: driftSummary(tables, total, editedInDatabase, notCompared),
    };
  } finally {
    await session.close();
  }
}

function driftSummary(
  tables: Record<string, DriftTable>,
  total: number,
  edited: number,
  notCompared: string[],
): string {
  const missing = notCompared.length
    ? ` ${notCompared.join(', ')} had no file in this export and were not compared.`
    : '';
  if (total === 0) return `No drift: the export and PostgreSQL agree on every row.${missing}`;
  const parts = Object.entries(tables)
    .filter(([, t]) => t.onlyInExport + t.onlyInDatabase + t.differ > 0)
    .map(([name, t]) => {
      const bits = [
        t.onlyInExport ? `${t.onlyInExport} only in the export` : '',
        t.onlyInDatabase ? `${t.onlyInDatabase} only in PostgreSQL` : '',
        t.differ ? `${t.differ} with different values` : '',
      ].filter(Boolean);
      return `${name}: ${bits.join(', ')}`;
    });
  const editedNote = edited ? ` ${edited} of them differ only because they were edited in PostgreSQL.` : '';
  return `${total} row${total === 1 ? '' : 's'} differ. ${parts.join('; ')}.${editedNote}${missing}`;
}

/** The drift of one table, from the plan's temp tables and the target as it is now. */
async function tableDrift(session: PlanSession, s: StagedTable): Promise<DriftTable> {
  const { client, mapping } = session;
  const t = s.spec;
  const cols = businessColumns(t);
  const T = targetRelation(mapping, t, session.existingAtPlan.get(t.name));
  const plan = planTable(s.index);
  const retire = retireTable(s.index);
  const diffOf = new Map(cols.map((c) => [c.name, `p.${ident(c.name)} IS DISTINCT FROM t.${ident(c.name)}`]));
  diffOf.set('extra', `nullif(p._extra, '{}'::jsonb) IS DISTINCT FROM nullif(t.extra, '{}'::jsonb)`);
  const columns = [...diffOf.keys()];
  const anyDiff = `(${[...diffOf.values()].join(' OR ')})`;
  // A row changed only in PostgreSQL: the export still says what Ferry last wrote, the row does not.
  const editedHere = `(p._newhash = p._tdh)`;
  const matched = `FROM ${plan} p JOIN ${T} t ON t.id = p._tid WHERE p._tactive`;
  const counts = (
    await client.query<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE ${anyDiff})::int AS differ,
              count(*) FILTER (WHERE ${anyDiff} AND ${editedHere})::int AS edited,
              ${columns.map((c, i) => `count(*) FILTER (WHERE ${diffOf.get(c)})::int AS c${i}`).join(', ')}
         ${matched}`,
    )
  ).rows[0];
  const side = (
    await client.query<{ only_export: number; only_db: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM ${plan} p WHERE p._tid IS NULL OR NOT p._tactive) AS only_export,
              (SELECT count(*)::int FROM ${retire}) AS only_db,
              (SELECT count(*)::int FROM ${plan} p WHERE p._kind = 'pending') AS pending`,
    )
  ).rows[0];
  const fields: Record<string, number> = {};
  columns.forEach((c, i) => {
    if (counts[`c${i}`]) fields[c] = counts[`c${i}`];
  });

  const keyOf = (values: Record<string, unknown>) => t.key.map((k) => String(values[k] ?? '')).join(' + ');
  const valuesOf = (alias: string) =>
    `jsonb_build_object(${t.key.map((k) => `${literal(k)}, ${alias}.${ident(k)}`).join(', ')})`;
  const onlyExport = await client.query<{ row: number; key: string }>(
    `SELECT p._row AS row, p._key AS key FROM ${plan} p WHERE p._tid IS NULL OR NOT p._tactive ORDER BY p._row LIMIT ${EXAMPLES}`,
  );
  const onlyDb = await client.query<{ id: string; values: Record<string, unknown> }>(
    `SELECT t.id, ${valuesOf('t')} AS values FROM ${retire} r JOIN ${T} t ON t.id = r._tid ORDER BY t.id LIMIT ${EXAMPLES}`,
  );
  const changes = [...diffOf.entries()].map(([c, cond]) => {
    const li = t.links.findIndex((l) => l.column === c);
    if (li >= 0 && s.provided.has(c)) {
      // A link shows the names a person knows, not row ids.
      const l = t.links[li]!;
      const parent = mapping.tables.find((x) => x.name === l.table)!;
      const match = ident(linkMatchColumn(parent, l.match));
      return `CASE WHEN ${cond} THEN jsonb_build_object('column', ${literal(c)},
        'database', to_jsonb((SELECT pt.${match}::text FROM ${qualified(mapping.schema, parent.name)} pt WHERE pt.id = t.${ident(c)})),
        'export', to_jsonb(array_to_string(p._ln${li}, ', '))) END`;
    }
    const ref =
      c === 'extra'
        ? ["nullif(t.extra, '{}'::jsonb)", "nullif(p._extra, '{}'::jsonb)"]
        : [`t.${ident(c)}`, `p.${ident(c)}`];
    return `CASE WHEN ${cond} THEN jsonb_build_object('column', ${literal(c)}, 'database', to_jsonb(${ref[0]}), 'export', to_jsonb(${ref[1]})) END`;
  });
  const differ = await client.query<{
    row: number;
    id: string;
    key: string;
    edited: boolean;
    changes: DriftExample['changes'];
  }>(
    `SELECT p._row AS row, t.id, p._key AS key, ${editedHere} AS edited,
            to_jsonb(array_remove(ARRAY[${changes.join(', ')}]::jsonb[], NULL)) AS changes
       ${matched} AND ${anyDiff} ORDER BY p._row LIMIT ${EXAMPLES}`,
  );
  return {
    onlyInExport: side.only_export,
    onlyInDatabase: side.only_db,
    differ: counts.differ ?? 0,
    fields,
    editedInDatabase: counts.edited ?? 0,
    pending: side.pending,
    examples: {
      onlyInExport: onlyExport.rows.map((r) => ({ row: r.row, key: keyText(r.key) })),
      onlyInDatabase: onlyDb.rows.map((r) => ({ id: Number(r.id), key: keyOf(r.values) })),
      differ: differ.rows.map((r) => ({
        row: r.row,
        id: Number(r.id),
        key: keyText(r.key),
        changes: r.changes ?? [],
        editedInDatabase: r.edited,
      })),
    },
  };
}
