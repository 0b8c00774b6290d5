import type pg from 'pg';
import type { Progress } from '../api/define.js';
import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { TableSpec } from '../mapping/document.js';
import { pgTypeFor } from '../target/column-types.js';
import { copyField, CopyWriter } from '../target/copy-text.js';
import { analyzeTempSql, ident } from '../target/sql.js';
import { dateOrderEvidence, fieldConverter, pgArray, type FieldConverter } from './field-value.js';
import { parseList } from '../clean/list.js';
import type { ProblemLog } from './problems.js';
import { rowBatches, type PlanSource } from './source-rows.js';

/** How one mapped table's export rows sit in its session-local staging table. */
export interface StagedTable {
  index: number;
  spec: TableSpec;
  /** Temp table name (Ferry-made, safe). */
  stage: string;
  source: PlanSource;
  /** Fields and links whose export column exists; the others are "not provided" and left alone. */
  provided: Set<string>;
  notProvided: string[];
  /** Export columns nobody mapped, kept in `extra`. */
  extraHeaders: string[];
  rows: number;
  skipped: number;
  /** Keys staged more than once (as `_key` text): the only ones the duplicate ranking has to look at. */
  duplicateKeys: string[];
}

const PRESCAN_ROWS = 5000;

/**
 * Streams one source table through the field converters into a TEMP staging table with COPY:
 * the row number, the business key (as JSON text), one typed column per provided field, the
 * link names as text[], and the unmapped columns as jsonb. Rows without a key are reported, not staged.
 */
export async function stageTable(
  client: pg.ClientBase,
  index: number,
  spec: TableSpec,
  source: PlanSource,
  log: ProblemLog,
  opts: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<StagedTable> {
  const stage = `ferry_stage_${index}`;
  const col = new Map(source.columns.map((c, i) => [c, i]));
  const fields = spec.fields
    .map((f) => ({ f, at: f.source.map((s) => col.get(s)).filter((i): i is number => i !== undefined) }))
    .filter((x) => x.at.length > 0);
  const links = spec.links.map((l, li) => ({ l, li, at: col.get(l.source) })).filter((x) => x.at !== undefined);
  const provided = new Set([...fields.map((x) => x.f.column), ...links.map((x) => x.l.column)]);
  const notProvided = [...spec.fields.map((f) => f.column), ...spec.links.map((l) => l.column)].filter(
    (c) => !provided.has(c),
  );
  const used = new Set([...fields.flatMap((x) => x.at), ...links.map((x) => x.at!)]);
  const extraAt = spec.keepExtra ? source.columns.map((_, i) => i).filter((i) => !used.has(i)) : [];
  const extraHeaders = extraAt.map((i) => source.columns[i]);
  for (const k of spec.key) {
    if (!provided.has(k)) {
      throw new FerryError(
        'key-missing',
        `"${source.file}" has no column for "${k}", which identifies rows of "${spec.name}". Map a column to it, or choose another key.`,
      );
    }
  }
  for (const c of notProvided) {
    log.add({
      file: source.file,
      table: spec.name,
      column: c,
      reason: `The export has no column for "${c}": existing values are left as they are.`,
      stage: 'map',
      action: 'kept',
    });
  }

  const dayFirst = await decideDateOrder(spec, source, fields, log, opts.signal);
  const converters: { column: string; at: number[]; conv: FieldConverter; required: boolean }[] = fields.map((x) => ({
    column: x.f.column,
    at: x.at,
    conv: fieldConverter(x.f, { dayFirst: dayFirst.get(x.f.column) }),
    required: x.f.required,
  }));
  const keyParts = spec.key.map((k) => {
    const fi = converters.findIndex((c) => c.column === k);
    return fi >= 0
      ? ({ kind: 'field', i: fi } as const)
      : ({ kind: 'link', i: links.findIndex((x) => x.l.column === k) } as const);
  });

  const columnsSql = [
    '_row integer',
    '_key text',
    ...converters.map((c) => `${ident(c.column)} ${pgTypeFor(spec.fields.find((f) => f.column === c.column)!.type)}`),
    // The first name and whether the cell names several records, for classify's joins (cheaper than array functions per row).
    ...links.flatMap((x) => [`_l${x.li} text[]`, `_f${x.li} text`, `_m${x.li} boolean`]),
    '_extra jsonb',
  ];
  await client.query(`DROP TABLE IF EXISTS ${stage}`);
  await client.query(`CREATE TEMP TABLE ${stage} (${columnsSql.join(', ')})`);
  const writer = new CopyWriter(client, `COPY ${stage} FROM STDIN`);
  const staged: StagedTable = {
    index,
    spec,
    stage,
    source,
    provided,
    notProvided,
    extraHeaders,
    rows: 0,
    skipped: 0,
    duplicateKeys: [],
  };
  // Every staged key, to find the duplicates while reading instead of grouping a million keys in SQL.
  const keysSeen = new Set<string>();
  const duplicates = new Set<string>();
  const file = source.file;
  const table = spec.name;
  const message = `Reading ${file}`;
  // Reused for every row (nothing keeps them past the row): a first sync stages millions of rows.
  const out: string[] = new Array(converters.length);
  const key: (string | null)[] = new Array(converters.length);
  const linkOut: string[] = new Array(links.length);
  const linkNames: string[][] = new Array(links.length);
  const linkMore: string[] = new Array(links.length);
  const keyValues: (string | null)[] = new Array(keyParts.length);
  const noNames: string[] = [];
  const linkSeen = links.map(() => new Map<string, { names: string[]; text: string; more: string }>());
  const extraKeys = extraAt.map((i) => `${JSON.stringify(source.columns[i])}:`);
  let n = 0;
  try {
    for await (const batch of rowBatches(source, {
      signal: opts.signal,
      onProblem: (p) => log.add({ ...p, table }),
    }))
      for (const { row, values } of batch) {
        let reject: string | undefined;
        for (let c = 0; c < converters.length; c++) {
          const conv = converters[c];
          let raw: unknown = values[conv.at[0]];
          for (let a = 1; a < conv.at.length && (raw === null || raw === undefined || raw === ''); a++)
            raw = values[conv.at[a]];
          const r = conv.conv(raw);
          if (r.problem) {
            log.add({
              file,
              table,
              row,
              column: conv.column,
              value: rawText(raw),
              reason: r.problem,
              stage: 'clean',
              action: r.kept ? 'kept' : 'emptied',
            });
          }
          if (r.rule) log.rule(r.rule, table, conv.column, rawText(raw) ?? '', r.value);
          if (r.value === null && conv.required) reject ??= `"${conv.column}" is required but empty`;
          out[c] = r.copy ??= copyField(r.value);
          key[c] = r.value;
        }
        for (let k = 0; k < links.length; k++) {
          const raw = values[links[k].at!];
          // A link cell names a parent, and the same few names repeat: each short cell is parsed once.
          const memo = typeof raw === 'string' && raw.length <= 64 ? linkSeen[k] : undefined;
          const hit = memo?.get(raw as string);
          if (hit) {
            linkNames[k] = hit.names;
            linkOut[k] = hit.text;
            linkMore[k] = hit.more;
            continue;
          }
          const names =
            raw === null || raw === undefined || raw === ''
              ? noNames
              : Array.isArray(raw)
                ? raw.map(String)
                : parseList(String(raw));
          linkNames[k] = names;
          linkOut[k] = copyField(names.length ? pgArray(names) : null);
          linkMore[k] =
            `\t${copyField(names.length ? names[0] : null)}\t${names.length > 1 && new Set(names).size > 1 ? 't' : 'f'}`;
          if (memo && memo.size < 4096) memo.set(raw as string, { names, text: linkOut[k], more: linkMore[k] });
        }
        let keyMissing = false;
        for (let k = 0; k < keyParts.length; k++) {
          const p = keyParts[k];
          const v = p.kind === 'field' ? key[p.i] : (linkNames[p.i]?.[0] ?? null);
          keyValues[k] = v;
          if (v === null || v === undefined) keyMissing = true;
        }
        if (keyMissing)
          reject ??= `it has no value for ${spec.key.map((k) => `"${k}"`).join(' + ')}, which identifies rows`;
        if (!reject && isPlaceholder(keyValues, out, linkOut))
          reject = 'it looks like a placeholder or test row (only a key such as "test")';
        if (reject) {
          staged.skipped++;
          log.add({ file, table, row, reason: `Row skipped: ${reject}.`, stage: 'map', action: 'skipped' });
          continue;
        }
        let extra: string | null = null;
        if (extraAt.length) {
          // What JSON.stringify of {header: value} gives, without making the object per row.
          for (let e = 0; e < extraAt.length; e++) {
            const v = values[extraAt[e]];
            if (v === null || v === undefined || v === '') continue;
            const member = extraKeys[e] + JSON.stringify(v instanceof Date ? v.toISOString() : v);
            extra = extra === null ? `{${member}` : `${extra},${member}`;
          }
          if (extra !== null) extra += '}';
        }
        const keyText = JSON.stringify(keyValues);
        if (keysSeen.has(keyText)) duplicates.add(keyText);
        else keysSeen.add(keyText);
        let line = `${row}\t${copyField(keyText)}`;
        if (out.length) line += `\t${out.join('\t')}`;
        for (let k = 0; k < links.length; k++) line += `\t${linkOut[k]}${linkMore[k]}`;
        line += `\t${copyField(extra)}`;
        if (writer.line(line)) await writer.flush();
        staged.rows++;
        if (++n % 4096 === 0) {
          throwIfCancelled(opts.signal);
          opts.progress({ stage: 'read', message, done: n, unit: 'rows' });
        }
      }
    throwIfCancelled(opts.signal);
    await writer.end();
  } catch (err) {
    writer.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  staged.duplicateKeys = [...duplicates];
  opts.progress({ stage: 'read', message, done: n, unit: 'rows' });
  // Temp tables are never analysed automatically; the planner needs row counts for good joins.
  await client.query(analyzeTempSql(stage, ['_row', '_key']));
  return staged;
}

const PLACEHOLDER = /^(test|testing|placeholder|sample|example|tbd|todo|dummy|delete me|x+|-+|\?+|\.+)$/i;

/** A row whose only value is a key like "test" is a leftover, not a record. */
function isPlaceholder(key: unknown[], fields: string[], links: string[]): boolean {
  if (key.length !== 1 || typeof key[0] !== 'string' || !PLACEHOLDER.test(key[0].trim())) return false;
  let filled = 0;
  for (const v of fields) if (v !== '\\N' && v !== 'f') filled++;
  for (const v of links) if (v !== '\\N') filled++;
  return filled <= 1;
}

function rawText(raw: unknown): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const s =
    typeof raw === 'string'
      ? raw
      : raw instanceof Date
        ? raw.toISOString()
        : typeof raw === 'object'
          ? JSON.stringify(raw)
          : String(raw);
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

/** Day or month first, per date column without a setting: decided from the first rows, and said in the report. */
async function decideDateOrder(
  spec: TableSpec,
  source: PlanSource,
  fields: { f: TableSpec['fields'][number]; at: number[] }[],
  log: ProblemLog,
  signal: AbortSignal,
): Promise<Map<string, boolean>> {
  const undecided = fields.filter(
    (x) => (x.f.type === 'date' || x.f.type === 'datetime') && x.f.dayFirst === undefined,
  );
  const out = new Map<string, boolean>();
  if (!undecided.length) return out;
  const samples = new Map<string, string[]>(undecided.map((x) => [x.f.column, []]));
  let n = 0;
  for await (const { values } of source.rows({ signal })) {
    for (const x of undecided) {
      const v = values[x.at[0]];
      if (typeof v === 'string' && v) samples.get(x.f.column)!.push(v);
    }
    if (++n >= PRESCAN_ROWS) break;
  }
  for (const x of undecided) {
    const ev = dateOrderEvidence(samples.get(x.f.column)!);
    out.set(x.f.column, ev.dayFirst ?? false);
    if (ev.dayFirst) {
      log.add({
        file: source.file,
        table: spec.name,
        column: x.f.column,
        reason: `Dates in "${x.f.column}" are read day first (a first number above 12 settles it).`,
        stage: 'clean',
        action: 'kept',
      });
    } else if (ev.conflicting) {
      log.add({
        file: source.file,
        table: spec.name,
        column: x.f.column,
        reason: `Dates in "${x.f.column}" mix day-first and month-first; they are read month first. Set the order in the mapping if that is wrong.`,
        stage: 'clean',
        action: 'kept',
      });
    }
  }
  return out;
}
