/**
 * Value types and the shapes cleaned values take. Node-free: the UI reads these types too.
 *
 * What the sync engine writes to PostgreSQL, per type (the PostgreSQL column type in brackets):
 * - text        → string, trimmed, NBSP → space, line endings → `\n`, control characters removed   [text]
 * - integer     → string of digits with optional `-`, within bigint range (exact)                   [bigint]
 * - decimal     → exact decimal string, e.g. `1234.50` (scale kept as written, never a float)       [numeric]
 * - money       → `{ amount: '79.00', currency: 'USD' | null }` (amount as decimal above)           [numeric (+ text for the currency)]
 * - percent     → exact decimal *fraction*: `5.00%` → `0.0500`; a bare `0.4` is already a fraction  [numeric]
 * - boolean     → true / false                                                                      [boolean]
 * - date        → `YYYY-MM-DD`                                                                      [date]
 * - datetime    → `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]`; without a zone it is the wall-clock time
 *                 the export showed                                                                  [timestamp / timestamptz]
 * - list        → string[] (linked records, multi-selects, collaborators, lookups; order and repeats kept) [text[]]
 * - attachments → `{ name, url }[]` (url null when the export had none)                            [jsonb]
 * - json        → the parsed JSON value                                                             [jsonb]
 * An empty cell is `null` for every type (a checkbox column with `emptyAsFalse` gives false).
 */
export type ValueType =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'list'
  | 'attachments'
  | 'json';

export const VALUE_TYPES: readonly ValueType[] = [
  'text',
  'integer',
  'decimal',
  'money',
  'percent',
  'boolean',
  'date',
  'datetime',
  'list',
  'attachments',
  'json',
];

/** Day/month order of dates like `10/11/2025`: month first (US), day first (Europe), or year first. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/** Which mark separates decimals: `dot` (1,234.56) or `comma` (1.234,56). */
export type NumberLocale = 'dot' | 'comma';

export interface CleanSpec {
  type: ValueType;
  /** For date and datetime: without it, a date like 10/11/2025 is a problem rather than a guess. */
  dateOrder?: DateOrder;
  /** For numbers, money and percent: without it Ferry decides per value and leaves `1,250` as 1250. */
  numberLocale?: NumberLocale;
  /** For money: the currency when a value shows no symbol or code (ISO code, e.g. `USD`). */
  currency?: string;
  /** For boolean: an empty cell means false (Airtable checkboxes export unchecked as empty). */
  emptyAsFalse?: boolean;
}

export interface Money {
  amount: string;
  currency: string | null;
}

export interface Attachment {
  name: string;
  url: string | null;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export type CleanValue = string | boolean | string[] | Money | Attachment[] | JsonValue | null;

export interface CleanResult<V = CleanValue> {
  /** The cleaned value; `null` when the cell was empty or could not be taken (then `problem` says why). */
  value: V;
  /**
   * The text had to be repaired on the way (trimmed, control characters or thousands marks
   * removed, ...): worth a count in the report. Reading `checked` as true is not a change.
   */
  changed?: boolean;
  /** Plain words: why the value could not be taken as is. The caller adds file, row and column. */
  problem?: string;
}
