import { parseDecimal } from './number.js';
import type { CleanResult, Money, NumberLocale } from './types.js';

/** Symbols as they appear in exports; longest first so `US$` wins over `$`. */
const SYMBOLS: [string, string][] = [
  ['US$', 'USD'],
  ['A$', 'AUD'],
  ['C$', 'CAD'],
  ['NZ$', 'NZD'],
  ['R$', 'BRL'],
  ['$', 'USD'],
  ['£', 'GBP'],
  ['€', 'EUR'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['₱', 'PHP'],
  ['฿', 'THB'],
  ['zł', 'PLN'],
  ['kr', 'SEK'],
  ['Fr', 'CHF'],
];

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * Money as written: `$79.00`, `$1,323.25`, `€808500.71`, `-€743010.80`, `(£1,200)`, `GBP 12.50`,
 * `12.50 EUR`. The amount stays an exact decimal; the currency comes from the symbol or code, or
 * from the column's currency when the value shows none. A bare `$` is read as US dollars unless
 * the column says otherwise.
 */
export function cleanMoney(s: string, locale?: NumberLocale, columnCurrency?: string): CleanResult<Money | null> {
  let t = s.trim();
  let currency: string | null = null;
  // A three-letter ISO code at either end.
  if (t.length > 3 && isUpper(t.charCodeAt(0)) && isUpper(t.charCodeAt(1)) && isUpper(t.charCodeAt(2))) {
    const rest = t.charCodeAt(3);
    if (rest === 32 || rest === 0xa0 || (rest >= 48 && rest <= 57) || rest === 45 || rest === 40) {
      currency = t.slice(0, 3);
      t = t.slice(3).trim();
    }
  }
  const n = t.length;
  if (
    !currency &&
    n > 3 &&
    isUpper(t.charCodeAt(n - 1)) &&
    isUpper(t.charCodeAt(n - 2)) &&
    isUpper(t.charCodeAt(n - 3))
  ) {
    const before = t.charCodeAt(n - 4);
    if (before === 32 || before === 0xa0 || (before >= 48 && before <= 57) || before === 41) {
      currency = t.slice(n - 3);
      t = t.slice(0, n - 3).trim();
    }
  }
  if (!currency) {
    for (const [symbol, code] of SYMBOLS) {
      const at = t.indexOf(symbol);
      if (at === -1) continue;
      currency = code === 'USD' && symbol === '$' && columnCurrency ? columnCurrency : code;
      t = (t.slice(0, at) + t.slice(at + symbol.length)).trim();
      break;
    }
  }
  const r = parseDecimal(t, locale);
  if (r.problem !== undefined) return { value: null, problem: `"${s}" is not an amount of money: ${r.problem}.` };
  return {
    value: { amount: r.value, currency: currency ?? columnCurrency ?? null },
    ...(s !== s.trim() ? { changed: true } : {}),
  };
}
