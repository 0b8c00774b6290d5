import type { TableSpec } from '../mapping/document.js';
import { parseList } from '../clean/list.js';
import { pgTypeFor } from '../target/column-types.js';
import { copyField } from '../target/copy-text.js';
import { ident } from '../target/sql.js';
import { fieldConverter, pgArray, type FieldConverter } from './field-value.js';
import type { ProblemLog } from './problems.js';

/** Which export columns feed which parts of a table's staging row. Depends on the spec and the headers only. */
export interface StageLayout {
  fields: { f: TableSpec['fields'][number]; at: number[] }[];
  links: { l: TableSpec['links'][number]; li: number; at: number }[];
  /** Fields and links whose export column exists; the others are "not provided" and left alone. */
  provided: Set<string>;
  notProvided: string[];
  extraAt: number[];
  /** Export columns nobody mapped, kept in `extra`. */
  extraHeaders: string[];
  /** The staging table's columns: row, key, one per provided field, three per link, extra. */
  columnsSql: string[];
}

export function stageLayout(spec: TableSpec, columns: string[]): StageLayout {
  const col = new Map(columns.map((c, i) => [c, i]));
  const fields = spec.fields
    .map((f) => ({ f, at: f.source.map((s) => col.get(s)).filter((i): i is number => i !== undefined) }))
    .filter((x) => x.at.length > 0);
  const links = spec.links
    .map((l, li) => ({ l, li, at: col.get(l.source) }))
    .filter((x): x is { l: (typeof spec.links)[number]; li: number; at: number } => x.at !== undefined);
  const provided = new Set([...fields.map((x) => x.f.column), ...links.map((x) => x.l.column)]);
  const notProvided = [...spec.fields.map((f) => f.column), ...spec.links.map((l) => l.column)].filter(
    (c) => !provided.has(c),
  );
  const used = new Set([...fields.flatMap((x) => x.at), ...links.map((x) => x.at)]);
  const extraAt = spec.keepExtra ? columns.map((_, i) => i).filter((i) => !used.has(i)) : [];
  const columnsSql = [
    '_row integer',
    '_key text',
    ...fields.map((x) => `${ident(x.f.column)} ${pgTypeFor(x.f.type)}`),
    // The first name and whether the cell names several records, for classify's joins (cheaper than array functions per row).
    ...links.flatMap((x) => [`_l${x.li} text[]`, `_f${x.li} text`, `_m${x.li} boolean`]),
    '_extra jsonb',
  ];
  return { fields, links, provided, notProvided, extraAt, extraHeaders: extraAt.map((i) => columns[i]), columnsSql };
}

const PLACEHOLDER = /^(test|testing|placeholder|sample|example|tbd|todo|dummy|delete me|x+|-+|\?+|\.+)$/i;

/**
 * Turns one export row into one line of COPY text for the staging table: the row number, the
 * business key (as JSON text), one typed value per provided field, the link names, and the
 * unmapped columns as JSON. A row it does not take (no key, a required value missing, a
 * placeholder) gives no line and a problem. Holds per-column memos, so one stager serves one
 * pass over a table (or one part of it).
 */
export class RowStager {
  /** The JSON key text of the last row taken. */
  key = '';
  /** The last row's unmapped columns as JSON text (null: none), as written to `extra`. */
  extra: string | null = null;
  skipped = 0;
  private readonly converters: { column: string; at: number[]; conv: FieldConverter; required: boolean }[];
  private readonly keyParts: { kind: 'field' | 'link'; i: number }[];
  // Reused for every row (nothing keeps them past the row): a first sync stages millions of rows.
  /** The last row's fields in COPY text, in `layout.fields` order. */
  readonly out: string[];
  private readonly keyCells: (string | null)[];
  private readonly linkOut: string[];
  /** The last row's names in each link cell of `layout.links` (empty: none). */
  readonly linkNames: string[][];
  private readonly linkMore: string[];
  private readonly keyValues: (string | null)[];
  private readonly linkSeen: Map<string, { names: string[]; text: string; more: string }>[];
  private readonly extraKeys: string[];
  private readonly noKeyReason: string;

  constructor(
    private readonly spec: TableSpec,
    columns: string[],
    private readonly layout: StageLayout,
    dayFirst: ReadonlyMap<string, boolean>,
    private readonly file: string,
    private readonly log: ProblemLog,
  ) {
    this.converters = layout.fields.map((x) => ({
      column: x.f.column,
      at: x.at,
      conv: fieldConverter(x.f, { dayFirst: dayFirst.get(x.f.column) }),
      required: x.f.required,
    }));
    this.keyParts = spec.key.map((k) => {
      const fi = this.converters.findIndex((c) => c.column === k);
      return fi >= 0
        ? ({ kind: 'field', i: fi } as const)
        : ({ kind: 'link', i: layout.links.findIndex((x) => x.l.column === k) } as const);
    });
    this.out = new Array(this.converters.length);
    this.keyCells = new Array(this.converters.length);
    this.linkOut = new Array(layout.links.length);
    this.linkNames = new Array(layout.links.length);
    this.linkMore = new Array(layout.links.length);
    this.keyValues = new Array(this.keyParts.length);
    this.linkSeen = layout.links.map(() => new Map());
    this.extraKeys = layout.extraAt.map((i) => `${JSON.stringify(columns[i])}:`);
    this.noKeyReason = `it has no value for ${spec.key.map((k) => `"${k}"`).join(' + ')}, which identifies rows`;
  }

  /** The row's COPY line, or undefined when the row is not taken. */
  stage(row: number, values: readonly unknown[]): string | undefined {
    if (!this.take(row, values)) return undefined;
    const links = this.layout.links;
    let line = `${row}\t${copyField(this.key)}`;
    if (this.out.length) line += `\t${this.out.join('\t')}`;
    for (let k = 0; k < links.length; k++) line += `\t${this.linkOut[k]}${this.linkMore[k]}`;
    line += `\t${copyField(this.extra)}`;
    return line;
  }

  /**
   * Cleans one row into `out`, `linkNames`, `extra` and `key`, which hold it until the next call;
   * false (and a problem) when the row is not taken.
   */
  take(row: number, values: readonly unknown[]): boolean {
    const { converters, out, keyCells, linkOut, linkNames, linkMore, keyValues, file, log } = this;
    const links = this.layout.links;
    const table = this.spec.name;
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
      keyCells[c] = r.value;
    }
    for (let k = 0; k < links.length; k++) {
      const raw = values[links[k].at];
      // A link cell names a parent, and the same few names repeat: each short cell is parsed once.
      const memo = typeof raw === 'string' && raw.length <= 64 ? this.linkSeen[k] : undefined;
      const hit = memo?.get(raw as string);
      if (hit) {
        linkNames[k] = hit.names;
        linkOut[k] = hit.text;
        linkMore[k] = hit.more;
        continue;
      }
      const names =
        raw === null || raw === undefined || raw === ''
          ? NO_NAMES
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
    for (let k = 0; k < this.keyParts.length; k++) {
      const p = this.keyParts[k];
      const v = p.kind === 'field' ? keyCells[p.i] : (linkNames[p.i]?.[0] ?? null);
      keyValues[k] = v;
      if (v === null || v === undefined) keyMissing = true;
    }
    if (keyMissing) reject ??= this.noKeyReason;
    if (!reject && isPlaceholder(keyValues, out, linkOut))
      reject = 'it looks like a placeholder or test row (only a key such as "test")';
    if (reject) {
      this.skipped++;
      log.add({ file, table, row, reason: `Row skipped: ${reject}.`, stage: 'map', action: 'skipped' });
      return false;
    }
    let extra: string | null = null;
    const extraAt = this.layout.extraAt;
    if (extraAt.length) {
      // What JSON.stringify of {header: value} gives, without making the object per row.
      for (let e = 0; e < extraAt.length; e++) {
        const v = values[extraAt[e]];
        if (v === null || v === undefined || v === '') continue;
        const member = this.extraKeys[e] + JSON.stringify(v instanceof Date ? v.toISOString() : v);
        extra = extra === null ? `{${member}` : `${extra},${member}`;
      }
      if (extra !== null) extra += '}';
    }
    this.extra = extra;
    this.key = JSON.stringify(keyValues);
    return true;
  }
}

const NO_NAMES: string[] = [];

/** A row whose only value is a key like "test" is a leftover, not a record. */
function isPlaceholder(key: unknown[], fields: string[], links: string[]): boolean {
  if (key.length !== 1 || typeof key[0] !== 'string' || !PLACEHOLDER.test(key[0].trim())) return false;
  let filled = 0;
  for (const v of fields) if (v !== '\\N' && v !== 'f') filled++;
  for (const v of links) if (v !== '\\N') filled++;
  return filled <= 1;
}

export function rawText(raw: unknown): string | undefined {
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
