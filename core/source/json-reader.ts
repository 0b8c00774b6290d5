import fs from 'node:fs/promises';
import path from 'node:path';
import { FerryError } from '../api/errors.js';
import type { ProblemRecord } from '../history/recorder.js';
import { guessEncoding, readHead, readText, type TextEncoding } from './encoding.js';
import { normaliseHeaders } from './headers.js';
import { JsonRecordScanner } from './json-scan.js';
import type { RawRow, RawValue, RowsOptions, SourceTable } from './types.js';

/** Nested objects deeper than this stay one JSON value instead of more dotted columns. */
const MAX_FLATTEN_DEPTH = 16;
const MAX_COLUMNS = 5000;
/** A record longer than this is an unterminated one, not data. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/** Below this size, a root object without a list is read whole as a single record. */
const MAX_SINGLE_OBJECT_BYTES = 32 * 1024 * 1024;

type Mode = 'list' | 'ndjson';

interface JsonShape {
  encoding: TextEncoding;
  mode: Mode;
  airtable: boolean;
}

type Item =
  { kind: 'record'; row: number; value: unknown } | { kind: 'bad'; row: number; reason: string; text: string };

/**
 * Opens a JSON file as one source table: an array of objects, NDJSON (one object per line), or
 * Airtable's API shape `{records: [{id, fields, createdTime}]}` whose record ids become the key.
 * Nested objects become dotted columns (`address.city`); arrays stay lists. `row` is the record's
 * number in the list (or its line in NDJSON).
 */
export async function openJson(filePath: string, tableName: string): Promise<SourceTable> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath);
  const head = await readHead(filePath);
  const guess = guessEncoding(head, file);
  const sample = new TextDecoder(guess.encoding).decode(head, { stream: true }).trimStart();
  if (sample === '') throw new FerryError('empty-file', `"${file}" is empty. Export it again.`);
  const first = sample[0];
  if (first !== '[' && first !== '{') {
    throw new FerryError(
      'not-records',
      `"${file}" is not a list of records: a JSON export should hold a list ([...]) of objects, one per record.`,
    );
  }
  const ext = path.extname(file).toLowerCase();
  const mode: Mode = ext === '.ndjson' || ext === '.jsonl' || looksNdjson(sample) ? 'ndjson' : 'list';
  const where = { file, table: tableName };
  const problems: ProblemRecord[] = [];
  if (guess.note) problems.push({ ...where, reason: `Encoding: ${guess.note}`, stage: 'read', action: 'kept' });

  // First pass: the columns are the union of every record's fields (Airtable omits empty ones).
  const shape: JsonShape = { encoding: guess.encoding, mode, airtable: false };
  const seen = new Set<string>();
  const order: string[] = [];
  let sawAny = false;
  let decided = false;
  let tooMany = false;
  let listKey = '';
  for await (const item of items(filePath, shape, {}, (k) => (listKey = k), stat.size)) {
    if (item.kind === 'bad') continue;
    if (!decided) {
      decided = true;
      shape.airtable = isAirtableRecord(item.value);
    }
    sawAny = true;
    const flat = flatten(recordObject(item.value, shape.airtable));
    for (const k of Object.keys(flat)) {
      if (!seen.has(k)) {
        if (order.length >= MAX_COLUMNS) {
          tooMany = true;
          continue;
        }
        seen.add(k);
        order.push(k);
      }
    }
  }
  if (listKey && listKey !== 'records') {
    problems.push({
      ...where,
      reason: `The records were read from the list called "${listKey}".`,
      stage: 'read',
      action: 'kept',
    });
  }
  if (tooMany) {
    problems.push({
      ...where,
      reason: `The records have more than ${MAX_COLUMNS} different fields; only the first ${MAX_COLUMNS} are read.`,
      stage: 'read',
      action: 'skipped',
    });
  }
  if (shape.airtable) {
    const rest = order.filter((k) => k !== 'id' && k !== 'createdTime');
    order.splice(0, order.length, 'id', ...rest, 'createdTime');
  }
  if (!sawAny && order.length === 0) order.push('value');
  const { columns, problems: headerProblems } = normaliseHeaders(order, where);
  problems.push(...headerProblems);
  const keys = [...order];
  return {
    name: tableName,
    file,
    path: filePath,
    format: 'json',
    columns,
    ...(shape.airtable ? { key: ['id'] } : {}),
    problems,
    size: stat.size,
    rows: (opts?: RowsOptions) => jsonRows(filePath, shape, keys, where, opts ?? {}, stat.size),
  };
}

function looksNdjson(sample: string): boolean {
  const nl = sample.indexOf('\n');
  if (nl === -1) return false;
  const firstLine = sample.slice(0, nl).trim();
  if (!firstLine.startsWith('{')) return false;
  try {
    JSON.parse(firstLine);
  } catch {
    return false;
  }
  const rest = sample.slice(nl + 1).trimStart();
  return rest.startsWith('{');
}

function isAirtableRecord(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && !!o.fields && typeof o.fields === 'object' && !Array.isArray(o.fields);
}

function recordObject(v: unknown, airtable: boolean): Record<string, unknown> {
  if (airtable && isAirtableRecord(v)) {
    const o = v as { id: string; fields: Record<string, unknown>; createdTime?: unknown };
    return { id: o.id, ...o.fields, createdTime: o.createdTime ?? null };
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  return { value: v };
}

/** `{a: {b: 1}}` → `{'a.b': 1}`; arrays stay as they are (lists). */
export function flatten(
  o: Record<string, unknown>,
  prefix = '',
  depth = 0,
  out: Record<string, RawValue> = {},
): Record<string, RawValue> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      if (depth >= MAX_FLATTEN_DEPTH) out[key] = v as RawValue;
      else if (Object.keys(v).length === 0) out[key] = null;
      else flatten(v as Record<string, unknown>, key, depth + 1, out);
    } else out[key] = (v ?? null) as RawValue;
  }
  return out;
}

async function* jsonRows(
  filePath: string,
  shape: JsonShape,
  keys: string[],
  where: { file: string; table: string },
  opts: RowsOptions,
  size: number,
): AsyncGenerator<RawRow> {
  const report = opts.onProblem ?? (() => {});
  for await (const item of items(filePath, shape, opts, () => {}, size)) {
    if (item.kind === 'bad') {
      report({
        ...where,
        row: item.row,
        value: item.text.slice(0, 200),
        reason: item.reason,
        stage: 'read',
        action: 'skipped',
      });
      continue;
    }
    const flat = flatten(recordObject(item.value, shape.airtable));
    yield { row: item.row, values: keys.map((k) => (k in flat ? flat[k] : null)) };
  }
}

async function* items(
  filePath: string,
  shape: JsonShape,
  opts: RowsOptions,
  onListKey: (key: string) => void,
  size: number,
): AsyncGenerator<Item> {
  const file = path.basename(filePath);
  const text = readText(filePath, shape.encoding, { signal: opts.signal, onBytes: opts.onBytes });
  if (shape.mode === 'ndjson') {
    let pending = '';
    let line = 0;
    for await (const chunk of text) {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        const item = parseLine(pending.slice(0, nl), ++line);
        pending = pending.slice(nl + 1);
        if (item) yield item;
      }
    }
    const item = parseLine(pending, ++line);
    if (item) yield item;
    return;
  }
  const scanner = new JsonRecordScanner();
  let n = 0;
  for await (const chunk of text) {
    for (const t of scanner.feed(chunk)) yield parseElement(t, ++n);
    if (scanner.root === 'scalar') break;
    if (scanner.pending > MAX_RECORD_CHARS) {
      yield {
        kind: 'bad',
        row: n + 1,
        reason: 'This record never ends (the file is malformed from here); the rest was not read.',
        text: '',
      };
      return;
    }
    if (scanner.ended) return;
  }
  if (scanner.root === 'scalar') {
    throw new FerryError('not-records', `"${file}" is not a list of records: it holds a single value.`);
  }
  const left = scanner.leftover();
  if (left !== undefined && left.trim()) {
    yield {
      kind: 'bad',
      row: n + 1,
      reason: 'The file ends in the middle of this record (it was cut short).',
      text: left,
    };
  } else if (scanner.root === 'object' && !scanner.found) {
    // An object holding no list: read it whole as a single record, if it is small enough to.
    if (size > MAX_SINGLE_OBJECT_BYTES) {
      throw new FerryError('not-records', `"${file}" holds one large object, not a list of records.`);
    }
    let whole = '';
    for await (const chunk of readText(filePath, shape.encoding, {})) whole += chunk;
    yield parseElement(whole, 1);
    return;
  } else if (!scanner.ended && scanner.found) {
    yield { kind: 'bad', row: n + 1, reason: 'The list of records is not closed: the file was cut short.', text: '' };
  }
  if (scanner.found && scanner.listKey) onListKey(scanner.listKey);
}

/** Records nested deeper than this are refused: deeper JSON is not a table, and would exhaust the stack. */
const MAX_NESTING = 64;

function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_NESTING) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function parseElement(text: string, row: number): Item {
  if (tooDeep(text)) {
    return {
      kind: 'bad',
      row,
      reason: `Record ${row} is nested more than ${MAX_NESTING} levels deep; skipped.`,
      text: text.slice(0, 200),
    };
  }
  try {
    return { kind: 'record', row, value: JSON.parse(text) };
  } catch (err) {
    const why = err instanceof RangeError ? 'it is nested too deeply' : 'it is not valid JSON';
    return { kind: 'bad', row, reason: `Record ${row} could not be read: ${why}; skipped.`, text };
  }
}

function parseLine(line: string, row: number): Item | undefined {
  const t = line.trim();
  if (!t) return undefined;
  if (tooDeep(t))
    return {
      kind: 'bad',
      row,
      reason: `Line ${row} is nested more than ${MAX_NESTING} levels deep; skipped.`,
      text: t.slice(0, 200),
    };
  try {
    return { kind: 'record', row, value: JSON.parse(t) };
  } catch {
    return { kind: 'bad', row, reason: `Line ${row} is not valid JSON; skipped.`, text: t };
  }
}
