import { throwIfCancelled } from '../api/errors.js';
import type { Progress } from '../api/define.js';
import { ColumnProfiler } from '../clean/infer.js';
import type { ProblemRecord } from '../history/recorder.js';
import { readExportSet } from './export-set.js';
import type { InspectColumn, InspectReport, InspectTable } from './inspect-types.js';
import { detectLinks } from './links.js';
import type { ExportSet, SourceTable } from './types.js';

/** Problems listed per table; beyond this they are only counted. */
const MAX_LISTED_PROBLEMS = 200;

/**
 * Reads an export set and reports, per table, its rows, each column's inferred type with
 * confidence and examples, links to other tables and every problem found. Streams each file:
 * memory does not grow with the number of rows.
 */
export async function inspectFiles(
  paths: string[],
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void } = {},
): Promise<InspectReport> {
  const set = await readExportSet(paths, opts);
  return inspectExportSet(set, opts);
}

/**
 * The last few reports, by the files' fingerprints (content hashes): the wizard's inspect, the
 * attachment count on its export step and a generic mapping all inspect the same export, and a
 * million-row export takes about 20 s to inspect.
 */
const recent = new Map<string, InspectReport>();
const RECENT_REPORTS = 8;

export async function inspectExportSet(
  set: ExportSet,
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void } = {},
): Promise<InspectReport> {
  const key = JSON.stringify(set.files.map((f) => [f.path ?? f.name, f.table, f.size, f.sha256]));
  const cacheable = set.files.length > 0 && set.files.every((f) => f.sha256);
  const known = cacheable ? recent.get(key) : undefined;
  if (known) return structuredClone(known);
  const report = await inspectUncached(set, opts);
  if (cacheable) {
    recent.delete(key);
    recent.set(key, report);
    if (recent.size > RECENT_REPORTS) recent.delete(recent.keys().next().value!);
  }
  return structuredClone(report);
}

async function inspectUncached(
  set: ExportSet,
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void },
): Promise<InspectReport> {
  const tables: InspectTable[] = [];
  const totalBytes = set.tables.reduce((n, t) => n + t.size, 0);
  let doneBytes = 0;
  for (const table of set.tables) {
    tables.push(await inspectTable(table, opts, (b) => doneBytes + b, totalBytes));
    doneBytes += table.size;
  }
  if (set.tables.length > 1) {
    opts.progress?.({ stage: 'links', message: 'Looking for links between tables' });
    const links = await detectLinks(set, opts);
    for (const link of links) {
      const table = tables.find((t) => t.name === link.table);
      if (!table) continue;
      table.links.push(link);
      // A linked-record or lookup column is a list of names, whatever its values looked like alone.
      const column = table.columns.find((c) => c.name === link.column);
      if (column && column.type !== 'list') {
        column.note = `Values name records of ${link.toTable}; read as a list.`;
        column.type = 'list';
        column.counterExamples = link.unmatched;
        delete column.dateOrder;
        delete column.numberLocale;
        delete column.currency;
      }
      if (column) column.confidence = Math.round((link.matched / Math.max(1, link.total)) * 100) / 100;
    }
  }
  throwIfCancelled(opts.signal);
  return {
    tables,
    files: set.files,
    problems: set.problems,
    attachments: tables.some((t) => t.columns.some((c) => c.type === 'attachments')),
  };
}

async function inspectTable(
  table: SourceTable,
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void },
  overall: (bytes: number) => number,
  totalBytes: number,
): Promise<InspectTable> {
  const problems: ProblemRecord[] = [...table.problems];
  let problemCount = problems.length;
  const note = (p: ProblemRecord) => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };
  const profilers = table.columns.map(() => new ColumnProfiler());
  const width = table.columns.length;
  let rows = 0;
  for await (const row of table.rows({
    signal: opts.signal,
    onProblem: note,
    onBytes: (b) =>
      opts.progress?.({
        stage: 'read',
        message: `Reading ${table.file}`,
        done: overall(b),
        total: totalBytes,
        unit: 'bytes',
      }),
  })) {
    rows++;
    const values = row.values;
    for (let c = 0; c < width; c++) {
      const v = values[c];
      profilers[c].add(v);
      // Text that a spreadsheet would run as a formula: kept as text, never run, but worth saying.
      if (typeof v === 'string' && v.length > 1 && v.charCodeAt(0) === 61 /* = */ && looksLikeFormula(v)) {
        note({
          file: table.file,
          table: table.name,
          row: row.row,
          column: table.columns[c],
          value: v.slice(0, 200),
          reason: 'This value looks like a spreadsheet formula. Ferry keeps it as plain text and never runs it.',
          stage: 'read',
          action: 'kept',
        });
      }
    }
  }
  throwIfCancelled(opts.signal);
  if (rows === 0) {
    note({
      file: table.file,
      table: table.name,
      reason: 'The table has a header but no rows.',
      stage: 'read',
      action: 'kept',
    });
  }
  const columns: InspectColumn[] = table.columns.map((name, c) => {
    const inf = profilers[c].infer();
    // The first column is the primary field: one name per record, even when it holds commas.
    if (c === 0 && inf.type === 'list') {
      inf.type = 'text';
      inf.spec = { type: 'text' };
      inf.confidence = 1;
    }
    if (inf.formulaErrors > 0) {
      note({
        file: table.file,
        table: table.name,
        column: name,
        reason: `${inf.formulaErrors} value${inf.formulaErrors === 1 ? ' is a formula error' : 's are formula errors'} (#ERROR!, NaN, #N/A); they will be left empty.`,
        stage: 'clean',
        action: 'emptied',
      });
    }
    if (inf.ambiguousDates) {
      note({
        file: table.file,
        table: table.name,
        column: name,
        reason: inf.note ?? 'Choose the date order.',
        stage: 'clean',
        action: 'pending',
      });
    }
    return {
      name,
      type: inf.type,
      confidence: inf.confidence,
      empty: inf.empty,
      examples: inf.examples,
      counterExamples: inf.counterExamples,
      formulaErrors: inf.formulaErrors,
      ...(inf.spec.dateOrder ? { dateOrder: inf.spec.dateOrder } : {}),
      ...(inf.ambiguousDates ? { ambiguousDates: true, suggestedDateOrder: inf.suggestedDateOrder } : {}),
      ...(inf.spec.numberLocale ? { numberLocale: inf.spec.numberLocale } : {}),
      ...(inf.spec.currency ? { currency: inf.spec.currency } : {}),
      ...(inf.note ? { note: inf.note } : {}),
    };
  });
  return {
    name: table.name,
    file: table.file,
    format: table.format,
    ...(table.sheet ? { sheet: table.sheet } : {}),
    rows,
    columns,
    links: [],
    problems,
    problemCount,
    ...(table.key ? { key: table.key } : {}),
  };
}

function looksLikeFormula(v: string): boolean {
  const c = v.charCodeAt(1);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 40 || c === 43 || c === 45;
}
