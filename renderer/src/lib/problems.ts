import type { ProblemRecord } from '../../../core/history/recorder';
import type { FieldSpec, MappingInput } from '../../../core/mapping/document';

export interface ProblemGroup {
  key: string;
  table?: string;
  column?: string;
  reason: string;
  count: number;
  /** Distinct values, most frequent first (at most 5 kept). */
  values: { value: string; count: number }[];
  /** Up to 5 places, for "where": file and row. */
  examples: ProblemRecord[];
}

/** Problems grouped by table, column and reason, biggest group first: what a person reads. */
export function groupProblems(problems: readonly ProblemRecord[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup & { tally: Map<string, number> }>();
  for (const p of problems) {
    const key = `${p.table ?? ''}\u0000${p.column ?? ''}\u0000${p.reason}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        table: p.table,
        column: p.column,
        reason: p.reason,
        count: 0,
        values: [],
        examples: [],
        tally: new Map(),
      };
      groups.set(key, g);
    }
    g.count++;
    if (g.examples.length < 5) g.examples.push(p);
    if (p.value !== undefined) g.tally.set(p.value, (g.tally.get(p.value) ?? 0) + 1);
  }
  return [...groups.values()]
    .map(({ tally, ...g }) => ({
      ...g,
      values: [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([value, count]) => ({ value, count })),
    }))
    .sort((a, b) => b.count - a.count);
}

export interface FieldRef {
  table: number;
  field: number;
}

/** The mapping field a problem is about: by target table and column, or by the export's header. */
export function findField(mapping: MappingInput, table?: string, column?: string): FieldRef | null {
  if (!column) return null;
  for (let t = 0; t < mapping.tables.length; t++) {
    const spec = mapping.tables[t];
    if (table && spec.name !== table && spec.source !== table) continue;
    const f = spec.fields.findIndex((x) => x.column === column || x.source.includes(column));
    if (f >= 0) return { table: t, field: f };
  }
  return null;
}

type FieldInput = MappingInput['tables'][number]['fields'][number];

export type RuleFix =
  { kind: 'synonym'; values: string[]; to: string } | { kind: 'default'; value: string } | { kind: 'text' };

/** Which fixes make sense for a group: map to an allowed value, fill empty cells, or keep the text as is. */
export function possibleFixes(field: FieldInput, group: ProblemGroup): RuleFix['kind'][] {
  const kinds: RuleFix['kind'][] = [];
  if (field.allowed?.length && group.values.length) kinds.push('synonym');
  if (/empty|missing|required|blank/i.test(group.reason) || !group.values.some((v) => v.value.trim()))
    kinds.push('default');
  if (field.type !== 'text') kinds.push('text');
  return kinds;
}

/** A new mapping with the fix applied to one field; the original is left as it was. */
export function applyFix(mapping: MappingInput, ref: FieldRef, fix: RuleFix): MappingInput {
  const next = structuredClone(mapping);
  const field = next.tables[ref.table].fields[ref.field];
  if (fix.kind === 'synonym') {
    const allowed = field.allowed ?? [];
    const target = allowed.find((a) => a.value === fix.to);
    if (target) target.synonyms = [...new Set([...(target.synonyms ?? []), ...fix.values])];
    else allowed.push({ value: fix.to, synonyms: fix.values });
    field.allowed = allowed;
  } else if (fix.kind === 'default') {
    field.default = fix.value;
  } else {
    field.type = 'text';
  }
  return next;
}

export function describeFix(fix: RuleFix, column: string): string {
  switch (fix.kind) {
    case 'synonym':
      return `${column}: ${fix.values.map((v) => `"${v}"`).join(', ')} → "${fix.to}"`;
    case 'default':
      return `${column}: empty → "${fix.value}"`;
    case 'text':
      return `${column}: keep the values as text`;
  }
}

export type { FieldSpec };
