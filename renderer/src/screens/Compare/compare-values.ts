import type { Input } from '../../../../core/api/contract';
import type { FieldTransform } from '../../../../core/api/ops/compare';
import type { CompareTable } from '../../../../core/compare/types';
import { emptyTarget, targetErrors, toConnectionInput, type TargetDraft } from '../../lib/connection';

export const STEPS = [
  { label: 'Databases' },
  { label: 'Tables and keys' },
  { label: 'Fields' },
  { label: 'Dry run' },
  { label: 'Copy' },
] as const;

export type TransformKind = 'none' | FieldTransform['kind'];

export interface FieldChoice {
  source: string;
  copy: boolean;
  target: string;
  transform: TransformKind;
  /** For a value map: one `old => new` per line. */
  map: string;
}

export interface CompareValues {
  from: TargetDraft;
  to: TargetDraft;
  /** `schema.name` of the chosen tables. */
  sourceTable: string | null;
  targetTable: string | null;
  keys: { source: string; target: string }[];
  fields: FieldChoice[];
}

export const initialCompareValues = (): CompareValues => ({
  from: { ...emptyTarget(), kind: 'url' },
  to: { ...emptyTarget(), kind: 'url' },
  sourceTable: null,
  targetTable: null,
  keys: [],
  fields: [],
});

export const tableId = (t: Pick<CompareTable, 'schema' | 'name'>) => `${t.schema}.${t.name}`;
export const tableLabel = (t: Pick<CompareTable, 'schema' | 'name'>) =>
  t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;

export function findTable(tables: CompareTable[], id: string | null): CompareTable | undefined {
  return tables.find((t) => tableId(t) === id);
}

/** The target table with the source table's name, if there is one. */
export function matchingTable(source: CompareTable | undefined, targets: CompareTable[]): string | null {
  if (!source) return null;
  const same =
    targets.find((t) => t.name === source.name && t.schema === source.schema) ??
    targets.find((t) => t.name === source.name);
  return same ? tableId(same) : null;
}

/** Every non-key source column, copied by default when the target has a column of that name. */
export function defaultFields(source: CompareTable, target: CompareTable, keys: string[]): FieldChoice[] {
  const targetNames = new Set(target.columns.map((c) => c.name));
  return source.columns
    .filter((c) => !keys.includes(c.name))
    .map((c) => ({ source: c.name, copy: targetNames.has(c.name), target: c.name, transform: 'none', map: '' }));
}

/** `old => new` lines as a value map; lines without `=>` are ignored. */
export function parseValueMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=>');
    if (at < 0) continue;
    map[line.slice(0, at).trim()] = line.slice(at + 2).trim();
  }
  return map;
}

/** What blocks "Next" on a step, in plain words, keyed by field. */
export function compareStepErrors(step: number, v: CompareValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === 0) {
    Object.assign(errors, targetErrors(v.from, 'from'), targetErrors(v.to, 'to'));
  }
  if (step === 1) {
    if (!v.sourceTable) errors.sourceTable = 'Choose the table to copy from';
    if (!v.targetTable) errors.targetTable = 'Choose the table to copy into';
    if (!v.keys.length) errors.keys = 'Choose the column (or columns) that identify a row in both tables';
    v.keys.forEach((k, i) => {
      if (!k.target) errors[`keys.${i}`] = `Choose the target column that matches "${k.source}"`;
    });
  }
  if (step === 2) {
    const copied = v.fields.filter((f) => f.copy);
    if (!copied.length) errors.fields = 'Choose at least one field to copy';
    const keyTargets = new Set(v.keys.map((k) => k.target));
    const seen = new Set<string>();
    for (const f of copied) {
      if (!f.target.trim()) errors[`fields.${f.source}`] = `Choose where "${f.source}" goes`;
      else if (keyTargets.has(f.target)) errors[`fields.${f.source}`] = `"${f.target}" is a key column`;
      else if (seen.has(f.target)) errors[`fields.${f.source}`] = `"${f.target}" is chosen twice`;
      else if (f.transform === 'map' && !Object.keys(parseValueMap(f.map)).length)
        errors[`fields.${f.source}`] = 'Write the value map as lines of old => new';
      seen.add(f.target);
    }
  }
  return errors;
}

function splitId(id: string): { schema: string; name: string } {
  const dot = id.indexOf('.');
  return { schema: id.slice(0, dot), name: id.slice(dot + 1) };
}

/** The form as the contract's compare input. */
export function toSpec(v: CompareValues): Input<'compare/plan'> {
  return {
    from: toConnectionInput(v.from),
    to: toConnectionInput(v.to),
    source: splitId(v.sourceTable ?? ''),
    target: splitId(v.targetTable ?? ''),
    keys: v.keys,
    fields: v.fields
      .filter((f) => f.copy)
      .map((f) => ({
        source: f.source,
        target: f.target.trim(),
        ...(f.transform === 'none'
          ? {}
          : f.transform === 'map'
            ? { transform: { kind: 'map' as const, map: parseValueMap(f.map) } }
            : { transform: { kind: f.transform } }),
      })),
  };
}
