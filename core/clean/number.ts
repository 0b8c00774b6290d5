import type { CleanResult, NumberLocale } from './types.js';

export type NumberParse = { value: string; problem?: undefined } | { value: null; problem: string };

const fail = (problem: string): NumberParse => ({ value: null, problem });

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses a written number into an exact decimal string (never through a float): `10,000`,
 * `1.234,56`, `(1,200)`, `-5`, `1.5e3`, `1 234`. The column's locale decides what `,` and `.`
 * mean; without one, a lone `,` followed by exactly three digits is a thousands mark.
 */
export function parseDecimal(input: string, locale?: NumberLocale): NumberParse {
  if (isPlainNumber(input, locale !== 'comma')) return { value: input };
  let s = input.trim();
  if (s === '') return fail('empty');
  let neg = false;
  if (s.charCodeAt(0) === 40 /* ( */ && s.charCodeAt(s.length - 1) === 41) {
    neg = true;
    s = s.slice(1, -1).trim();
  }
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 0x2212 /* − */) {
    if (neg) return fail('it has two minus signs');
    neg = true;
    s = s.slice(1).trimStart();
  } else if (c0 === 43 /* + */) s = s.slice(1).trimStart();
  else if (s.length > 1 && s.charCodeAt(s.length - 1) === 45) {
    neg = true;
    s = s.slice(0, -1).trimEnd();
  }
  let exponent = 0;
  const e = s.search(/[eE]/);
  if (e !== -1) {
    const expText = s.slice(e + 1);
    if (!/^[+-]?\d{1,4}$/.test(expText)) return fail('it is not a number');
    exponent = Number(expText);
    s = s.slice(0, e);
    locale = 'dot';
  }
  // Digit-grouping spaces and apostrophes (1 234, 1'234) carry no meaning.
  let digitsOnly = true;
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  let clean = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) clean += s[i];
    else if (c === 46) {
      dots++;
      lastDot = clean.length;
      clean += '.';
      digitsOnly = false;
    } else if (c === 44) {
      commas++;
      lastComma = clean.length;
      clean += ',';
      digitsOnly = false;
    } else if (c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 39 || c === 0x2019) {
      if (i === 0 || i === s.length - 1) continue;
      if (!isDigit(s.charCodeAt(i - 1)) || !isDigit(s.charCodeAt(i + 1))) return fail('it is not a number');
    } else return fail('it is not a number');
  }
  if (clean === '' || (!digitsOnly && !/\d/.test(clean))) return fail('it is not a number');
  let decimalMark = '';
  let groupMark = '';
  if (!digitsOnly) {
    if (locale === 'comma') [decimalMark, groupMark] = [',', '.'];
    else if (locale === 'dot') [decimalMark, groupMark] = ['.', ','];
    else if (dots && commas) [decimalMark, groupMark] = lastDot > lastComma ? ['.', ','] : [',', '.'];
    else if (commas) {
      const after = clean.length - lastComma - 1;
      [decimalMark, groupMark] = commas === 1 && after !== 3 ? [',', '.'] : ['.', ','];
    } else [decimalMark, groupMark] = dots === 1 ? ['.', ','] : [',', '.'];
  }
  let intPart = clean;
  let frac = '';
  if (decimalMark) {
    const at = clean.indexOf(decimalMark);
    if (at !== -1) {
      if (clean.indexOf(decimalMark, at + 1) !== -1) return fail(`it has more than one "${decimalMark}"`);
      intPart = clean.slice(0, at);
      frac = clean.slice(at + 1);
      if (frac.indexOf(groupMark) !== -1) return fail('its thousands and decimal marks are mixed up');
    }
  }
  if (groupMark && intPart.indexOf(groupMark) !== -1) {
    const groups = intPart.split(groupMark);
    if (groups[0].length === 0 || groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3)) {
      return fail(`it is unclear what "${groupMark}" means in it; set the column's number format`);
    }
    intPart = groups.join('');
  }
  if (intPart === '' && frac === '') return fail('it is not a number');
  if (exponent !== 0) [intPart, frac] = shift(intPart, frac, exponent);
  return { value: canonical(neg, intPart, frac) };
}

/**
 * Hot path: digits, or digits `.` digits when `.` is the decimal mark, without a superfluous
 * leading zero, are already in the canonical form the full parse would give.
 */
function isPlainNumber(s: string, dotDecimal: boolean): boolean {
  const n = s.length;
  if (n === 0 || (s.charCodeAt(0) === 48 && n > 1 && s.charCodeAt(1) !== 46)) return false;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) continue;
    if (c !== 46 || !dotDecimal || dot !== -1 || i === 0 || i === n - 1) return false;
    dot = i;
  }
  return true;
}

/** Moves the decimal point `by` places (right when positive), exactly, on digit strings. */
export function shift(intPart: string, frac: string, by: number): [string, string] {
  const digits = intPart + frac;
  let point = intPart.length + by;
  if (point <= 0) return ['0', '0'.repeat(-point) + digits];
  if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), ''];
  point = Math.max(point, 0);
  return [digits.slice(0, point), digits.slice(point)];
}

function canonical(neg: boolean, intPart: string, frac: string): string {
  let i = 0;
  while (i < intPart.length - 1 && intPart.charCodeAt(i) === 48) i++;
  const int = intPart.slice(i) || '0';
  const zero = /^0*$/.test(int) && /^0*$/.test(frac);
  return `${neg && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

const BIGINT_MAX = '9223372036854775807';

export function cleanDecimal(s: string, locale?: NumberLocale): CleanResult<string | null> {
  const r = parseDecimal(s, locale);
  if (r.problem !== undefined) return { value: null, problem: `"${s}" is not a number: ${r.problem}.` };
  return r.value === s ? { value: r.value } : { value: r.value, changed: true };
}

export function cleanInteger(s: string, locale?: NumberLocale): CleanResult<string | null> {
  const r = parseDecimal(s, locale);
  if (r.problem !== undefined) return { value: null, problem: `"${s}" is not a whole number: ${r.problem}.` };
  let v = r.value;
  const dot = v.indexOf('.');
  if (dot !== -1) {
    if (!/^0*$/.test(v.slice(dot + 1))) return { value: null, problem: `"${s}" is not a whole number.` };
    v = v.slice(0, dot);
    if (v === '-0') v = '0';
  }
  const digits = v.startsWith('-') ? v.slice(1) : v;
  if (digits.length > 19 || (digits.length === 19 && digits > BIGINT_MAX)) {
    return { value: null, problem: `"${s}" is too large for a whole-number column.` };
  }
  return v === s ? { value: v } : { value: v, changed: true };
}

/** `40%` → `0.40`; a bare number is taken as a fraction already (Excel and Airtable's API store 0.4). */
export function cleanPercent(s: string, locale?: NumberLocale): CleanResult<string | null> {
  let t = s.trim();
  let percent = false;
  if (t.endsWith('%')) {
    percent = true;
    t = t.slice(0, -1);
  } else if (t.startsWith('%')) {
    percent = true;
    t = t.slice(1);
  }
  const r = parseDecimal(t, locale);
  if (r.problem !== undefined) return { value: null, problem: `"${s}" is not a percentage: ${r.problem}.` };
  if (!percent) return r.value === s ? { value: r.value } : { value: r.value, changed: true };
  const neg = r.value.startsWith('-');
  const abs = neg ? r.value.slice(1) : r.value;
  const dot = abs.indexOf('.');
  const [int, frac] = shift(dot === -1 ? abs : abs.slice(0, dot), dot === -1 ? '' : abs.slice(dot + 1), -2);
  const value = canonical(neg, int, frac);
  return s === s.trim() ? { value } : { value, changed: true };
}
