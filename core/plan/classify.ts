import type pg from 'pg';
import type { SyncMode } from '../history/recorder.js';
import type { MappingDocument, TableSpec } from '../mapping/document.js';
import { linkMatchColumn } from '../mapping/validate.js';
import type { BusinessColumn } from '../target/column-types.js';
import { businessColumns, type ExistingColumn } from '../target/managed-table.js';
import { hashValueSql, rowHashSql } from '../target/row-hash.js';
import { analyzeTempSql, ident, literal, qualified } from '../target/sql.js';
import type { StagedTable } from './stage.js';

/**
 * The set-based heart of a plan: from the staged export rows and the target as it is now, one
 * temp table per mapped table (`ferry_plan_<i>`) with every row's kind (insert, update, unchanged,
 * conflict, pending, rejected), its new values under the target's column names, and its new
 * `data_hash`; and `ferry_retire_<i>` with the ids of rows to retire. Runs in the plan's own
 * session, so nothing in the target changes. Apply runs it again inside its transaction.
 */
export type RowKind = 'insert' | 'update' | 'unchanged' | 'conflict' | 'pending' | 'rejected';

export interface KindCounts {
  insert: number;
  update: number;
  unchanged: number;
  conflict: number;
  pending: number;
  rejected: number;
  retire: number;
}

export interface ClassifyContext {
  client: pg.ClientBase;
  mapping: MappingDocument;
  staged: Map<string, StagedTable>;
  /** Target columns per table as they are now (undefined: the table does not exist yet). */
  existing: Map<string, ExistingColumn[] | undefined>;
  mode: SyncMode;
}

export const planTable = (i: number) => `ferry_plan_${i}`;
export const retireTable = (i: number) => `ferry_retire_${i}`;
export const dupTable = (i: number) => `ferry_dups_${i}`;
const namesTable = (i: number, li: number) => `ferry_pn_${i}_${li}`;

/** The target table as a relation with every business column (null for columns it does not have yet). */
export function targetRelation(mapping: MappingDocument, t: TableSpec, existing: ExistingColumn[] | undefined): string {
  const cols = businessColumns(t);
  if (!existing) return `(SELECT ${nullTargetColumns(t).join(', ')} WHERE false)`;
  const have = new Set(existing.map((c) => c.name));
  if (cols.every((c) => have.has(c.name)) && have.has('extra')) return qualified(mapping.schema, t.name);
  const list = [
    'id',
    'source_key_hash',
    'data_hash',
    'is_active',
    ...cols.map((c) => (have.has(c.name) ? ident(c.name) : `NULL::${c.pgType} AS ${ident(c.name)}`)),
    have.has('extra') ? 'extra' : 'NULL::jsonb AS extra',
  ];
  return `(SELECT ${list.join(', ')} FROM ${qualified(mapping.schema, t.name)})`;
}

function nullTargetColumns(t: TableSpec): string[] {
  return [
    'NULL::bigint AS id',
    'NULL::text AS source_key_hash',
    'NULL::text AS data_hash',
    'NULL::boolean AS is_active',
    ...businessColumns(t).map((c) => `NULL::${c.pgType} AS ${ident(c.name)}`),
    'NULL::jsonb AS extra',
  ];
}

/**
 * `LEFT JOIN <target> alias ON cond`, or, when the target does not exist yet, a cross join to one
 * row of nulls: PostgreSQL folds that away, where it would run an empty join for every staged row
 * (three such joins were ~0.3 s of a 200k-row first plan).
 */
function joinTarget(
  mapping: MappingDocument,
  t: TableSpec,
  existing: ExistingColumn[] | undefined,
  alias: string,
  on: string,
): string {
  return existing
    ? `LEFT JOIN ${targetRelation(mapping, t, existing)} ${alias} ON ${on}`
    : `CROSS JOIN (SELECT ${nullTargetColumns(t).join(', ')}) ${alias}`;
}

/** Exact type names for which `=` holds exactly when the hash member texts are equal. */
const SAME_BY_TYPE: Record<string, string> = {
  bigint: 'bigint',
  boolean: 'boolean',
  text: 'text',
  date: 'date',
  timestamptz: 'timestamp with time zone',
};

/**
 * True when a column's new value gives the same `data_hash` member as the stored one, so a row
 * whose every member matches hashes the same as it is now and is unchanged without computing
 * either md5 (an unchanged 200k-row re-plan spent ~1 s on hashes). Typed comparison where it is
 * exact (text under "C": byte equality, whatever the column's collation); otherwise the member texts.
 */
function sameValueSql(c: BusinessColumn, stored: string, next: string, storedType: string | undefined): string {
  const exact = SAME_BY_TYPE[c.pgType];
  if (exact && (storedType === undefined || storedType === exact)) {
    return `${stored}${c.pgType === 'text' ? ' COLLATE "C"' : ''} IS NOT DISTINCT FROM ${next}`;
  }
  // A numeric prints from its value and its display scale alone: compared without printing it.
  if (c.pgType === 'numeric' && (storedType === undefined || storedType === 'numeric')) {
    return `(${stored} IS NOT DISTINCT FROM ${next} AND scale(${stored}) IS NOT DISTINCT FROM scale(${next}))`;
  }
  return `${hashValueSql(c.pgType, stored)} IS NOT DISTINCT FROM ${hashValueSql(c.pgType, next)}`;
}

/**
 * The plan's join to the target holds every stored column of every row in one hash table: at a
 * million editions ~300 MB, which at the session's 128 MB work_mem spilled to disk in two batches.
 */
const CLASSIFY_WORK_MEM = '256MB';

async function withWorkMem<T>(client: pg.ClientBase, value: string, fn: () => Promise<T>): Promise<T> {
  const before = (await client.query<{ v: string }>(`SELECT current_setting('work_mem') AS v`)).rows[0].v;
  await client.query(`SELECT set_config('work_mem', $1, false)`, [value]);
  try {
    return await fn();
  } finally {
    await client.query(`SELECT set_config('work_mem', $1, false)`, [before]).catch(() => {});
  }
}

/** Duplicate keys in one export: which row wins by the table's policy. Depends on the export only. */
export async function rankDuplicates(client: pg.ClientBase, s: StagedTable): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${dupTable(s.index)}`);
  if (!s.duplicateKeys.length) {
    await client.query(`CREATE TEMP TABLE ${dupTable(s.index)} (_row integer, _key text, _rank bigint, _kept integer)`);
    return;
  }
  // The stager found which keys repeat: only their rows are ranked.
  await client.query(
    `CREATE TEMP TABLE ${dupTable(s.index)} AS
     SELECT s._row, s._key, row_number() OVER w AS _rank, first_value(s._row) OVER w AS _kept
       FROM ${s.stage} s
      WHERE s._key = ANY($1::text[])
     WINDOW w AS (PARTITION BY s._key ORDER BY ${duplicateOrderSql(s.spec, s.provided, 's', '_row')} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
    [s.duplicateKeys],
  );
}

/**
 * The order in which rows sharing a key are ranked, the winner first, by the table's duplicate
 * policy: the preferred value first (when the export provides its column), then by row number.
 */
export function duplicateOrderSql(t: TableSpec, provided: ReadonlySet<string>, alias: string, row: string): string {
  const prefer =
    t.duplicates.keep === 'prefer' && t.duplicates.prefer && provided.has(t.duplicates.prefer.column)
      ? t.duplicates.prefer
      : undefined;
  const field = prefer ? t.fields.find((f) => f.column === prefer.column) : undefined;
  const preferSql =
    prefer && field
      ? `(${alias}.${ident(prefer.column)} IS NOT DISTINCT FROM ${literal(String(prefer.value))}::${pgTypeOf(businessColumns(t), prefer.column)}) DESC, `
      : '';
  return `${preferSql}${alias}.${ident(row)} ${t.duplicates.keep === 'last' ? 'DESC' : 'ASC'}`;
}

function pgTypeOf(cols: BusinessColumn[], name: string): string {
  return cols.find((c) => c.name === name)?.pgType ?? 'text';
}

const UNRESOLVED = `('many', 'missing', 'ambiguous')`;

/** Builds `ferry_plan_<i>` and `ferry_retire_<i>` for one table; its parents must be classified first. */
export async function classifyTable(ctx: ClassifyContext, name: string): Promise<KindCounts> {
  const { client, mapping } = ctx;
  const s = ctx.staged.get(name)!;
  const t = s.spec;
  const i = s.index;
  const T = targetRelation(mapping, t, ctx.existing.get(t.name));
  const cols = businessColumns(t);
  const joins: string[] = [];
  const linkCols: string[] = [];
  const pendingConds: string[] = [];
  const rejectConds: string[] = [];
  const valueOf = new Map<string, string>();
  for (const f of t.fields)
    valueOf.set(f.column, s.provided.has(f.column) ? `w.${ident(f.column)}` : `t.${ident(f.column)}`);

  for (const [li, l] of t.links.entries()) {
    if (!s.provided.has(l.column)) {
      valueOf.set(l.column, `t.${ident(l.column)}`);
      continue;
    }
    const parent = mapping.tables.find((x) => x.name === l.table)!;
    const ps = ctx.staged.get(parent.name);
    const match = linkMatchColumn(parent, l.match);
    const PT = targetRelation(mapping, parent, ctx.existing.get(parent.name));
    const pn = namesTable(i, li);
    const fromPlan = ps
      ? `SELECT pp.${ident(match)}::text AS name, pp._kh AS kh FROM ${planTable(ps.index)} pp WHERE pp._kind IN ('insert', 'update', 'unchanged', 'conflict') UNION ALL `
      : '';
    await client.query(`DROP TABLE IF EXISTS ${pn}`);
    await client.query(
      `CREATE TEMP TABLE ${pn} AS
       SELECT name, count(DISTINCT kh)::int AS n, min(kh) AS kh
         FROM (${fromPlan}SELECT tt.${ident(match)}::text, tt.source_key_hash FROM ${PT} tt WHERE tt.is_active) x
        WHERE name IS NOT NULL GROUP BY name`,
    );
    await client.query(analyzeTempSql(pn));
    const status =
      `CASE WHEN w._l${li} IS NULL THEN 'none' ` +
      `WHEN w._m${li} THEN 'many' ` +
      `WHEN pn${li}.name IS NULL THEN 'missing' WHEN pn${li}.n > 1 THEN 'ambiguous' ELSE 'ok' END`;
    linkCols.push(
      `${status} AS _ls${li}`,
      `w._l${li} AS _ln${li}`,
      `CASE WHEN pn${li}.n = 1 THEN pn${li}.kh END AS _lk${li}`,
    );
    joins.push(`LEFT JOIN ${pn} pn${li} ON pn${li}.name = w._f${li}`);
    joins.push(
      joinTarget(
        mapping,
        parent,
        ctx.existing.get(parent.name),
        `tp${li}`,
        `tp${li}.source_key_hash = pn${li}.kh AND pn${li}.n = 1`,
      ),
    );
    // A parent that is only being created by this run has no id yet: -1 stands in until apply.
    valueOf.set(
      l.column,
      `CASE WHEN pn${li}.n = 1 AND w._f${li} IS NOT NULL AND NOT w._m${li} THEN coalesce(tp${li}.id, -1) END`,
    );
    const unresolved = `(z._ls${li} IN ${UNRESOLVED}${l.required ? ` OR z._ls${li} = 'none'` : ''})`;
    if (l.onUnresolved === 'pending') pendingConds.push(unresolved);
    if (l.onUnresolved === 'reject') rejectConds.push(unresolved);
  }

  // The export's extra holds only its unmapped columns (extraHeaders): when it equals the stored
  // one, merging the stored keys of other exports into it gives it back, so the merge is skipped.
  const extraSql = t.keepExtra
    ? `CASE WHEN t.id IS NULL THEN w._extra WHEN t.extra IS NOT DISTINCT FROM w._extra THEN nullif(w._extra, '{}'::jsonb) ELSE nullif((coalesce(t.extra, '{}'::jsonb) - ${arrayLiteral(s.extraHeaders)}) || coalesce(w._extra, '{}'::jsonb), '{}'::jsonb) END`
    : 't.extra';
  const newValue = (c: BusinessColumn) => `${valueOf.get(c.name)}::${c.pgType}`;
  const storedTypes = new Map((ctx.existing.get(t.name) ?? []).map((c) => [c.name, c.type]));
  // Columns the export does not provide keep the stored value: equal by construction.
  const sameConds = [
    't.id IS NOT NULL',
    't.is_active',
    ...cols
      .filter((c) => valueOf.get(c.name) !== `t.${ident(c.name)}`)
      .map((c) => sameValueSql(c, `t.${ident(c.name)}`, newValue(c), storedTypes.get(c.name))),
    ...(t.keepExtra
      ? [
          `t.extra IS NOT DISTINCT FROM w._extra`,
          `nullif(t.extra, '{}'::jsonb)::text IS NOT DISTINCT FROM nullif(w._extra, '{}'::jsonb)::text`,
        ]
      : []),
  ];
  const inner = [
    'w._row',
    'w._key',
    'w._kh',
    't.id AS _tid',
    't.data_hash AS _tdh',
    't.is_active AS _tactive',
    ...linkCols,
    ...cols.map((c) => `${newValue(c)} AS ${ident(c.name)}`),
    `${extraSql} AS _extra`,
    `coalesce(${sameConds.join(' AND ')}, false) AS _same`,
  ];
  const kind = [
    pendingConds.length ? `WHEN ${pendingConds.join(' OR ')} THEN 'pending'` : '',
    rejectConds.length ? `WHEN ${rejectConds.join(' OR ')} THEN 'rejected'` : '',
    // Same member texts as stored: same hash as the row has now, so unchanged whatever data_hash says.
    `WHEN z._same THEN 'unchanged'`,
    `WHEN z._tid IS NULL THEN 'insert'`,
    `WHEN NOT z._tactive THEN 'update'`,
    `WHEN z._newhash = z._tdh THEN 'unchanged'`,
    // Edited in PostgreSQL since Ferry wrote it, and the export says something else again.
    `WHEN z._tcur <> z._tdh AND z._tcur <> z._newhash THEN 'conflict'`,
    `WHEN z._tcur = z._newhash THEN 'unchanged'`,
    `ELSE 'update'`,
  ].join(' ');
  const plan = planTable(i);
  const source = `SELECT ${inner.join(', ')}
           FROM (SELECT s.*, md5(s._key) AS _kh FROM ${s.stage} s
                  WHERE NOT EXISTS (SELECT 1 FROM ${dupTable(i)} d WHERE d._row = s._row AND d._rank > 1)) w
           ${joinTarget(mapping, t, ctx.existing.get(t.name), 't', 't.source_key_hash = w._kh')}
           ${joins.join('\n           ')}`;
  await client.query(`DROP TABLE IF EXISTS ${plan}`);
  await withWorkMem(client, CLASSIFY_WORK_MEM, () =>
    client.query(
      ctx.existing.get(t.name)
        ? `CREATE TEMP TABLE ${plan} AS
     -- OFFSET 0 keeps each level a real subquery: flattened, PostgreSQL would compute the hashes once per mention.
     -- The current row's hash (to spot edits made in PostgreSQL) is only computed for rows the export changes.
     SELECT CASE ${kind} END AS _kind, z.* FROM (
      SELECT x.*, CASE WHEN x._tid IS NOT NULL AND x._tactive AND x._newhash <> x._tdh
                       THEN (SELECT ${rowHashSql(cols, 'tt', 'extra')} FROM ${T} tt WHERE tt.id = x._tid) END AS _tcur
        FROM (
       SELECT y.*, CASE WHEN y._tid IS NOT NULL AND NOT y._same THEN ${rowHashSql(cols, 'y', '_extra')} END AS _newhash FROM (
         ${source}
         OFFSET 0
       ) y
       OFFSET 0
      ) x
      OFFSET 0
     ) z`
        : // No target table yet: no row has a hash to compare, so one level does (same columns).
          `CREATE TEMP TABLE ${plan} AS
     SELECT CASE ${kind} END AS _kind, z.* FROM (
       SELECT y.*, NULL::text AS _newhash, NULL::text AS _tcur FROM (${source} OFFSET 0) y
     ) z`,
    ),
  );
  await client.query(analyzeTempSql(plan, ['_kind', '_tid', '_row', '_kh']));
  const retire = retireTable(i);
  const retiring = ctx.mode === 'full' || (ctx.mode === 'merge' && t.onMissing === 'retire');
  await client.query(`DROP TABLE IF EXISTS ${retire}`);
  await client.query(
    retiring
      ? `CREATE TEMP TABLE ${retire} AS SELECT t.id AS _tid FROM ${T} t
          WHERE t.is_active AND NOT EXISTS (SELECT 1 FROM ${s.stage} s WHERE md5(s._key) = t.source_key_hash)`
      : `CREATE TEMP TABLE ${retire} (_tid bigint)`,
  );
  const { rows } = await client.query<{ kind: RowKind; n: number }>(
    `SELECT _kind AS kind, count(*)::int AS n FROM ${plan} GROUP BY _kind`,
  );
  const counts: KindCounts = { insert: 0, update: 0, unchanged: 0, conflict: 0, pending: 0, rejected: 0, retire: 0 };
  for (const r of rows) counts[r.kind] = r.n;
  counts.retire = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${retire}`)).rows[0].n;
  return counts;
}

/**
 * The plan's rows of some kinds with their final values: a link to a parent created by this same
 * run still holds -1 in the plan, and gets the parent's new id here (by its key hash). Computes
 * the `data_hash` of the final values as `_hash`. Used by apply for inserts and updates.
 */
export function finalRowsSql(mapping: MappingDocument, s: StagedTable, kinds: string[]): string {
  const t = s.spec;
  const cols = businessColumns(t);
  const joins: string[] = [];
  const values = cols.map((c) => {
    const li = t.links.findIndex((l) => l.column === c.name);
    if (li < 0 || !s.provided.has(c.name)) return `p.${ident(c.name)}`;
    const parent = qualified(mapping.schema, t.links[li].table);
    joins.push(`LEFT JOIN ${parent} np${li} ON p.${ident(c.name)} = -1 AND np${li}.source_key_hash = p._lk${li}`);
    return `CASE WHEN p.${ident(c.name)} = -1 THEN np${li}.id ELSE p.${ident(c.name)} END AS ${ident(c.name)}`;
  });
  return `SELECT q.*, ${rowHashSql(cols, 'q', '_extra')} AS _hash FROM (
    SELECT p._row, p._kh, p._tid, ${values.length ? `${values.join(', ')}, ` : ''}p._extra
      FROM ${planTable(s.index)} p ${joins.join(' ')}
     WHERE p._kind IN (${kinds.map(literal).join(', ')}) OFFSET 0) q`;
}

function arrayLiteral(items: string[]): string {
  if (!items.length) return `'{}'::text[]`;
  return `ARRAY[${items.map(literal).join(', ')}]::text[]`;
}
