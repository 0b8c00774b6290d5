import type pg from 'pg';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import { introspectTable } from '../target/managed-table.js';
import { ident, literal, qualified } from '../target/sql.js';
import type { RestoreConflict, RestoreTableCounts } from './types.js';

/**
 * Copy runs (core/compare) change chosen fields of rows found by a key, in tables Ferry may not
 * manage (no `id`, no row hash). Their before-images are kept apart from `ferry.row_images`: the
 * key, and each copied field before and after, so a restore puts the fields back and can tell a
 * field edited since (its value is no longer what the copy wrote).
 */
export const COPY_IMAGES_SQL = [
  `CREATE TABLE IF NOT EXISTS ferry.copy_images (
     run_id text NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY, table_schema text NOT NULL, table_name text NOT NULL,
     key_values jsonb NOT NULL, before jsonb NOT NULL, after jsonb NOT NULL, PRIMARY KEY (run_id, seq))`,
];

/**
 * A value as an image holds it. json and jsonb are kept as their text (a JSON string): stored as
 * themselves, a JSON null could not be told from an SQL NULL.
 */
export function imageValueSql(ref: string, type: string): string {
  return /^jsonb?$/.test(type) ? `to_jsonb((${ref})::text)` : ref;
}

/** `jsonb_build_object` takes at most 100 arguments: 50 pairs per call, joined with `||`. */
export function jsonObjectSql(pairs: [string, string][]): string {
  if (!pairs.length) return `'{}'::jsonb`;
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) {
    parts.push(
      `jsonb_build_object(${pairs
        .slice(i, i + 50)
        .map(([k, v]) => `${literal(k)}, ${v}`)
        .join(', ')})`,
    );
  }
  return parts.join(' || ');
}

export interface FieldUndo {
  /** Per table: rows put back (`revert`) and rows edited or deleted since (`conflict`). */
  tables: Record<string, RestoreTableCounts & { schema: string }>;
  checked: number;
  matched: number;
  /** The first fields edited since their copy (or whose row is gone), as the copy's key finds them. */
  conflicts: RestoreConflict[];
}

/** Copy conflicts listed one by one; `tables[…].conflict` counts them all. */
const CONFLICTS_LISTED = 200;

export interface FieldUndoOptions {
  policy: 'skip' | 'overwrite';
  /** When applying: this restore's own images go under its run id, so it can be undone in turn. */
  restoreRunId?: string;
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

/**
 * Puts back the fields written by the runs in `undo` (newest first), one run at a time so a field
 * two copies changed ends as it was before the older one. Writes to the target: the preview runs
 * it in a transaction it rolls back.
 */
export async function undoFieldImages(
  client: pg.ClientBase,
  undo: string[],
  opts: FieldUndoOptions,
): Promise<FieldUndo> {
  const out: FieldUndo = { tables: {}, checked: 0, matched: 0, conflicts: [] };
  const has = await client.query<{ t: string | null }>(`SELECT to_regclass('ferry.copy_images')::text AS t`);
  if (!has.rows[0]?.t || undo.length === 0) return out;
  const { rows: groups } = await client.query<{
    run_id: string;
    table_schema: string;
    table_name: string;
    key_values: Record<string, unknown>;
    after: Record<string, unknown>;
  }>(
    `SELECT DISTINCT ON (i.run_id, i.table_schema, i.table_name) i.run_id, i.table_schema, i.table_name, i.key_values, i.after
       FROM ferry.copy_images i WHERE i.run_id = ANY($1::text[])
      ORDER BY i.run_id, i.table_schema, i.table_name, i.seq`,
    [undo],
  );
  if (!groups.length) return out;
  // Images hold values as jsonb, whose text of moments and intervals follows these settings.
  await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL IntervalStyle = 'postgres'`);
  const order = new Map(undo.map((id, i) => [id, i]));
  groups.sort((a, b) => order.get(a.run_id)! - order.get(b.run_id)!);
  for (const [n, g] of groups.entries()) {
    throwIfCancelled(opts.signal);
    opts.progress({ stage: 'restore', message: `Putting back the copied fields of ${g.table_name}` });
    const counts = await undoOne(client, g, `ferry_field_undo_${n}`, opts, out.conflicts);
    const sum = (out.tables[g.table_name] ??= {
      schema: g.table_schema,
      remove: 0,
      revert: 0,
      reinsert: 0,
      conflict: 0,
    });
    sum.revert += counts.revert;
    sum.conflict += counts.conflict;
    out.checked += counts.revert;
    out.matched += counts.matched;
  }
  return out;
}

async function undoOne(
  client: pg.ClientBase,
  g: { run_id: string; table_schema: string; table_name: string; key_values: object; after: object },
  work: string,
  opts: FieldUndoOptions,
  conflicts: RestoreConflict[],
): Promise<{ revert: number; conflict: number; matched: number }> {
  const target = qualified(g.table_schema, g.table_name);
  const keys = Object.keys(g.key_values);
  // Each image holds only the fields its copy changed in that row.
  const { rows: named } = await client.query<{ f: string }>(
    `SELECT DISTINCT jsonb_object_keys(after) AS f FROM ferry.copy_images
      WHERE run_id = $1 AND table_schema = $2 AND table_name = $3 ORDER BY 1`,
    [g.run_id, g.table_schema, g.table_name],
  );
  const fields = named.map((r) => r.f);
  const typeOf = new Map(
    ((await introspectTable(client, g.table_schema, g.table_name)) ?? []).map((c) => [c.name, c.type]),
  );
  const now = jsonObjectSql(fields.map((f) => [f, imageValueSql(`x.${ident(f)}`, typeOf.get(f) ?? '')]));
  const restored = (f: string) =>
    /^jsonb?$/.test(typeOf.get(f) ?? '') ? `(w.before ->> ${literal(f)})::${typeOf.get(f)}` : `(w.b).${ident(f)}`;
  const keyMatch = (alias: string) => keys.map((k) => `x.${ident(k)} = (${alias}.kr).${ident(k)}`).join(' AND ');
  try {
    await client.query(
      `CREATE TEMP TABLE ${work} ON COMMIT DROP AS
       SELECT i.kr, i.key_values, i.before, i.after,
              x.${ident(keys[0]!)} IS NOT NULL AS present, ${now} AS now,
              (x.${ident(keys[0]!)} IS NULL OR NOT (${now}) @> i.after) AS conflict
         FROM (SELECT jsonb_populate_record(NULL::${target}, key_values) AS kr, key_values, before, after
                 FROM ferry.copy_images WHERE run_id = $1 AND table_schema = $2 AND table_name = $3) i
         LEFT JOIN ${target} x ON ${keyMatch('i')}`,
      [g.run_id, g.table_schema, g.table_name],
    );
  } catch (err) {
    const e = err as { code?: string };
    if (e.code === '42P01' || e.code === '42703') {
      throw new FerryError(
        'table-changed',
        `The table "${g.table_name}" that a copy wrote to is gone or has lost some of its columns, so its fields cannot be put back. Nothing was written.`,
      );
    }
    throw err;
  }
  const act = (a: string) => `${a}.present AND ${opts.policy === 'overwrite' ? 'true' : `NOT ${a}.conflict`}`;
  const { rows } = await client.query<{ revert: number; conflict: number }>(
    `SELECT count(*) FILTER (WHERE ${act('w')})::int AS revert, count(*) FILTER (WHERE w.conflict)::int AS conflict
       FROM ${work} w`,
  );
  const counts = rows[0]!;
  // Listed for the preview only (a restore that writes has its own run id): the restore itself does not show them.
  if (opts.restoreRunId === undefined && counts.conflict > 0 && conflicts.length < CONFLICTS_LISTED) {
    // Before anything is written: `now` is the value found, `before` what a restore would put back.
    const { rows: edited } = await client.query<{
      key_values: Record<string, unknown>;
      present: boolean;
      now: Record<string, unknown>;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }>(
      `SELECT key_values, present, now, before, after FROM ${work} WHERE conflict ORDER BY key_values::text LIMIT ${CONFLICTS_LISTED - conflicts.length}`,
    );
    for (const r of edited) {
      const changed = Object.keys(r.after).filter(
        (f) => !r.present || JSON.stringify(r.now?.[f] ?? null) !== JSON.stringify(r.after[f] ?? null),
      );
      conflicts.push({
        table: g.table_name,
        key: r.key_values,
        fields: changed.map((f) => ({
          column: f,
          now: r.present ? (r.now?.[f] ?? null) : null,
          restored: r.before[f] ?? null,
        })),
      });
    }
  }
  if (counts.revert === 0) return { ...counts, matched: 0 };
  if (opts.restoreRunId !== undefined) {
    await client.query(
      `INSERT INTO ferry.copy_images (run_id, table_schema, table_name, key_values, before, after)
       SELECT $1, $2, $3, w.key_values, (SELECT jsonb_object_agg(k, w.now -> k) FROM jsonb_object_keys(w.before) k), w.before
         FROM ${work} w WHERE ${act('w')}`,
      [opts.restoreRunId, g.table_schema, g.table_name],
    );
  }
  // Also in a preview (rolled back): an older copy of the same fields is then judged against these values.
  const updated = await client.query(
    `UPDATE ${target} x SET ${fields
      .map((f) => `${ident(f)} = CASE WHEN w.before ? ${literal(f)} THEN ${restored(f)} ELSE x.${ident(f)} END`)
      .join(', ')}
       FROM (SELECT w.kr, w.before, jsonb_populate_record(NULL::${target}, w.before) AS b FROM ${work} w WHERE ${act('w')}) w
      WHERE ${keyMatch('w')}`,
  );
  const check = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${work} w JOIN ${target} x ON ${keyMatch('w')} WHERE ${act('w')} AND (${now}) @> w.before`,
  );
  return { ...counts, matched: Math.min(check.rows[0]!.n, updated.rowCount ?? 0) };
}
