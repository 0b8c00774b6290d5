import { booleanToken } from './boolean.js';
import { isFormulaError } from './clean-value.js';
import { parseDate } from './date.js';
import { parseAttachments } from './list.js';
import { cleanMoney } from './money.js';
import { parseDecimal } from './number.js';
import type { CleanSpec, DateOrder, NumberLocale, ValueType } from './types.js';

/** What Ferry concluded about one column, and how sure it is. */
export interface ColumnInference {
  type: ValueType;
  /** Share of non-empty values that fit the type (0–1, two decimals); lowered when dates are ambiguous. */
  confidence: number;
  /** The spec to clean this column with. Has no `dateOrder` when the evidence did not settle it. */
  spec: CleanSpec;
  /** Values seen (non-null), empty values, and formula errors among them. */
  total: number;
  empty: number;
  formulaErrors: number;
  /** Up to 5 distinct example values. */
  examples: string[];
  /** Up to 5 values that did not fit the chosen type: what lowered the confidence. */
  counterExamples: string[];
  /** Dates like 10/11/2025 that no value in the column settles: the user must choose the order. */
  ambiguousDates?: boolean;
  /** The order Ferry would propose for an ambiguous or mixed column. */
  suggestedDateOrder?: DateOrder;
  /** Plain words on anything the user should confirm. */
  note?: string;
}

const MAX_EXAMPLES = 5;
const MIN_SHARE = 0.8;

type Candidate = 'boolean' | 'integer' | 'decimal' | 'percent' | 'money' | 'date' | 'attachments' | 'json' | 'list';
const ORDER: Candidate[] = ['boolean', 'integer', 'decimal', 'percent', 'money', 'date', 'attachments', 'json', 'list'];
const BIT: Record<Candidate, number> = {
  boolean: 1,
  integer: 2,
  decimal: 4,
  percent: 8,
  money: 16,
  date: 32,
  attachments: 64,
  json: 128,
  list: 256,
};
const CANDIDATES = ORDER.length;
const IDX = Object.fromEntries(ORDER.map((c, i) => [c, i])) as Record<Candidate, number>;
const NUMERIC = BIT.integer | BIT.decimal | BIT.percent | BIT.money;
/** After this many values, a type that failed on over a quarter of them is no longer tried (speed). */
const GIVE_UP_AFTER = 1000;
const GIVE_UP_SHARE = 0.25;

/** A quick test before the heavier parsers: money needs a symbol or a three-letter code. */
function hasCurrencyMark(t: string): boolean {
  const a = t.charCodeAt(0);
  const z = t.charCodeAt(t.length - 1);
  const mark = (c: number) =>
    c === 36 || c === 163 || c === 8364 || c === 165 || (c >= 0x20a0 && c <= 0x20cf) || (c >= 65 && c <= 90);
  return mark(a) || mark(z) || (a === 45 && mark(t.charCodeAt(1))) || (a === 40 && mark(t.charCodeAt(1)));
}

function hasDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * Streams a column's values and keeps only counts and a few examples, so a million rows cost
 * no more memory than ten. Call `add` per value, then `infer`.
 */
export class ColumnProfiler {
  private total = 0;
  private empty = 0;
  private formulaErrors = 0;
  private readonly examples: string[] = [];
  /** Per candidate (index in ORDER): values that fit, values that did not, and a few of those. */
  private readonly hits = new Int32Array(ORDER.length);
  private readonly misses: string[][] = ORDER.map(() => []);
  private booleanWords = 0;
  private checkedOnly = true;
  private percentSigns = 0;
  private currencyMarks = 0;
  private currencies = new Set<string>();
  private timed = 0;
  private mdy = 0;
  private dmy = 0;
  private either = 0;
  private mdyExample = '';
  private dmyExample = '';
  private eitherExample = '';
  private dotEvidence = 0;
  private commaEvidence = 0;
  private longest = 0;
  private quotedItems = 0;
  private tightCommas = 0;
  /** Candidate types still worth testing (bit set). */
  private alive = 511;
  private tested = 0;
  private readonly missCount = new Int32Array(ORDER.length);

  add(raw: unknown): void {
    this.total++;
    if (raw === null || raw === undefined) {
      this.empty++;
      return;
    }
    if (typeof raw === 'string') this.addString(raw);
    else this.addTyped(raw);
  }

  private example(text: string): void {
    if (this.examples.length < MAX_EXAMPLES) {
      const t = text.length > 100 ? `${text.slice(0, 100)}…` : text;
      if (!this.examples.includes(t)) this.examples.push(t);
    }
  }

  private addString(raw: string): void {
    const t = raw.trim();
    if (t === '') {
      this.empty++;
      return;
    }
    if (isFormulaError(t)) {
      this.formulaErrors++;
      return;
    }
    this.example(t);
    if (t.length > this.longest) this.longest = t.length;
    let flags = 0;
    const alive = this.alive;
    if (alive & BIT.boolean) {
      const b = booleanToken(t);
      if (b !== undefined) {
        flags |= BIT.boolean;
        if (t !== '1' && t !== '0') this.booleanWords++;
        if (t.toLowerCase() !== 'checked') this.checkedOnly = false;
      } else this.checkedOnly = false;
    } else this.checkedOnly = false;
    const digit = hasDigit(t);
    if (digit) {
      if (alive & NUMERIC) {
        let numberText = t;
        if (t.endsWith('%')) {
          numberText = t.slice(0, -1);
          this.percentSigns++;
        }
        const n = parseDecimal(numberText);
        if (n.problem === undefined) {
          if (numberText === t) {
            flags |= BIT.decimal | BIT.money;
            if (n.value.indexOf('.') === -1 && (t.indexOf(',') === -1 || this.commaEvidence === 0))
              flags |= BIT.integer;
          }
          flags |= BIT.percent;
          this.numberEvidence(numberText);
        } else if (alive & BIT.money && hasCurrencyMark(t)) {
          const m = cleanMoney(t);
          if (m.value && m.value.currency) {
            flags |= BIT.money;
            this.currencyMarks++;
            this.currencies.add(m.value.currency);
            this.numberEvidence(t.replace(/[^\d.,]/g, ''));
          }
        }
      }
      if (alive & BIT.date && !(flags & (BIT.decimal | BIT.money))) {
        const d = parseDate(t);
        if (d.ok || d.ambiguous) {
          flags |= BIT.date;
          const ev = d.ok ? d.evidence : 'either';
          if (ev === 'mdy') {
            this.mdy++;
            this.mdyExample ||= t;
          } else if (ev === 'dmy') {
            this.dmy++;
            this.dmyExample ||= t;
          } else if (ev === 'either') {
            this.either++;
            this.eitherExample ||= t;
          }
          if (d.ok ? d.date.time && (d.date.time.h || d.date.time.mi || d.date.time.s) : /\d:\d\d/.test(t))
            this.timed++;
        }
      }
    } else if (alive & BIT.date && t.length >= 6) {
      const d = parseDate(t);
      if (d.ok) flags |= BIT.date;
    }
    if (alive & BIT.attachments && t.indexOf('(http') !== -1 && parseAttachments(t)) flags |= BIT.attachments;
    const c0 = t.charCodeAt(0);
    if (alive & BIT.json && (c0 === 123 || c0 === 91) && t.length < 100_000) {
      try {
        JSON.parse(t);
        flags |= BIT.json;
      } catch {
        // not JSON
      }
    }
    const comma = t.indexOf(',');
    if (comma !== -1) {
      flags |= BIT.list;
      // Airtable joins list items with a bare `,` and quotes names holding commas; prose uses `, `.
      if (c0 === 34) this.quotedItems++;
      if (t.charCodeAt(comma + 1) !== 32) this.tightCommas++;
    }
    this.tally(flags, t);
  }

  private numberEvidence(t: string): void {
    const dot = t.lastIndexOf('.');
    const comma = t.lastIndexOf(',');
    if (dot !== -1 && comma !== -1) {
      if (dot > comma) this.dotEvidence++;
      else this.commaEvidence++;
    } else if (comma !== -1) {
      if (t.length - comma - 1 !== 3 || t.indexOf(',') !== comma) {
        if (t.indexOf(',') === comma) this.commaEvidence++;
      }
    } else if (dot !== -1) {
      if (t.length - dot - 1 !== 3 && t.indexOf('.') === dot) this.dotEvidence++;
    }
  }

  private addTyped(raw: unknown): void {
    let flags = 0;
    let text: string;
    if (typeof raw === 'number') {
      text = String(raw);
      if (Number.isFinite(raw)) {
        flags |= BIT.decimal | BIT.money | BIT.percent;
        if (Number.isInteger(raw)) flags |= BIT.integer;
      } else {
        this.formulaErrors++;
        return;
      }
      this.checkedOnly = false;
    } else if (typeof raw === 'boolean') {
      text = String(raw);
      flags |= BIT.boolean;
      this.booleanWords++;
      this.checkedOnly = false;
    } else if (raw instanceof Date) {
      text = Number.isNaN(raw.getTime()) ? 'invalid date' : raw.toISOString();
      if (!Number.isNaN(raw.getTime())) {
        flags |= BIT.date;
        if (raw.getUTCHours() || raw.getUTCMinutes() || raw.getUTCSeconds()) this.timed++;
      }
      this.checkedOnly = false;
    } else if (Array.isArray(raw)) {
      if (raw.length === 0) {
        this.empty++;
        return;
      }
      text = raw.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
      if (raw.every((v) => v && typeof v === 'object' && typeof (v as { url?: unknown }).url === 'string'))
        flags |= BIT.attachments;
      else {
        flags |= BIT.list;
        this.quotedItems++;
      }
      this.checkedOnly = false;
    } else {
      text = JSON.stringify(raw) ?? String(raw);
      flags |= BIT.json;
      this.checkedOnly = false;
    }
    this.example(text);
    this.tally(flags, text);
  }

  /** Hot loop (once per value): typed arrays indexed by candidate, bit i is ORDER[i]. */
  private tally(flags: number, text: string): void {
    const tested = ++this.tested;
    const hits = this.hits;
    const missCount = this.missCount;
    for (let i = 0; i < CANDIDATES; i++) {
      if (flags & (1 << i)) hits[i]++;
      else {
        const misses = ++missCount[i];
        const sample = this.misses[i];
        if (sample.length < MAX_EXAMPLES && !sample.includes(text)) {
          sample.push(text.length > 100 ? `${text.slice(0, 100)}…` : text);
        }
        if (tested >= GIVE_UP_AFTER && misses > tested * GIVE_UP_SHARE) this.alive &= ~(1 << i);
      }
    }
  }

  infer(): ColumnInference {
    const n = this.total - this.empty - this.formulaErrors;
    const base = {
      total: this.total,
      empty: this.empty,
      formulaErrors: this.formulaErrors,
      examples: [...this.examples],
    };
    if (n <= 0) {
      return {
        ...base,
        type: 'text',
        confidence: 0,
        spec: { type: 'text' },
        counterExamples: [],
        note: 'The column has no values.',
      };
    }
    const share = (c: Candidate) => this.hits[IDX[c]] / n;
    const eligible = (c: Candidate): boolean => {
      if (c === 'boolean') return this.booleanWords > 0;
      if (c === 'percent') return this.percentSigns > 0;
      if (c === 'money') return this.currencyMarks > 0;
      if (c === 'list') {
        const listLike = this.quotedItems > 0 || this.tightCommas >= this.hits[IDX.list] / 2;
        return share('list') >= 0.2 && listLike && this.longest <= 500 && this.hits[IDX.decimal] === 0;
      }
      return true;
    };
    let best: Candidate | undefined;
    for (const c of ORDER) {
      if (!eligible(c)) continue;
      if (c === 'list') {
        if (!best) best = c;
        continue;
      }
      if (share(c) >= MIN_SHARE && (!best || share(c) > share(best))) best = c;
    }
    if (!best) {
      const top = Math.max(...ORDER.filter((c) => c !== 'list').map(share));
      return {
        ...base,
        type: 'text',
        confidence: round(Math.max(0.5, 1 - top)),
        spec: { type: 'text' },
        counterExamples: [],
      };
    }
    const locale: NumberLocale | undefined =
      this.commaEvidence > 0 && this.dotEvidence === 0 ? 'comma' : this.dotEvidence > 0 ? 'dot' : undefined;
    let confidence = best === 'list' ? 0.6 : share(best);
    const counterExamples = best === 'list' ? [] : [...this.misses[IDX[best]]];
    let type: ValueType = best;
    const spec: CleanSpec = { type };
    const out: ColumnInference = { ...base, type, confidence: 0, spec, counterExamples };
    if (best === 'integer' || best === 'decimal' || best === 'percent' || best === 'money') {
      if (locale) spec.numberLocale = locale;
      if (best === 'integer' && locale === 'comma') type = spec.type = 'decimal';
      if (best === 'money' && this.currencies.size === 1) spec.currency = [...this.currencies][0];
      if (this.commaEvidence > 0 && this.dotEvidence > 0) {
        confidence *= 0.7;
        out.note = 'Some numbers use a decimal point and others a decimal comma; check the number format.';
      }
    } else if (best === 'boolean') {
      if (this.checkedOnly) spec.emptyAsFalse = true;
    } else if (best === 'date') {
      type = spec.type = this.timed > 0 ? 'datetime' : 'date';
      if (this.mdy > 0 && this.dmy === 0) spec.dateOrder = 'mdy';
      else if (this.dmy > 0 && this.mdy === 0) spec.dateOrder = 'dmy';
      else if (this.mdy > 0 && this.dmy > 0) {
        out.suggestedDateOrder = this.mdy >= this.dmy ? 'mdy' : 'dmy';
        out.ambiguousDates = true;
        confidence *= Math.max(this.mdy, this.dmy) / (this.mdy + this.dmy);
        out.counterExamples = [this.mdy >= this.dmy ? this.dmyExample : this.mdyExample];
        out.note = `Some dates are month first (${this.mdyExample}) and others day first (${this.dmyExample}); choose the order.`;
      } else if (this.either > 0) {
        out.suggestedDateOrder = 'mdy';
        out.ambiguousDates = true;
        confidence *= 0.6;
        out.counterExamples = [this.eitherExample];
        out.note = `No date in this column shows whether it is month first or day first (e.g. ${this.eitherExample}); choose the order.`;
      }
    }
    out.type = type;
    out.confidence = round(confidence);
    return out;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Profiles a whole column from any (async) iterable of raw values. */
export async function profileColumn(values: Iterable<unknown> | AsyncIterable<unknown>): Promise<ColumnInference> {
  const profiler = new ColumnProfiler();
  for await (const v of values) profiler.add(v);
  return profiler.infer();
}

/** Same, for values already in memory. */
export function inferColumn(values: Iterable<unknown>): ColumnInference {
  const profiler = new ColumnProfiler();
  for (const v of values) profiler.add(v);
  return profiler.infer();
}
