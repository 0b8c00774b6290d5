import type { FieldSpec } from '../mapping/document.js';
import { cleanBoolean } from '../clean/boolean.js';
import { isFormulaError } from '../clean/clean-value.js';
import { cleanDate, cleanDateTime } from '../clean/date.js';
import { parseAttachments, parseList } from '../clean/list.js';
import { cleanMoney } from '../clean/money.js';
import { cleanDecimal, cleanInteger, cleanPercent } from '../clean/number.js';
import type { CleanResult, DateOrder, NumberLocale } from '../clean/types.js';

/**
 * Turns one export cell into the text PostgreSQL reads for the field's column (COPY text form
 * before escaping), or null. Bad values give `problem` and null; values changed by a visible rule
 * (allowed-value synonyms, defaults) say which rule. Built once per field, called per cell: it is
 * the hot loop of a sync.
 */
export interface Converted {
  value: string | null;
  problem?: string;
  /** Description of the rule that changed the value, for the report's counts. */
  rule?: string;
  /** The value was kept although it is not an allowed one. */
  kept?: boolean;
  /** `value` in COPY's text form, set by the stager the first time it writes this result (memoised results repeat). */
  copy?: string;
}

export type FieldConverter = (raw: unknown) => Converted;

const NULL: Converted = { value: null };

export function fieldConverter(f: FieldSpec, opts: { dayFirst?: boolean } = {}): FieldConverter {
  const base = typedConverter(f, opts.dayFirst ?? f.dayFirst ?? false);
  const transform = transformChain(f.transforms);
  const allowed = f.allowed && f.allowed.length ? allowedMatcher(f.allowed) : undefined;
  const dflt = f.default === undefined ? undefined : base(String(f.default));
  // What an empty cell becomes: the same for every cell of the column, so worked out once.
  const emptyResult: Converted =
    f.type === 'boolean'
      ? { value: 'f' }
      : dflt?.value != null
        ? { value: dflt.value, rule: `${f.column}: empty → ${String(f.default)} (default)` }
        : NULL;
  const convert: FieldConverter = (raw) => {
    let text = cellText(raw);
    if (text === null) return emptyResult;
    text = cleanText(text);
    if (transform) text = transform(text);
    if (text === '') return emptyResult;
    if (isFormulaError(text))
      return { value: null, problem: `"${text}" is a formula error in the export; the value was left empty.` };
    if (allowed) {
      const hit = allowed(text);
      if (hit === undefined) {
        const c = base(text);
        return {
          ...c,
          kept: true,
          problem: `"${text}" is not one of the allowed values for ${f.column}; it was kept as it is.`,
        };
      }
      if (hit !== text) return { ...base(hit), rule: `${f.column}: "${text}" → "${hit}"` };
      return base(hit);
    }
    return base(text);
  };
  if ((f.type === 'text' || f.type === 'url') && !allowed) return convert;
  // Typed and allowed-value columns repeat the same few cells (prices, dates, sizes): each short
  // cell is converted once and its result reused. The conversion depends on the cell text only.
  const seen = new Map<string, Converted>();
  return (raw) => {
    if (typeof raw !== 'string' || raw.length > MEMO_LENGTH) return convert(raw);
    let r = seen.get(raw);
    if (r === undefined) {
      r = convert(raw);
      if (seen.size < MEMO_SIZE) seen.set(raw, r);
    }
    return r;
  };
}

const MEMO_SIZE = 4096;
const MEMO_LENGTH = 64;

function cellText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (Array.isArray(raw))
    return raw.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : csvItem(String(v)))).join(',');
  return JSON.stringify(raw);
}

function csvItem(s: string): string {
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Control characters, non-breaking spaces and Windows line endings out; the rest as typed. */
function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00a0\r]/.test(s)) {
    s = s
      .replace(/\r\n?/g, '\n')
      .replace(/\u00a0/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  }
  return s;
}

function transformChain(ts: FieldSpec['transforms']): ((s: string) => string) | undefined {
  if (!ts.length) return undefined;
  const fns = ts.map((t) => {
    switch (t) {
      case 'trim':
        return (s: string) => s.trim();
      case 'collapse-spaces':
        return (s: string) => s.replace(/\s+/g, ' ');
      case 'lower':
        return (s: string) => s.toLowerCase();
      case 'upper':
        return (s: string) => s.toUpperCase();
      case 'title':
        return (s: string) => s.toLowerCase().replace(/(^|\s)\p{L}/gu, (m) => m.toUpperCase());
    }
  });
  return (s) => fns.reduce((v, fn) => fn(v), s);
}

function allowedMatcher(allowed: NonNullable<FieldSpec['allowed']>): (s: string) => string | undefined {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const map = new Map<string, string>();
  for (const a of allowed) {
    map.set(norm(a.value), a.value);
    for (const syn of a.synonyms) map.set(norm(syn), a.value);
  }
  return (s) => map.get(norm(s));
}

function typedConverter(f: FieldSpec, dayFirst: boolean): (s: string) => Converted {
  const locale: NumberLocale | undefined = f.decimalComma ? 'comma' : undefined;
  const order: DateOrder = dayFirst ? 'dmy' : 'mdy';
  // One set of cleaners for the whole app (core/clean); here their values become COPY text.
  const taken = <V>(r: CleanResult<V | null>, text: (v: V) => string | null): Converted =>
    r.value === null || r.value === undefined
      ? r.problem
        ? { value: null, problem: `${r.problem.replace(/\.?$/, '.')} The value was left empty.` }
        : NULL
      : { value: text(r.value as V) };
  switch (f.type) {
    case 'text':
    case 'url':
      return (s) => ({ value: s });
    case 'integer':
      return (s) => taken(cleanInteger(s, locale), (v) => v);
    case 'percent':
      // A fraction (5.00% → 0.0500), as core/clean documents; a bare 0.4 already is one.
      return (s) => taken(cleanPercent(s, locale), (v) => v);
    case 'decimal':
      return (s) => taken(cleanDecimal(s, locale), (v) => v);
    case 'money':
      return (s) => taken(cleanMoney(s, locale), (v) => v.amount);
    case 'boolean':
      return (s) => taken(cleanBoolean(s), (v) => (v ? 't' : 'f'));
    case 'date':
      return (s) => taken(cleanDate(s, order), (v) => v);
    case 'datetime':
      return (s) => taken(cleanDateTime(s, order), (v) => v);
    case 'list':
      return (s) => {
        const items = parseList(s);
        return { value: items.length ? pgArray(items) : null };
      };
    case 'attachments':
      return (s) => {
        const items = parseAttachments(s);
        if (!items)
          return {
            value: JSON.stringify([{ name: s }]),
            problem: `"${s.slice(0, 80)}" does not look like attachments (name (url)); it was kept as a name.`,
          };
        return { value: items.length ? JSON.stringify(items) : null };
      };
  }
}

/** A PostgreSQL array literal of text items. */
export function pgArray(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Which order a column's slashed dates are in, from the evidence: a first number above 12 means
 * day first, a second number above 12 means month first. Undefined when nothing settles it.
 */
export function dateOrderEvidence(values: Iterable<string>): { dayFirst?: boolean; conflicting: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(v);
    if (!m) continue;
    if (+m[1] > 12) dayFirst = true;
    if (+m[2] > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return { conflicting: true };
  return { dayFirst: dayFirst ? true : monthFirst ? false : undefined, conflicting: false };
}
