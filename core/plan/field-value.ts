import type { FieldSpec } from '../mapping/document.js';
import { parseAttachments, parseList } from '../clean/list.js';

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
}

export type FieldConverter = (raw: unknown) => Converted;

const FORMULA_ERRORS = new Set([
  '#ERROR!',
  '#ERROR',
  'NaN',
  '#N/A',
  '#VALUE!',
  '#DIV/0!',
  '#REF!',
  '#NAME?',
  'Infinity',
  '-Infinity',
]);
const TRUE = new Set(['checked', 'true', 'yes', 'y', '1', 'x', '✓', '✔', 'on']);
const FALSE = new Set(['', 'unchecked', 'false', 'no', 'n', '0', 'off']);
const NULL: Converted = { value: null };

export function fieldConverter(f: FieldSpec, opts: { dayFirst?: boolean } = {}): FieldConverter {
  const base = typedConverter(f, opts.dayFirst ?? f.dayFirst ?? false);
  const transform = transformChain(f.transforms);
  const allowed = f.allowed && f.allowed.length ? allowedMatcher(f.allowed) : undefined;
  const dflt = f.default === undefined ? undefined : base(String(f.default));
  return (raw) => {
    let text = cellText(raw);
    if (text === null)
      return f.type === 'boolean'
        ? { value: 'f' }
        : dflt?.value != null
          ? { value: dflt.value, rule: `${f.column}: empty → ${String(f.default)} (default)` }
          : NULL;
    text = cleanText(text);
    if (transform) text = transform(text);
    if (text === '') {
      if (f.type === 'boolean') return { value: 'f' };
      return dflt?.value != null
        ? { value: dflt.value, rule: `${f.column}: empty → ${String(f.default)} (default)` }
        : NULL;
    }
    if (FORMULA_ERRORS.has(text))
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
}

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
  switch (f.type) {
    case 'text':
    case 'url':
      return (s) => ({ value: s });
    case 'integer':
      return (s) => {
        const n = parseNumber(s, f.decimalComma ?? false);
        if (n === undefined) return { value: null, problem: `"${s}" is not a whole number; the value was left empty.` };
        if (!/^-?\d+$/.test(n)) {
          const r = Number(n);
          if (Number.isInteger(r) && Math.abs(r) < 2 ** 53) return { value: String(r) };
          return { value: null, problem: `"${s}" is not a whole number; the value was left empty.` };
        }
        return { value: n.replace(/^(-?)0+(?=\d)/, '$1') };
      };
    case 'percent':
      // Stored as a fraction (5.00% → 0.0500), as core/clean documents; a bare 0.4 already is one.
      return (s) => {
        const n = parseNumber(s, f.decimalComma ?? false);
        if (n === undefined) return { value: null, problem: `"${s}" is not a percentage; the value was left empty.` };
        return { value: s.includes('%') ? shiftDecimal(n, -2) : n };
      };
    case 'decimal':
    case 'money':
      return (s) => {
        const n = parseNumber(s, f.decimalComma ?? false);
        if (n === undefined) return { value: null, problem: `"${s}" is not a number; the value was left empty.` };
        return { value: n };
      };
    case 'boolean':
      return (s) => {
        const k = s.trim().toLowerCase();
        if (TRUE.has(k)) return { value: 't' };
        if (FALSE.has(k)) return { value: 'f' };
        return { value: null, problem: `"${s}" is neither checked nor unchecked; the value was left empty.` };
      };
    case 'date':
      return (s) => {
        const d = parseDate(s, dayFirst);
        if (!d) return { value: null, problem: `"${s}" is not a date Ferry can read; the value was left empty.` };
        return { value: d.date };
      };
    case 'datetime':
      return (s) => {
        const d = parseDate(s, dayFirst);
        if (!d)
          return { value: null, problem: `"${s}" is not a date and time Ferry can read; the value was left empty.` };
        return { value: `${d.date} ${d.time ?? '00:00:00'}+00` };
      };
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

/**
 * `$1,323.25`, `-€743010.80`, `5.00%`, `(1,200)`, `GBP 12`, `1.5e3`: the plain number as text.
 * With `decimalComma`, `1.234,56` and `1,25` are read the European way.
 */
export function parseNumber(raw: string, decimalComma: boolean): string | undefined {
  let s = raw.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, '').replace(/[$€£¥%\s]/g, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).replace(/^[$€£¥]/, '');
  } else if (s.startsWith('+')) s = s.slice(1);
  if (decimalComma) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  if (/e/i.test(s)) {
    const n = Number(s);
    if (!Number.isFinite(n)) return undefined;
    s = String(n);
  }
  s = s.replace(/^0+(?=\d)/, '');
  if (s.startsWith('.')) s = `0${s}`;
  if (s.endsWith('.')) s = s.slice(0, -1);
  return negative && !/^0(\.0*)?$/.test(s) ? `-${s}` : s;
}

/** Moves the decimal point of a plain decimal string (`-2`: divide by 100), exactly. */
export function shiftDecimal(n: string, places: number): string {
  const negative = n.startsWith('-');
  const [int, frac = ''] = (negative ? n.slice(1) : n).split('.');
  let digits = int + frac;
  let point = int.length + places;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  while (digits.length < point) digits += '0';
  const out = `${digits.slice(0, point).replace(/^0+(?=\d)/, '')}${point < digits.length ? `.${digits.slice(point)}` : ''}`;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ISO dates, `9/24/2025`, `24/9/2025` (dayFirst), with an optional `3:40pm` or `15:40` time. */
export function parseDate(raw: string, dayFirst: boolean): { date: string; time?: string } | undefined {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) {
    if (m[7] && m[7] !== 'Z') {
      const d = new Date(s);
      if (Number.isNaN(d.getTime())) return undefined;
      const iso = d.toISOString();
      return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
    }
    return build(+m[1], +m[2], +m[3], m[4] ? +m[4] : undefined, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i.exec(s);
  if (!m) return undefined;
  const a = +m[1];
  const b = +m[2];
  let year = +m[3];
  if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
  let hour = m[4] ? +m[4] : undefined;
  if (hour !== undefined && m[7]) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = m[7].toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const [month, day] = dayFirst ? [b, a] : [a, b];
  return build(year, month, day, hour, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
}

function build(y: number, mo: number, d: number, h: number | undefined, mi: number, s: number) {
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS[mo - 1]) return undefined;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  const date = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
  if (h === undefined) return { date };
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return { date, time: `${pad(h)}:${pad(mi)}:${pad(s)}` };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
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
