import { hash } from 'node:crypto';
import type { BusinessColumn } from './column-types.js';

/**
 * `rowHashSql` worked out in JavaScript, for rows Ferry writes straight into a new table: the
 * same md5 over the same member texts, so a later sync or restore, which computes the hash in
 * SQL, finds the row as Ferry wrote it. Each member is the text PostgreSQL's output function
 * gives for the stored value; where Ferry cannot be sure of that text (a numeric written in an
 * unusual form, a list, JSON that is not plain text values) it answers `undefined`, and the
 * caller has PostgreSQL compute that row's hash instead.
 */
export class RowHasher {
  /** Column positions (in the caller's value order) by member name order, and each one's text form. */
  private readonly order: { at: number; prefix: string; text: (v: string) => string | undefined }[];
  private readonly extraPrefix: string | undefined;
  /** False when some column's type is never hashed here (the whole table is hashed in SQL). */
  readonly exact: boolean;

  constructor(columns: BusinessColumn[], withExtra: boolean) {
    const texts = columns.map((c) => memberText(c.pgType));
    this.exact = texts.every((t) => t !== undefined);
    // By name, as rowHashSql sorts them (its JavaScript comparison, so the same order).
    this.order = columns
      .map((c, at) => ({ at, name: c.name, text: texts[at] ?? (() => undefined) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((m) => ({ at: m.at, prefix: `\x1f${m.name}\x1e`, text: m.text }));
    this.extraPrefix = withExtra ? '\x1fextra\x1e' : undefined;
  }

  /**
   * The row's `data_hash`, or undefined when one of its values has no certain text here.
   * `values[i]` is the stored value of column i as PostgreSQL reads it (null: NULL); `extra` is
   * the jsonb text of the extra column as PostgreSQL prints it (null: NULL or empty).
   */
  hash(values: readonly (string | null)[], extra: string | null | undefined): string | undefined {
    let text = '';
    for (const m of this.order) {
      const v = values[m.at];
      if (v === null) continue;
      const t = m.text(v);
      if (t === undefined) return undefined;
      text += m.prefix + t;
    }
    if (this.extraPrefix !== undefined) {
      if (extra === undefined) return undefined;
      if (extra !== null) text += this.extraPrefix + extra;
    }
    return md5(text);
  }
}

export function md5(text: string): string {
  return hash('md5', text);
}

const PLAIN_INTEGER = /^-?(0|[1-9][0-9]{0,18})$/;
// A numeric written as PostgreSQL prints it: no exponent, no leading zeros, no sign on zero.
const PLAIN_NUMERIC = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const NEGATIVE_ZERO = /^-0(\.0*)?$/;
const ISO_DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/** How hashValueSql prints one type, from the text PostgreSQL was given; undefined: not done here. */
function memberText(pgType: string): ((v: string) => string | undefined) | undefined {
  switch (pgType) {
    case 'text':
      return (v) => v;
    case 'bigint':
      return (v) => (PLAIN_INTEGER.test(v) ? v : undefined);
    case 'boolean':
      return (v) => (v === 't' ? 'true' : v === 'f' ? 'false' : undefined);
    case 'numeric':
      return (v) => (PLAIN_NUMERIC.test(v) && !NEGATIVE_ZERO.test(v) ? v : undefined);
    case 'date':
      return dateMember;
    case 'timestamptz':
      return epochMember;
    default:
      return undefined;
  }
}

/** `(d - DATE '2000-01-01')::text`: days since 2000-01-01. */
function dateMember(v: string): string | undefined {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  const y = digits(v, 0, 4);
  const m = digits(v, 5, 7);
  const d = digits(v, 8, 10);
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return String(daysFromCivil(y, m, d) - DAYS_TO_2000);
}

/** The number in v[from, to) when it is all ASCII digits, else -1. */
function digits(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), without a Date per value. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_TO_2000 = daysFromCivil(2000, 1, 1);

/** `extract(epoch FROM t)::text`: seconds since 1970 with six decimals, computed in whole microseconds. */
function epochMember(v: string): string | undefined {
  const m = ISO_DATETIME.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59)
    return undefined;
  const ms = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + sec * 1000;
  let offsetMin = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const h = +zone.slice(1, 3);
    const mi = +zone.slice(4, 6);
    if (h > 15 || mi > 59) return undefined;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (h * 60 + mi);
  }
  const micros = BigInt(ms - offsetMin * 60_000) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0') || '0');
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  return `${neg ? '-' : ''}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}`;
}

/**
 * The text PostgreSQL prints for the jsonb object of a row's unmapped columns when every value is
 * text: keys ordered by byte length, then bytes; `"key": value` joined by `, `. The keys are the
 * export's headers, so their order is worked out once.
 */
export class ExtraText {
  private readonly order: { at: number; prefix: string }[];
  /** Two headers alike: jsonb keeps one of them, so the text is left to PostgreSQL. */
  private readonly unsure: boolean;

  constructor(headers: readonly string[], at: readonly number[]) {
    this.unsure = new Set(at.map((i) => headers[i])).size !== at.length || at.some((i) => !wellFormed(headers[i]));
    this.order = at
      .map((i) => ({ at: i, key: Buffer.from(headers[i]), prefix: `${JSON.stringify(headers[i])}: ` }))
      .sort((a, b) => a.key.length - b.key.length || Buffer.compare(a.key, b.key))
      .map(({ at: i, prefix }) => ({ at: i, prefix }));
  }

  /** Null when the row has none of them; undefined when a value is not plain text. */
  text(cells: readonly unknown[]): string | null | undefined {
    if (this.unsure) return undefined;
    let out: string | null = null;
    for (const o of this.order) {
      let v = cells[o.at];
      if (v === null || v === undefined || v === '') continue;
      if (v instanceof Date) v = v.toISOString();
      if (typeof v !== 'string' || !wellFormed(v)) return undefined;
      out = out === null ? `{${o.prefix}${JSON.stringify(v)}` : `${out}, ${o.prefix}${JSON.stringify(v)}`;
    }
    return out === null ? null : `${out}}`;
  }
}

/** JSON.stringify escapes a lone surrogate, which PostgreSQL's jsonb would not print the same way. */
function wellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}
