interface RuleField {
  allowed?: { value: string; synonyms?: string[] }[];
  default?: string | number | boolean;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export interface RuleCount {
  rule: string;
  count: number;
}

/**
 * How many of the given values each rule would change, as the engine matches them (case and
 * spacing ignored). Shown next to each rule while editing; the check counts every row exactly.
 */
export function countRuleEffects(field: RuleField, values: readonly string[]): RuleCount[] {
  const counts: RuleCount[] = [];
  for (const a of field.allowed ?? []) {
    const names = new Set([a.value, ...(a.synonyms ?? [])].map(norm));
    const count = values.filter((v) => v !== a.value && v.trim() !== '' && names.has(norm(v))).length;
    counts.push({ rule: `→ "${a.value}"`, count });
  }
  if (field.default !== undefined && field.default !== '')
    counts.push({ rule: `empty → "${String(field.default)}"`, count: values.filter((v) => v.trim() === '').length });
  return counts;
}

/** Values that no allowed value or synonym accepts: what the check would report as problems. */
export function notAllowed(field: RuleField, values: readonly string[]): string[] {
  if (!field.allowed?.length) return [];
  const names = new Set(field.allowed.flatMap((a) => [a.value, ...(a.synonyms ?? [])]).map(norm));
  return [...new Set(values.filter((v) => v.trim() !== '' && !names.has(norm(v))))];
}
