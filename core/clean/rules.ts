import type { RuleEffect } from '../history/recorder.js';

/**
 * Value rules a user adds and sees in the report. They run on the raw text of a cell, before
 * the type's cleaner, so `N/A` → empty can rescue a number column.
 * - standardise: `from` (matched ignoring case and surrounding/repeated spaces) becomes `to`
 *   (`null` empties the cell): `large ` → `Large`, `Unknown` → empty.
 * - default: an empty cell gets `value`.
 * - allowed: a value outside `values` is reported; kept (default) or emptied.
 */
export type ValueRule =
  | { kind: 'standardise'; from: string | string[]; to: string | null; caseSensitive?: boolean }
  | { kind: 'default'; value: string }
  | { kind: 'allowed'; values: string[]; otherwise?: 'keep' | 'empty'; caseSensitive?: boolean };

const MAX_RULE_EXAMPLES = 5;

function normalise(s: string, caseSensitive?: boolean): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return caseSensitive ? t : t.toLowerCase();
}

export function describeRule(rule: ValueRule, column?: string): string {
  const prefix = column ? `${column}: ` : '';
  switch (rule.kind) {
    case 'standardise': {
      const from = (Array.isArray(rule.from) ? rule.from : [rule.from]).map((f) => `"${f}"`).join(', ');
      return `${prefix}${from} → ${rule.to === null ? 'empty' : `"${rule.to}"`}`;
    }
    case 'default':
      return `${prefix}empty → "${rule.value}" (default)`;
    case 'allowed':
      return `${prefix}only ${rule.values.map((v) => `"${v}"`).join(', ')} allowed`;
  }
}

/** Counts what each rule did, with a few examples, for the import report. */
export class RuleTally {
  private readonly byRule = new Map<string, RuleEffect>();

  record(
    rule: string,
    before: string | null,
    after: string | null,
    where: { table?: string; column?: string } = {},
  ): void {
    const key = `${where.table ?? ''}\u0000${where.column ?? ''}\u0000${rule}`;
    let effect = this.byRule.get(key);
    if (!effect) {
      effect = { rule, ...where, count: 0, examples: [] };
      this.byRule.set(key, effect);
    }
    effect.count++;
    const b = before ?? '';
    const a = after ?? '';
    if (effect.examples.length < MAX_RULE_EXAMPLES && !effect.examples.some((e) => e.before === b)) {
      effect.examples.push({ before: b, after: a });
    }
  }

  effects(): RuleEffect[] {
    return [...this.byRule.values()];
  }
}

/** Rules prepared once per column: lookups are a map hit per value, not a loop over rules. */
export interface CompiledRules {
  apply(raw: string | null, tally?: RuleTally): { value: string | null; problem?: string };
}

export function compileRules(rules: ValueRule[], where: { table?: string; column?: string } = {}): CompiledRules {
  type Step = (v: string | null, tally?: RuleTally) => { value: string | null; problem?: string };
  const steps = rules.map((rule): Step => {
    const name = describeRule(rule, where.column);
    if (rule.kind === 'standardise') {
      const froms = new Set(
        (Array.isArray(rule.from) ? rule.from : [rule.from]).map((f) => normalise(f, rule.caseSensitive)),
      );
      return (v: string | null, tally?: RuleTally) => {
        if (v === null || !froms.has(normalise(v, rule.caseSensitive))) return { value: v };
        if (v !== rule.to) tally?.record(name, v, rule.to, where);
        return { value: rule.to };
      };
    }
    if (rule.kind === 'default') {
      return (v: string | null, tally?: RuleTally) => {
        if (v !== null && v.trim() !== '') return { value: v };
        tally?.record(name, v, rule.value, where);
        return { value: rule.value };
      };
    }
    const allowed = new Set(rule.values.map((a) => normalise(a, rule.caseSensitive)));
    return (v: string | null, tally?: RuleTally) => {
      if (v === null || v.trim() === '' || allowed.has(normalise(v, rule.caseSensitive))) return { value: v };
      const emptied = rule.otherwise === 'empty';
      if (emptied) tally?.record(name, v, null, where);
      return {
        value: emptied ? null : v,
        problem: `"${v}" is not one of the allowed values (${rule.values.join(', ')}); ${emptied ? 'left empty' : 'kept as is'}.`,
      };
    };
  });
  return {
    apply(raw, tally) {
      let value = raw;
      let problem: string | undefined;
      for (const step of steps) {
        const r = step(value, tally);
        value = r.value;
        if (r.problem) problem = r.problem;
      }
      return problem ? { value, problem } : { value };
    },
  };
}

/** One-off form of `compileRules(...).apply(...)`. */
export function applyRules(
  raw: string | null,
  rules: ValueRule[],
  tally?: RuleTally,
  where: { table?: string; column?: string } = {},
): { value: string | null; problem?: string } {
  return compileRules(rules, where).apply(raw, tally);
}
