import { MAX_BUSINESS_COLUMNS, SYSTEM_COLUMNS } from '../target/system-columns.js';
import { mappingDocument, type MappingDocument, type TableSpec } from './document.js';

export { SYSTEM_COLUMNS };

export interface MappingIssue {
  path: string;
  message: string;
}

export type MappingCheck =
  { ok: true; mapping: MappingDocument; order: string[]; issues: [] } | { ok: false; issues: MappingIssue[] };

/** Schema check, then the rules a schema cannot express: names, keys, links, and an order with parents first. */
export function checkMapping(raw: unknown): MappingCheck {
  const parsed = mappingDocument.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const mapping = parsed.data;
  const issues: MappingIssue[] = [];
  if (mapping.schema.toLowerCase() === 'ferry' || mapping.schema.startsWith('pg_')) {
    issues.push({ path: 'schema', message: `"${mapping.schema}" is reserved; choose another schema name.` });
  }
  const byName = new Map<string, TableSpec>();
  mapping.tables.forEach((t, ti) => {
    if (byName.has(t.name)) issues.push({ path: `tables.${ti}.name`, message: `Two tables are called "${t.name}".` });
    byName.set(t.name, t);
  });
  mapping.tables.forEach((t, ti) => issues.push(...checkTable(t, `tables.${ti}`)));
  mapping.tables.forEach((t, ti) =>
    t.links.forEach((l, li) => {
      const parent = byName.get(l.table);
      const path = `tables.${ti}.links.${li}`;
      if (!parent)
        return issues.push({ path, message: `"${l.column}" links to "${l.table}", which is not in the mapping.` });
      if (parent.name === t.name)
        return issues.push({ path, message: `"${l.column}" links "${t.name}" to itself; this is not supported yet.` });
      const match = l.match ?? (parent.key.length === 1 ? parent.key[0] : undefined);
      if (!match) {
        issues.push({
          path,
          message: `"${parent.name}" has a key of several fields: say which field the names in "${l.source}" match.`,
        });
      } else if (!parent.fields.some((f) => f.column === match)) {
        issues.push({
          path,
          message: `"${parent.name}" has no field "${match}" to match the names in "${l.source}" against.`,
        });
      }
    }),
  );
  const order = parentsFirst(mapping.tables);
  if (!order)
    issues.push({ path: 'tables', message: 'The links between tables go round in a circle; remove one of them.' });
  if (issues.length || !order) return { ok: false, issues };
  return { ok: true, mapping, order, issues: [] };
}

/**
 * Bytes a value takes in a row whatever else is in it: fixed-size types (bigint, timestamptz,
 * date, boolean), and numerics, too small for PostgreSQL to move out of the row.
 */
const FIXED_BYTES: Partial<Record<TableSpec['fields'][number]['type'], number>> = {
  integer: 8,
  datetime: 8,
  date: 4,
  boolean: 1,
  decimal: 8,
  money: 8,
  percent: 8,
};
/** An 8 kB page, less the row header and Ferry's own columns (and the staging table's extras). */
const MAX_FIXED_BYTES = 6000;

function checkTable(t: TableSpec, path: string): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const columns = new Set<string>();
  const add = (name: string, where: string) => {
    if (name.startsWith('_')) {
      issues.push({ path: where, message: `"${name}": column names starting with "_" are kept for Ferry's own use.` });
    } else if ((SYSTEM_COLUMNS as readonly string[]).includes(name)) {
      issues.push({ path: where, message: `"${name}" is a column Ferry keeps for itself; rename this field.` });
    } else if (columns.has(name)) {
      issues.push({ path: where, message: `"${t.name}" has two columns called "${name}".` });
    }
    columns.add(name);
  };
  t.fields.forEach((f, fi) => add(f.column, `${path}.fields.${fi}.column`));
  t.links.forEach((l, li) => add(l.column, `${path}.links.${li}.column`));
  const width = t.fields.length + t.links.length;
  // Numbers, dates and flags take their room in every row, and a row must fit in an 8 kB page.
  const fixedBytes = t.fields.reduce((n, f) => n + (FIXED_BYTES[f.type] ?? 0), 0) + t.links.length * 8;
  if (width > MAX_BUSINESS_COLUMNS) {
    issues.push({
      path: `${path}.fields`,
      message: `"${t.name}" maps ${width} columns, but a PostgreSQL table holds at most ${MAX_BUSINESS_COLUMNS} besides Ferry's own. Leave some unmapped: they are kept in its "extra" column.`,
    });
  } else if (fixedBytes > MAX_FIXED_BYTES) {
    issues.push({
      path: `${path}.fields`,
      message: `"${t.name}" maps too many number, date and yes/no columns to fit in one PostgreSQL row. Leave some unmapped (they are kept in its "extra" column) or map them as text.`,
    });
  }
  t.key.forEach((k, ki) => {
    if (!columns.has(k))
      issues.push({
        path: `${path}.key.${ki}`,
        message: `The key of "${t.name}" names "${k}", which is not one of its fields.`,
      });
  });
  const prefer = t.duplicates.prefer;
  if (t.duplicates.keep === 'prefer' && !prefer) {
    issues.push({
      path: `${path}.duplicates`,
      message: `Say which rows "${t.name}" should prefer when a key appears twice.`,
    });
  }
  if (prefer && !t.fields.some((f) => f.column === prefer.column)) {
    issues.push({
      path: `${path}.duplicates.prefer.column`,
      message: `"${t.name}" has no field "${prefer.column}" to prefer by.`,
    });
  }
  return issues;
}

/** Table names with every linked (parent) table before the tables linking to it; undefined on a cycle. */
export function parentsFirst(tables: TableSpec[]): string[] | undefined {
  const names = new Set(tables.map((t) => t.name));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 'done') return true;
    if (s === 'visiting') return false;
    state.set(name, 'visiting');
    const t = tables.find((x) => x.name === name);
    for (const l of t?.links ?? []) if (names.has(l.table) && l.table !== name && !visit(l.table)) return false;
    state.set(name, 'done');
    order.push(name);
    return true;
  };
  for (const t of tables) if (!visit(t.name)) return undefined;
  return order;
}

/** The column of `parent` that link names are matched against. */
export function linkMatchColumn(parent: TableSpec, match: string | undefined): string {
  return match ?? parent.key[0];
}
