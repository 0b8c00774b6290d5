import { MAPPING_VERSION, type FieldType, type MappingDocument, type TableSpec } from './document.js';
import { columnNameFor, freeName, headerSimilarity, nameWithSuffix, tableNameFor } from './names.js';
import type { Template, TemplateTable } from './templates/template.js';
import { SYSTEM_COLUMN_SET } from '../target/system-columns.js';

/** What suggestions need to know about an export: table names, headers and (when known) inferred types. */
export interface SourceShape {
  name: string;
  columns: { name: string; type?: FieldType; confidence?: number }[];
  /** Detected links: this column holds names from `table`'s first column. */
  links?: { column: string; table: string; matched?: number; total?: number }[];
}

export interface FieldSuggestion {
  table: string;
  column: string;
  source: string;
  /** 0..1 */
  score: number;
  /** One sentence a person can read. */
  reason: string;
}

export interface MappingSuggestion {
  mapping: MappingDocument;
  suggestions: FieldSuggestion[];
  /** Source columns no field took; they go to the `extra` column unless the user maps them. */
  unmatched: { sourceTable: string; column: string }[];
  /** Template fields and tables the export did not have. */
  missing: { table: string; column?: string; reason: string }[];
}

const ACCEPT = 0.6;

/** Fit a template to the headers of an export. */
export function suggestFromTemplate(template: Template, sources: SourceShape[]): MappingSuggestion {
  const suggestions: FieldSuggestion[] = [];
  const missing: MappingSuggestion['missing'] = [];
  const tables: TableSpec[] = [];
  const usedSources = new Set<string>();
  for (const tt of template.tables) {
    const src = bestSource(tt, sources, usedSources);
    if (!src) {
      missing.push({ table: tt.name, reason: `No file in the export looks like "${tt.sources[0]}".` });
      continue;
    }
    usedSources.add(src.name);
    tables.push(fitTable(tt, src, suggestions, missing));
  }
  // A link to a table the export lacks cannot be kept.
  const names = new Set(tables.map((t) => t.name));
  for (const t of tables) {
    const dropped = t.links.filter((l) => !names.has(l.table));
    t.links = t.links.filter((l) => names.has(l.table));
    for (const l of dropped) {
      if (!t.key.includes(l.column)) {
        missing.push({
          table: t.name,
          column: l.column,
          reason: `"${l.table}" is not in the export, so this link was left out.`,
        });
        continue;
      }
      // Part of the key (a print and its edition number): without it, rows of different parents
      // would look like duplicates of each other. The parent's name, as text, takes its place.
      const taken = new Set([...t.fields.map((f) => f.column), ...t.links.map((l2) => l2.column)]);
      const column = freeName(
        l.column.replace(/_id$/, '') || 'parent',
        (c) => taken.has(c) || SYSTEM_COLUMN_SET.has(c),
      );
      t.fields.push({ column, source: [l.source], type: 'text', required: false, transforms: ['trim'] });
      t.key = t.key.map((k) => (k === l.column ? column : k));
      missing.push({
        table: t.name,
        column: l.column,
        reason: `"${l.table}" is not in the export, so "${l.source}" is kept as text in "${column}", which still identifies rows with the rest of the key.`,
      });
    }
    // A key part that was not found makes the key unusable: fall back to the first field.
    if (!t.key.every((k) => t.fields.some((f) => f.column === k) || t.links.some((l) => l.column === k))) {
      const first = t.fields[0]?.column;
      missing.push({
        table: t.name,
        reason: `Not every key field was found; "${first}" is used as the key instead. Check it.`,
      });
      t.key = first ? [first] : [];
    }
  }
  const mapping: MappingDocument = { version: MAPPING_VERSION, template: template.id, schema: 'public', tables };
  return { mapping, suggestions, unmatched: unmatchedColumns(mapping, sources), missing };
}

function bestSource(tt: TemplateTable, sources: SourceShape[], used: Set<string>): SourceShape | undefined {
  let best: { s: SourceShape; score: number } | undefined;
  for (const s of sources) {
    if (used.has(s.name)) continue;
    const score = Math.max(...tt.sources.map((a) => headerSimilarity(a, s.name)), headerSimilarity(tt.name, s.name));
    if (score >= ACCEPT && (!best || score > best.score)) best = { s, score };
  }
  return best?.s;
}

function fitTable(
  tt: TemplateTable,
  src: SourceShape,
  out: FieldSuggestion[],
  missing: MappingSuggestion['missing'],
): TableSpec {
  // Every (template field, header) pair scored; best pairs taken first so one header feeds one field.
  type Want = { kind: 'field' | 'link'; index: number; column: string; aliases: string[] };
  const wants: Want[] = [
    ...tt.fields.map((f, index) => ({ kind: 'field' as const, index, column: f.column, aliases: f.aliases })),
    ...(tt.links ?? []).map((l, index) => ({ kind: 'link' as const, index, column: l.column, aliases: l.aliases })),
  ];
  const pairs: { w: Want; header: string; score: number; alias: string }[] = [];
  for (const w of wants) {
    for (const c of src.columns) {
      let best = { score: 0, alias: w.aliases[0] };
      for (const a of w.aliases) {
        // Earlier aliases are the usual names: a tiny bonus breaks ties in their favour.
        const score = headerSimilarity(a, c.name) - w.aliases.indexOf(a) * 0.001;
        if (score > best.score) best = { score, alias: a };
      }
      if (best.score >= ACCEPT) pairs.push({ w, header: c.name, ...best });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const takenHeaders = new Set<string>();
  const chosen = new Map<Want, { header: string; score: number; alias: string }>();
  for (const p of pairs) {
    if (takenHeaders.has(p.header) || chosen.has(p.w)) continue;
    takenHeaders.add(p.header);
    chosen.set(p.w, p);
  }
  const table: TableSpec = {
    name: tt.name,
    source: src.name,
    key: [...tt.key],
    fields: [],
    links: [],
    duplicates: tt.duplicates ?? { keep: 'first' },
    onMissing: 'keep',
    keepExtra: true,
  };
  for (const w of wants) {
    const c = chosen.get(w);
    if (!c) {
      missing.push({
        table: tt.name,
        column: w.column,
        reason: `No column in "${src.name}" looks like "${w.aliases[0]}".`,
      });
      continue;
    }
    const score = Math.max(0, Math.min(1, Math.round(c.score * 100) / 100));
    const reason =
      score >= 0.95
        ? `The header "${c.header}" is the usual name for ${w.column.replace(/_/g, ' ')}.`
        : `The header "${c.header}" is close to "${c.alias}".`;
    out.push({ table: tt.name, column: w.column, source: c.header, score, reason });
    if (w.kind === 'field') {
      const f = tt.fields[w.index];
      table.fields.push({
        column: f.column,
        source: [c.header],
        type: f.type,
        required: f.required ?? false,
        transforms: f.transforms ?? ['trim'],
        ...(f.allowed ? { allowed: f.allowed } : {}),
      });
    } else {
      const l = tt.links![w.index];
      table.links.push({
        column: l.column,
        source: c.header,
        table: l.table,
        onUnresolved: l.onUnresolved ?? 'pending',
        required: false,
      });
    }
  }
  if (table.duplicates.prefer && !table.fields.some((f) => f.column === table.duplicates.prefer!.column)) {
    table.duplicates = { keep: 'first' };
  }
  return table;
}

/**
 * Columns the generic template maps per table (Airtable itself allows 500 fields); a wider
 * spreadsheet's other columns are kept in `extra`, and a row of numbers still fits in a page.
 */
const GENERIC_COLUMNS = 500;

/** One table per source table; types from inference; links from detected links; the first column is the key. */
export function suggestGeneric(sources: SourceShape[]): MappingSuggestion {
  const suggestions: FieldSuggestion[] = [];
  const used = new Set<string>();
  const tableName = new Map<string, string>();
  for (const s of sources) {
    const name = freeName(tableNameFor(s.name), (n) => used.has(n));
    used.add(name);
    tableName.set(s.name, name);
  }
  const tables: TableSpec[] = sources.map((s) => {
    const name = tableName.get(s.name)!;
    const linkCols = new Map(
      (s.links ?? []).filter((l) => tableName.has(l.table) && l.table !== s.name).map((l) => [l.column, l]),
    );
    const cols = new Set<string>();
    const unique = (base: string) => {
      const c = freeName(base, (n) => cols.has(n) || SYSTEM_COLUMN_SET.has(n));
      cols.add(c);
      return c;
    };
    const t: TableSpec = {
      name,
      source: s.name,
      key: [],
      fields: [],
      links: [],
      duplicates: { keep: 'first' },
      onMissing: 'keep',
      keepExtra: true,
    };
    // Past what a table can hold, columns are left unmapped: they are kept in `extra`.
    s.columns.slice(0, GENERIC_COLUMNS).forEach((c, i) => {
      const link = linkCols.get(c.name);
      if (link && i > 0) {
        const column = unique(nameWithSuffix(columnNameFor(c.name), '_id'));
        t.links.push({
          column,
          source: c.name,
          table: tableName.get(link.table)!,
          onUnresolved: 'pending',
          required: false,
        });
        const share = link.total ? ` (${link.matched ?? 0} of ${link.total} names found)` : '';
        suggestions.push({
          table: name,
          column,
          source: c.name,
          score: 0.8,
          reason: `Its values are names from "${link.table}"${share}.`,
        });
        return;
      }
      const column = unique(columnNameFor(c.name));
      const type = i === 0 ? 'text' : (c.type ?? 'text');
      t.fields.push({ column, source: [c.name], type, required: i === 0, transforms: ['trim'] });
      if (i === 0) t.key = [column];
      const confidence = c.confidence ?? (c.type ? 0.7 : 0.5);
      suggestions.push({
        table: name,
        column,
        source: c.name,
        score: Math.round(confidence * 100) / 100,
        reason:
          i === 0
            ? 'The first column of an Airtable export is its primary field, so it identifies a row.'
            : `Most values in "${c.name}" look like ${type}.`,
      });
    });
    return t;
  });
  const mapping: MappingDocument = { version: MAPPING_VERSION, template: 'generic', schema: 'public', tables };
  return { mapping, suggestions, unmatched: unmatchedColumns(mapping, sources), missing: [] };
}

export function unmatchedColumns(
  mapping: MappingDocument,
  sources: SourceShape[],
): { sourceTable: string; column: string }[] {
  const out: { sourceTable: string; column: string }[] = [];
  for (const s of sources) {
    const t = mapping.tables.find((x) => x.source === s.name);
    const used = new Set([...(t?.fields.flatMap((f) => f.source) ?? []), ...(t?.links.map((l) => l.source) ?? [])]);
    for (const c of s.columns) if (!used.has(c.name)) out.push({ sourceTable: s.name, column: c.name });
  }
  return out;
}
