import type { CleanResult, DateOrder } from './types.js';

export interface ParsedTime {
  h: number;
  mi: number;
  s: number;
  frac: string;
  /** `Z`, `+01:00`, or '' when the value had no zone. */
  zone: string;
}

export interface ParsedDate {
  y: number;
  m: number;
  d: number;
  time?: ParsedTime;
}

/**
 * What a slash date says about the column's day/month order: `mdy` or `dmy` when a part over
 * 12 settles it, `either` when both readings are valid dates, `fixed` when the form has no
 * day/month question (ISO, month names).
 */
export type OrderEvidence = 'mdy' | 'dmy' | 'either' | 'fixed';

export type DateParse =
  { ok: true; date: ParsedDate; evidence: OrderEvidence } | { ok: false; problem: string; ambiguous?: boolean };

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const NUMERIC = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:(?:[ T]|,\s*)(.+))?$/;
const DAY_NAME = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
const DAY_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?[\s,-]+(\d{4})(?:(?:[ T]|,\s*)(.+))?$/i;
const MONTH_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:(?:[ T]|,\s*)(.+))?$/i;
const TIME =
  /^(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap])\.?\s*m\.?\s*|^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*/i;

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

function fullYear(text: string): number {
  const y = Number(text);
  // Two-digit years: 00–69 are 2000s, 70–99 are 1900s (the usual spreadsheet pivot).
  if (text.length <= 2) return y < 70 ? 2000 + y : 1900 + y;
  return y;
}

function parseTime(text: string): ParsedTime | string {
  const t = text.trim();
  const m = TIME.exec(t);
  if (!m) return `"${text}" is not a time of day`;
  let h: number;
  let mi: number;
  let s: number;
  let frac: string;
  if (m[5]) {
    h = Number(m[1]);
    mi = m[2] ? Number(m[2]) : 0;
    s = m[3] ? Number(m[3]) : 0;
    frac = m[4] ?? '';
    if (h < 1 || h > 12) return `"${text}" is not a time of day`;
    const pm = m[5].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  } else {
    h = Number(m[6]);
    mi = Number(m[7]);
    s = m[8] ? Number(m[8]) : 0;
    frac = m[9] ?? '';
  }
  if (h > 23 || mi > 59 || s > 60) return `"${text}" is not a time of day`;
  const rest = t.slice(m[0].length).trim();
  let zone = '';
  if (rest) {
    if (rest === 'Z' || rest.toUpperCase() === 'UTC' || rest.toUpperCase() === 'GMT') zone = 'Z';
    else {
      const z = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
      if (!z) return `"${text}" has a time zone Ferry does not understand`;
      zone = `${z[1]}${z[2]}:${z[3]}`;
    }
  }
  return { h, mi, s: Math.min(s, 59), frac: frac.slice(0, 6), zone };
}

/**
 * Reads a date or date-time as exports write it: ISO (`2025-09-24`, `2026-01-19T15:40:00Z`),
 * `9/24/2025`, `24.09.2025`, `1/19/2026 3:40pm`, `Sep 24, 2025`, `24 September 2025`.
 * Without an order, a day/month question that the value cannot settle is a problem, not a guess.
 */
export function parseDate(input: string, order?: DateOrder): DateParse {
  let s = input.trim();
  s = s.replace(DAY_NAME, '');
  let y: number;
  let m: number;
  let d: number;
  let timeText: string | undefined;
  let evidence: OrderEvidence = 'fixed';
  const num = NUMERIC.exec(s);
  if (num) {
    const [, a, , b, c, rest] = num;
    timeText = rest;
    if (a.length === 4 || a.length === 3) {
      [y, m, d] = [Number(a), Number(b), Number(c)];
      if (c.length > 2) return { ok: false, problem: `"${input}" is not a date` };
    } else {
      if (c.length === 3) return { ok: false, problem: `"${input}" is not a date` };
      y = fullYear(c);
      const [p, q] = [Number(a), Number(b)];
      const asMdy = validDate(y, p, q);
      const asDmy = validDate(y, q, p);
      if (asMdy && asDmy) evidence = p === q ? 'fixed' : 'either';
      else if (asMdy) evidence = 'mdy';
      else if (asDmy) evidence = 'dmy';
      else return { ok: false, problem: `"${input}" is not a real date` };
      const use = order === 'dmy' ? 'dmy' : order === 'mdy' ? 'mdy' : evidence === 'either' ? undefined : evidence;
      if (use === undefined) {
        return {
          ok: false,
          ambiguous: true,
          problem: `"${input}" could be ${monthName(p)} ${q} or ${monthName(q)} ${p}; choose the column's date order`,
        };
      }
      if (use === 'mdy' || use === 'fixed') [m, d] = [p, q];
      else [m, d] = [q, p];
      if (order && evidence !== 'either' && evidence !== 'fixed' && evidence !== order) {
        return {
          ok: false,
          problem: `"${input}" is not a real date when read ${order === 'mdy' ? 'month first' : 'day first'}`,
        };
      }
    }
  } else {
    const dm = DAY_MONTH.exec(s);
    const md = dm ? undefined : MONTH_DAY.exec(s);
    if (dm) {
      [d, m, y] = [Number(dm[1]), MONTHS[dm[2].toLowerCase()], Number(dm[3])];
      timeText = dm[4];
    } else if (md) {
      [m, d, y] = [MONTHS[md[1].toLowerCase()], Number(md[2]), Number(md[3])];
      timeText = md[4];
    } else return { ok: false, problem: `"${input}" is not a date` };
    if (!m) return { ok: false, problem: `"${input}" is not a date` };
  }
  if (!validDate(y, m, d)) return { ok: false, problem: `"${input}" is not a real date` };
  const date: ParsedDate = { y, m, d };
  if (timeText) {
    const time = parseTime(timeText);
    if (typeof time === 'string') return { ok: false, problem: time };
    date.time = time;
  }
  return { ok: true, date, evidence };
}

function monthName(m: number): string {
  return [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ][m - 1];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDate(d: ParsedDate): string {
  return `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`;
}

export function formatDateTime(d: ParsedDate): string {
  const t = d.time ?? { h: 0, mi: 0, s: 0, frac: '', zone: '' };
  return `${formatDate(d)}T${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}${t.frac ? `.${t.frac}` : ''}${t.zone}`;
}

/** A JS Date from a workbook holds the wall-clock time in its UTC fields. */
export function fromJsDate(v: Date): ParsedDate | undefined {
  if (Number.isNaN(v.getTime())) return undefined;
  const ms = v.getUTCMilliseconds();
  return {
    y: v.getUTCFullYear(),
    m: v.getUTCMonth() + 1,
    d: v.getUTCDate(),
    time: { h: v.getUTCHours(), mi: v.getUTCMinutes(), s: v.getUTCSeconds(), frac: ms ? pad(ms, 3) : '', zone: '' },
  };
}

/** Excel stores dates as days since 1899-12-30; a number in a date column is most likely one. */
export function fromExcelSerial(n: number): ParsedDate | undefined {
  if (!(n >= 1 && n < 2958466)) return undefined;
  return fromJsDate(new Date(Math.round((n - 25569) * 86400000)));
}

function isMidnight(d: ParsedDate): boolean {
  return !d.time || (d.time.h === 0 && d.time.mi === 0 && d.time.s === 0 && !d.time.frac);
}

function fromRaw(raw: string | Date | number, order?: DateOrder): { date?: ParsedDate; problem?: string } {
  if (raw instanceof Date) {
    const date = fromJsDate(raw);
    return date ? { date } : { problem: 'The date is not valid' };
  }
  if (typeof raw === 'number') {
    const date = fromExcelSerial(raw);
    return date ? { date } : { problem: `${raw} is not a date` };
  }
  const r = parseDate(raw, order);
  return r.ok ? { date: r.date } : { problem: r.problem };
}

export function cleanDate(raw: string | Date | number, order?: DateOrder): CleanResult<string | null> {
  const { date, problem } = fromRaw(raw, order);
  if (!date) return { value: null, problem: `${problem}.` };
  if (!isMidnight(date)) {
    return { value: null, problem: `"${String(raw)}" has a time of day, but the column holds dates only.` };
  }
  const value = formatDate(date);
  return typeof raw === 'string' && raw !== raw.trim() ? { value, changed: true } : { value };
}

export function cleanDateTime(raw: string | Date | number, order?: DateOrder): CleanResult<string | null> {
  const { date, problem } = fromRaw(raw, order);
  if (!date) return { value: null, problem: `${problem}.` };
  const value = formatDateTime(date);
  return typeof raw === 'string' && raw !== raw.trim() ? { value, changed: true } : { value };
}
