import type pg from 'pg';
import type { FieldTransform } from '../api/ops/compare.js';
import { imageValueSql, jsonObjectSql } from '../history/copy-restore.js';
import { ident, literal } from '../target/sql.js';
import { comparable, transformSql } from './transform.js';
import type { CompareCounts, CompareError, RowChange } from './types.js';

/** How many changed rows, not-found keys and error examples a dry run lists. */
export const LISTED = 100;
const EXAMPLES = 5;

export interface KeyColumn {
  source: string;
  target: string;
  /** The target column's type: source keys are read as it, so `1` matches `1.0` in a numeric key. */
  type: string;
}

export interface CopiedField {
  source: string;
  target: string;
  type: string;
  transform?: FieldTransform;
}

/** The temp tables of one compare, all dropped with the transaction. */
export const STAGE = 'ferry_copy_stage';
const NEW = 'ferry_copy_new';
export const DIFF = 'ferry_copy_diff';

export function stageTableSql(keys: KeyColumn[], fields: CopiedField[]): string {
  const cols = [...keys.map((_, i) => `sk${i} text`), ...fields.map((_, j) => `sf${j} text`)];
  return `CREATE TEMP TABLE ${STAGE} (${cols.join(', ')}) ON COMMIT DROP`;
}

export function sourceSelectSql(sourceTable: string, keys: KeyColumn[], fields: CopiedField[]): string {
  const cols = [...keys.map((k) => ident(k.source)), ...fields.map((f) => ident(f.source))];
  return `SELECT ${cols.join(', ')} FROM ${sourceTable}`;
}

const keyMatch = (keys: KeyColumn[], a: string, b: string) =>
  keys.map((k, i) => `${a}.k${i} = ${b}.${ident(k.target)}`).join(' AND ');
const anyChange = (fields: CopiedField[], alias: string) =>
  fields.length ? fields.map((_, j) => `${alias}.c${j}`).join(' OR ') : 'false';
/**
 * Whether a staged text fits a column type. Text always fits (no check per value: most copied
 * columns are text); anything else asks the type's own input function, without raising.
 */
const fits = (ref: string, type: string) =>
  type === 'text' ? 'true' : `(${ref} IS NULL OR pg_input_is_valid(${ref}, ${literal(type)}))`;
const cast = (ref: string, type: string) => (type === 'text' ? ref : `(${ref})::${type}`);

export interface Classified extends CompareCounts {
  fields: Record<string, number>;
  errors: CompareError[];
}

/**
 * Classifies the staged source rows against the target, set-based: reads each staged value as
 * the target column's type (a value that does not fit is an error, never a guess), sets aside
 * rows whose key is empty, unreadable or not unique on either side, then joins on the key.
 */
export async function classify(
  client: pg.ClientBase,
  target: string,
  keys: KeyColumn[],
  fields: CopiedField[],
): Promise<Classified> {
  // Inside out: transform, check each value once (OFFSET 0 keeps the planner from inlining the
  // checks into every use), then cast what fits. Empty or unreadable keys are set aside here.
  const transformed = [
    ...keys.map((_, i) => `s.sk${i}`),
    ...fields.map((f, j) => `${transformSql(`s.sf${j}`, f.transform)} AS sv${j}`),
  ];
  const checked = [
    ...keys.map((k, i) => `s.sk${i}, (s.sk${i} IS NOT NULL AND ${fits(`s.sk${i}`, k.type)}) AS kok${i}`),
    ...fields.map((f, j) => `s.sv${j}, ${fits(`s.sv${j}`, f.type)} AS ok${j}`),
  ];
  const bad = `CASE WHEN ${keys.map((_, i) => `s.sk${i} IS NULL`).join(' OR ')} THEN 'empty-key'
                    WHEN NOT (${keys.map((_, i) => `s.kok${i}`).join(' AND ')}) THEN 'key-unreadable' END AS bad`;
  await client.query(
    `CREATE TEMP TABLE ${NEW} ON COMMIT DROP AS
     SELECT ${[
       ...keys.map((k, i) => `s.sk${i}, CASE WHEN s.kok${i} THEN ${cast(`s.sk${i}`, k.type)} END AS k${i}`),
       ...fields.map((f, j) => `s.sv${j}, CASE WHEN s.ok${j} THEN ${cast(`s.sv${j}`, f.type)} END AS v${j}, s.ok${j}`),
       bad,
     ].join(', ')}
       FROM (SELECT ${checked.join(', ')}
               FROM (SELECT ${transformed.join(', ')} FROM ${STAGE} s OFFSET 0) s OFFSET 0) s`,
  );
  const keyCols = keys.map((_, i) => `k${i}`).join(', ');
  await client.query(
    `UPDATE ${NEW} n SET bad = 'duplicate-source-key'
       FROM (SELECT ${keyCols} FROM ${NEW} WHERE bad IS NULL GROUP BY ${keyCols} HAVING count(*) > 1) d
      WHERE n.bad IS NULL AND ${keys.map((_, i) => `n.k${i} = d.k${i}`).join(' AND ')}`,
  );
  const targetKeys = keys.map((k) => ident(k.target)).join(', ');
  await client.query(
    `UPDATE ${NEW} n SET bad = 'duplicate-target-key'
       FROM (SELECT ${targetKeys} FROM ${target} GROUP BY ${targetKeys} HAVING count(*) > 1) d
      WHERE n.bad IS NULL AND ${keyMatch(keys, 'n', 'd')}`,
  );
  // No ANALYZE: on a large temp table it costs more than it saves; the planner's estimate from
  // the table's size already picks hash joins.
  await client.query(
    `CREATE TEMP TABLE ${DIFF} ON COMMIT DROP AS
     SELECT ${[
       ...keys.map((_, i) => `n.k${i}`),
       ...fields.map(
         (f, j) => `t.${ident(f.target)} AS o${j}, n.v${j}, n.ok${j},
                    (t.ctid IS NOT NULL AND n.ok${j}
                     AND ${comparable(`t.${ident(f.target)}`, f.type)} IS DISTINCT FROM ${comparable(`n.v${j}`, f.type)}) AS c${j}`,
       ),
       't.ctid IS NOT NULL AS found',
     ].join(', ')}
       FROM ${NEW} n LEFT JOIN ${target} t ON ${keyMatch(keys, 'n', 't')}
      WHERE n.bad IS NULL`,
  );
  const { rows } = await client.query<Record<string, number>>(
    `SELECT count(*)::int AS good,
            count(*) FILTER (WHERE d.found)::int AS matched,
            count(*) FILTER (WHERE ${anyChange(fields, 'd')})::int AS update
            ${fields.map((_, j) => `, count(*) FILTER (WHERE d.c${j})::int AS c${j}`).join('')}
       FROM ${DIFF} d`,
  );
  const r = rows[0]!;
  const notInSource = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${target} t
      WHERE NOT EXISTS (SELECT 1 FROM ${NEW} n WHERE ${keyMatch(keys, 'n', 't')})`,
  );
  return {
    matched: r.matched!,
    notFound: r.good! - r.matched!,
    notInSource: notInSource.rows[0]!.n,
    update: r.update!,
    fields: Object.fromEntries(fields.map((f, j) => [f.target, r[`c${j}`]!])),
    errors: await listErrors(client, keys, fields),
  };
}

function keyObject(
  keys: KeyColumn[],
  row: Record<string, string | null>,
  prefix: string,
): Record<string, string | null> {
  return Object.fromEntries(keys.map((k, i) => [k.target, row[`${prefix}${i}`] ?? null]));
}

async function listErrors(client: pg.ClientBase, keys: KeyColumn[], fields: CopiedField[]): Promise<CompareError[]> {
  const errors: CompareError[] = [];
  const rawKeys = keys.map((_, i) => `sk${i}`).join(', ');
  const keyWords = keys.length === 1 ? `key "${keys[0]!.source}"` : `key (${keys.map((k) => k.source).join(', ')})`;
  const rowWords: Record<string, (n: number) => string> = {
    'empty-key': (n) =>
      `${n} source row${n === 1 ? ' has' : 's have'} an empty ${keyWords}; ${n === 1 ? 'it is' : 'they are'} left out.`,
    'key-unreadable': (n) =>
      `${n} source row${n === 1 ? ' has a' : 's have a'} ${keyWords} that does not fit the target's key type; ${n === 1 ? 'it is' : 'they are'} left out.`,
    'duplicate-source-key': (n) =>
      `${n} source rows share their ${keyWords} with another source row, so Ferry cannot tell which to copy; they are left out.`,
    'duplicate-target-key': (n) =>
      `${n} source row${n === 1 ? ' matches' : 's match'} more than one target row on the ${keyWords}; ${n === 1 ? 'it is' : 'they are'} left out.`,
  };
  const { rows: bad } = await client.query<{ bad: CompareError['code']; n: number }>(
    `SELECT bad, count(*)::int AS n FROM ${NEW} WHERE bad IS NOT NULL GROUP BY bad ORDER BY bad`,
  );
  for (const b of bad) {
    const { rows } = await client.query<Record<string, string | null>>(
      `SELECT ${rawKeys} FROM ${NEW} WHERE bad = $1 ORDER BY ${rawKeys} LIMIT ${EXAMPLES}`,
      [b.bad],
    );
    errors.push({
      code: b.bad,
      count: b.n,
      message: rowWords[b.bad]!(b.n),
      examples: rows.map((row) => ({ key: keyObject(keys, row, 'sk') })),
    });
  }
  if (!fields.length) return errors;
  // One pass counts every field's values that do not fit; examples only for those that have any.
  const { rows: misfits } = await client.query<Record<string, number>>(
    `SELECT ${fields.map((_, j) => `count(*) FILTER (WHERE NOT ok${j})::int AS e${j}`).join(', ')} FROM ${NEW} WHERE bad IS NULL`,
  );
  for (const [j, f] of fields.entries()) {
    const n = misfits[0]![`e${j}`]!;
    if (!n) continue;
    const { rows } = await client.query<Record<string, string | null>>(
      `SELECT ${rawKeys}, sv${j} AS value FROM ${NEW} WHERE bad IS NULL AND NOT ok${j} ORDER BY ${rawKeys} LIMIT ${EXAMPLES}`,
    );
    errors.push({
      code: 'type-mismatch',
      column: f.target,
      count: n,
      message: `${n} value${n === 1 ? '' : 's'} of "${f.source}" cannot be stored in the target's "${f.target}" (${f.type}), for example "${rows[0]!.value}"; ${n === 1 ? 'that value is' : 'those values are'} not copied.`,
      examples: rows.map((row) => ({ key: keyObject(keys, row, 'sk'), value: row.value ?? null })),
    });
  }
  return errors;
}

/** The first rows that would change, old → new for each copied field that changes. */
export async function listChanges(
  client: pg.ClientBase,
  keys: KeyColumn[],
  fields: CopiedField[],
): Promise<RowChange[]> {
  if (!fields.length) return [];
  const keyCols = keys.map((_, i) => `k${i}`);
  // The first rows picked before any value becomes text: the casts run on those rows only.
  const { rows } = await client.query<Record<string, string | boolean | null>>(
    `SELECT ${[
      ...keyCols.map((k) => `${k}::text AS ${k}`),
      ...fields.map((_, j) => `o${j}::text AS o${j}, v${j}::text AS v${j}, c${j}`),
    ].join(', ')}
       FROM (SELECT * FROM ${DIFF} d WHERE ${anyChange(fields, 'd')} ORDER BY ${keyCols.join(', ')} LIMIT ${LISTED}) d
      ORDER BY ${keyCols.join(', ')}`,
  );
  return rows.map((row) => ({
    key: keyObject(keys, row as Record<string, string | null>, 'k'),
    fields: fields.flatMap((f, j) =>
      row[`c${j}`]
        ? [{ column: f.target, old: row[`o${j}`] as string | null, new: row[`v${j}`] as string | null }]
        : [],
    ),
  }));
}

/** Keys of the first source rows that have no match in the target. */
export async function listNotFound(client: pg.ClientBase, keys: KeyColumn[]): Promise<Record<string, string | null>[]> {
  const keyCols = keys.map((_, i) => `d.k${i}`);
  const { rows } = await client.query<Record<string, string | null>>(
    `SELECT ${keyCols.map((k, i) => `${k}::text AS k${i}`).join(', ')} FROM ${DIFF} d
      WHERE NOT d.found ORDER BY ${keyCols.join(', ')} LIMIT ${LISTED}`,
  );
  return rows.map((row) => keyObject(keys, row, 'k'));
}

/**
 * Before-images of the rows about to change: the key, and each field the copy changes in that row,
 * before and after. Only changed fields: a restore then leaves alone the fields it did not touch.
 */
export function imagesSql(
  runId: string,
  schema: string,
  table: string,
  keys: KeyColumn[],
  fields: CopiedField[],
): string {
  const key = jsonObjectSql(keys.map((k, i) => [k.target, `d.k${i}`]));
  // One small object per changed field, joined: cheaper than building every field and deleting most.
  const changed = (value: (j: number) => string) =>
    fields
      .map(
        (f, j) =>
          `CASE WHEN d.c${j} THEN jsonb_build_object(${literal(f.target)}, ${imageValueSql(value(j), f.type)}) ELSE '{}'::jsonb END`,
      )
      .join(' || ');
  return `INSERT INTO ferry.copy_images (run_id, table_schema, table_name, key_values, before, after)
          SELECT ${literal(runId)}, ${literal(schema)}, ${literal(table)}, ${key}, ${changed((j) => `d.o${j}`)}, ${changed((j) => `d.v${j}`)}
            FROM ${DIFF} d WHERE ${anyChange(fields, 'd')}`;
}

export function updateSql(target: string, keys: KeyColumn[], fields: CopiedField[]): string {
  const sets = fields.map(
    (f, j) => `${ident(f.target)} = CASE WHEN d.c${j} THEN d.v${j} ELSE t.${ident(f.target)} END`,
  );
  return `UPDATE ${target} t SET ${sets.join(', ')}
            FROM ${DIFF} d WHERE ${keys.map((k, i) => `t.${ident(k.target)} = d.k${i}`).join(' AND ')} AND (${anyChange(fields, 'd')})`;
}
