import { cleanBoolean } from './boolean.js';
import { cleanDate, cleanDateTime } from './date.js';
import { cleanAttachments, cleanList } from './list.js';
import { cleanMoney } from './money.js';
import { cleanDecimal, cleanInteger, cleanPercent } from './number.js';
import { cleanText } from './text.js';
import type { ProblemRecord } from '../history/recorder.js';
import type { Attachment, CleanResult, CleanSpec, CleanValue, JsonValue } from './types.js';

const FORMULA_ERRORS = new Set([
  '#ERROR!',
  '#ERROR',
  '#N/A',
  '#NUM!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NULL!',
  '#CALC!',
  '#SPILL!',
  'NaN',
  'Infinity',
  '-Infinity',
]);

/** A formula that failed in Airtable or Excel (`#ERROR!`, `NaN`, `#N/A`): not a value of any type. */
export function isFormulaError(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c === 35 /* # */ || c === 78 /* N */ || c === 73 /* I */ || c === 45) && FORMULA_ERRORS.has(s.trim());
}

const EMPTY: CleanResult = { value: null };

/**
 * Cleans one raw value for a column of the given type: a value (exactly as the sync engine
 * writes it, see types.ts), or `null` with a problem in plain words. Never throws.
 */
export function cleanValue(raw: unknown, spec: CleanSpec): CleanResult {
  if (raw === null || raw === undefined) return emptyFor(spec);
  if (typeof raw === 'string') {
    if (raw.length === 0) return emptyFor(spec);
    if (isFormulaError(raw))
      return { value: null, problem: `"${raw.trim()}" is a formula error in the export; left empty.` };
    if (spec.type === 'text') return cleanText(raw);
    const t = raw.trim();
    if (t === '') return { ...emptyFor(spec), changed: true };
    return cleanString(raw, spec);
  }
  return cleanOther(raw, spec);
}

function emptyFor(spec: CleanSpec): CleanResult {
  return spec.type === 'boolean' && spec.emptyAsFalse ? { value: false } : EMPTY;
}

function cleanString(s: string, spec: CleanSpec): CleanResult {
  switch (spec.type) {
    case 'integer':
      return cleanInteger(s, spec.numberLocale);
    case 'decimal':
      return cleanDecimal(s, spec.numberLocale);
    case 'money':
      return cleanMoney(s, spec.numberLocale, spec.currency);
    case 'percent':
      return cleanPercent(s, spec.numberLocale);
    case 'boolean':
      return cleanBoolean(s);
    case 'date':
      return cleanDate(s, spec.dateOrder);
    case 'datetime':
      return cleanDateTime(s, spec.dateOrder);
    case 'list':
      return cleanList(s);
    case 'attachments':
      return cleanAttachments(s);
    case 'json':
      try {
        return { value: JSON.parse(s) as JsonValue };
      } catch {
        return { value: null, problem: `"${s.length > 80 ? `${s.slice(0, 80)}…` : s}" is not valid JSON.` };
      }
    default:
      return cleanText(s);
  }
}

/** Values that came typed from a workbook or a JSON file. */
function cleanOther(raw: unknown, spec: CleanSpec): CleanResult {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { value: null, problem: `${raw} is not a number; left empty.` };
    switch (spec.type) {
      case 'date':
        return cleanDate(raw);
      case 'datetime':
        return cleanDateTime(raw);
      case 'boolean':
        return raw === 1 || raw === 0
          ? { value: raw === 1 }
          : { value: null, problem: `${raw} is not a yes/no value.` };
      case 'json':
        return { value: raw };
      case 'list':
        return { value: [String(raw)] };
      case 'money': {
        const r = cleanDecimal(numberText(raw));
        return r.value === null ? r : { value: { amount: r.value, currency: spec.currency ?? null } };
      }
      default: {
        const r = cleanString(numberText(raw), spec);
        return r.problem ? r : { value: r.value };
      }
    }
  }
  if (typeof raw === 'boolean') {
    if (spec.type === 'boolean' || spec.type === 'json') return { value: raw };
    if (spec.type === 'text') return { value: raw ? 'true' : 'false' };
    if (spec.type === 'integer' || spec.type === 'decimal') return { value: raw ? '1' : '0' };
    return { value: null, problem: `A yes/no value (${raw ? 'yes' : 'no'}) does not fit a ${spec.type} column.` };
  }
  if (raw instanceof Date) {
    if (spec.type === 'date') return cleanDate(raw);
    if (spec.type === 'datetime') return cleanDateTime(raw);
    if (Number.isNaN(raw.getTime())) return { value: null, problem: 'The date is not valid.' };
    if (spec.type === 'text' || spec.type === 'json') {
      const r = cleanDateTime(raw);
      return { value: r.value };
    }
    return { value: null, problem: `A date does not fit a ${spec.type} column.` };
  }
  if (Array.isArray(raw)) {
    if (raw.length === 0) return emptyFor(spec);
    if (spec.type === 'json') return { value: raw as JsonValue };
    if (spec.type === 'attachments') return attachmentsFromArray(raw);
    const items = raw.map(itemText).filter((v) => v !== '');
    if (spec.type === 'list') return { value: items };
    if (spec.type === 'text') return { value: items.join(', '), changed: true };
    if (items.length === 1) return cleanValue(items[0], spec);
    return { value: null, problem: `A list of ${items.length} values does not fit a ${spec.type} column.` };
  }
  if (typeof raw === 'object') {
    if (spec.type === 'json') return { value: raw as JsonValue };
    if (spec.type === 'attachments') return attachmentsFromArray([raw]);
    if (spec.type === 'text') return { value: JSON.stringify(raw), changed: true };
    return { value: null, problem: `A nested record does not fit a ${spec.type} column.` };
  }
  return cleanValue(String(raw), spec);
}

/** `String(1e21)` is `1e+21`: parseDecimal reads that notation exactly. */
function numberText(n: number): string {
  return String(n);
}

/** Airtable's API gives collaborators and linked records as objects: their name is what a person reads. */
function itemText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['name', 'filename', 'email', 'text', 'id']) if (typeof o[k] === 'string') return o[k];
    return JSON.stringify(v);
  }
  return String(v).trim();
}

function attachmentsFromArray(raw: readonly unknown[]): CleanResult<Attachment[] | null> {
  const out: Attachment[] = [];
  for (const v of raw) {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const url = typeof o.url === 'string' ? o.url : null;
      const name =
        typeof o.filename === 'string'
          ? o.filename
          : typeof o.name === 'string'
            ? o.name
            : (url?.split('/').pop() ?? 'attachment');
      out.push({ name, url });
    } else if (typeof v === 'string') {
      const r = cleanAttachments(v);
      if (r.value) out.push(...r.value);
    }
  }
  return { value: out.length ? out : null };
}

/** The report's record of a value the cleaner could not take: where, what, why, and that it was emptied. */
export function cleanProblem(
  result: CleanResult,
  raw: unknown,
  where: { file?: string; table?: string; row?: number; column?: string },
): ProblemRecord | undefined {
  if (!result.problem) return undefined;
  const value = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
  return {
    ...where,
    value: value.length > 200 ? `${value.slice(0, 200)}…` : value,
    reason: result.problem,
    stage: 'clean',
    action: result.value === null ? 'emptied' : 'kept',
  };
}

export type { CleanValue };
