import fs from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FerryError } from '../api/errors.js';
import type { ProblemRecord } from '../history/recorder.js';
import { guessEncoding, readHead } from './encoding.js';
import { normaliseHeaders } from './headers.js';
import { flatten } from './json-reader.js';
import type { RawRow, RawValue, RowsOptions, SourceTable } from './types.js';

/** XML is parsed whole (fast-xml-parser has no streaming mode); beyond this size Ferry asks for CSV. */
const MAX_XML_BYTES = 200 * 1024 * 1024;
const ATTR = '@_';

interface Found {
  path: string[];
  records: unknown[];
}

function parser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    textNodeName: '#text',
    // Entity expansion stays within fast-xml-parser's default limits (no "billion laughs").
    processEntities: true,
  });
}

async function load(filePath: string): Promise<unknown> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath);
  if (stat.size > MAX_XML_BYTES) {
    throw new FerryError('too-large', `"${file}" is too large to read as XML (over 200 MB). Export it as CSV instead.`);
  }
  const head = await readHead(filePath);
  const { encoding } = guessEncoding(head, file);
  const text = new TextDecoder(encoding).decode(await fs.readFile(filePath));
  if (text.trim() === '') throw new FerryError('empty-file', `"${file}" is empty. Export it again.`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The validator lists unclosed tags as a JSON array; say it in words.
    const why = valid.err.msg.startsWith("Invalid '[") ? 'some elements are never closed' : valid.err.msg;
    throw new FerryError(
      'bad-xml',
      `"${file}" is not well-formed XML (line ${valid.err.line}: ${why}). Export it again.`,
    );
  }
  try {
    return parser().parse(text);
  } catch (err) {
    throw new FerryError('bad-xml', `"${file}" could not be read as XML: ${(err as Error).message}`);
  }
}

/**
 * The records are the most repeated element: the longest list of same-named elements anywhere
 * in the tree (the shallowest wins a tie). A document with no repeats gives its single record.
 */
function findRecords(doc: unknown): Found | undefined {
  let best: Found | undefined;
  const walk = (node: unknown, at: string[]) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k.startsWith(ATTR) || k === '#text' || k === '?xml') continue;
      if (Array.isArray(v)) {
        if (!best || v.length > best.records.length) best = { path: [...at, k], records: v };
        for (const item of v.slice(0, 1)) walk(item, [...at, k]);
      } else walk(v, [...at, k]);
    }
  };
  walk(doc, []);
  if (best && best.records.length >= 2) return best;
  // No repeats: the root's one child holding fields is the one record.
  const rootKey = Object.keys(doc as object).find((k) => k !== '?xml');
  if (!rootKey) return undefined;
  const root = (doc as Record<string, unknown>)[rootKey];
  if (root && typeof root === 'object') {
    const kids = Object.entries(root).filter(([k]) => !k.startsWith(ATTR) && k !== '#text');
    if (kids.length === 1 && kids[0][1] && typeof kids[0][1] === 'object') {
      return { path: [rootKey, kids[0][0]], records: [kids[0][1]] };
    }
    return { path: [rootKey], records: [root] };
  }
  return undefined;
}

/** Attributes and child elements become columns; a clash keeps the attribute as `@name`. */
function recordFields(rec: unknown): Record<string, RawValue> {
  if (rec === null || typeof rec !== 'object') return { value: rec === undefined ? null : (rec as RawValue) };
  const o: Record<string, unknown> = {};
  const entries = Object.entries(rec as Record<string, unknown>);
  const childNames = new Set(entries.filter(([k]) => !k.startsWith(ATTR)).map(([k]) => k));
  for (const [k, v] of entries) {
    if (!k.startsWith(ATTR)) continue;
    const name = k.slice(ATTR.length);
    o[childNames.has(name) ? `@${name}` : name] = v;
  }
  for (const [k, v] of entries) {
    if (k.startsWith(ATTR)) continue;
    if (k === '#text') {
      o.value = v;
      continue;
    }
    const x = simplify(v);
    // <price currency="USD">5</price> gives `price` and `price.currency`.
    if (x && typeof x === 'object' && !Array.isArray(x) && '#text' in x) {
      const { '#text': text, ...attrs } = x as Record<string, unknown>;
      o[k] = text;
      for (const [a, av] of Object.entries(attrs)) o[`${k}.${a}`] = av;
    } else o[k] = x;
  }
  return flatten(o);
}

/** A child element with only text is its text; repeated children are a list. */
function simplify(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map((x) => (x && typeof x === 'object' && '#text' in x ? (x as Record<string, unknown>)['#text'] : x));
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '#text') return (v as Record<string, unknown>)['#text'];
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.startsWith(ATTR) ? k.slice(ATTR.length) : k] = simplify(x);
    return out;
  }
  return v === '' ? null : v;
}

export async function openXml(filePath: string, tableName: string): Promise<SourceTable> {
  const file = path.basename(filePath);
  const stat = await fs.stat(filePath);
  const found = findRecords(await load(filePath));
  if (!found) throw new FerryError('not-records', `"${file}" holds no records Ferry can recognise.`);
  const where = { file, table: tableName };
  const declaresEntities = (await readHead(filePath)).toString('latin1').includes('<!ENTITY');
  const problems: ProblemRecord[] = [
    ...(declaresEntities
      ? [
          {
            ...where,
            reason:
              'The file declares its own entities (<!ENTITY>); Ferry does not expand them, so they stay as written.',
            stage: 'read',
            action: 'kept',
          },
        ]
      : []),
    {
      ...where,
      reason: `The records are the <${found.path[found.path.length - 1]}> elements (${found.records.length}).`,
      stage: 'read',
      action: 'kept',
    },
  ];
  const order: string[] = [];
  const seen = new Set<string>();
  for (const rec of found.records) {
    for (const k of Object.keys(recordFields(rec))) {
      if (!seen.has(k)) {
        seen.add(k);
        order.push(k);
      }
    }
  }
  if (order.length === 0) order.push('value');
  const { columns, problems: headerProblems } = normaliseHeaders(order, where);
  problems.push(...headerProblems);
  const recordPath = found.path;
  return {
    name: tableName,
    file,
    path: filePath,
    format: 'xml',
    columns,
    problems,
    size: stat.size,
    rows: (opts?: RowsOptions) => xmlRows(filePath, recordPath, order, opts ?? {}),
  };
}

async function* xmlRows(
  filePath: string,
  recordPath: string[],
  keys: string[],
  opts: RowsOptions,
): AsyncGenerator<RawRow> {
  const doc = await load(filePath);
  opts.onBytes?.((await fs.stat(filePath)).size);
  let node: unknown = doc;
  for (const k of recordPath) {
    if (Array.isArray(node)) node = node[0];
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  }
  const records = Array.isArray(node) ? node : node === undefined ? [] : [node];
  let row = 0;
  for (const rec of records) {
    if (opts.signal?.aborted) return;
    const flat = recordFields(rec);
    yield { row: ++row, values: keys.map((k) => (k in flat ? flat[k] : null)) };
  }
}
