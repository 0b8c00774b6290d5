import type { ProblemRecord, RuleEffect } from '../history/recorder.js';

/** Problems listed in full up to this many per table; beyond it only counted. */
const DETAIL_LIMIT = 2000;

/** Collects problems and rule effects of one plan without letting a million bad cells fill memory. */
export class ProblemLog {
  readonly list: ProblemRecord[] = [];
  private readonly perTable = new Map<string, number>();
  /** By table, then by rule: a sync counts millions of rule effects, and a joined key string per cell cost ~0.2 s. */
  private readonly effects = new Map<string, Map<string, RuleEffect>>();

  add(p: ProblemRecord): void {
    const table = p.table ?? '';
    const n = (this.perTable.get(table) ?? 0) + 1;
    this.perTable.set(table, n);
    if (n <= DETAIL_LIMIT) this.list.push(p);
  }

  /** Counts problems that are not listed one by one (beyond the listing limit of a SQL query). */
  bump(table: string, n: number): void {
    if (n > 0) this.perTable.set(table, (this.perTable.get(table) ?? 0) + n);
  }

  count(table: string): number {
    return this.perTable.get(table) ?? 0;
  }

  /** Problems that were counted but not listed. */
  get unlisted(): number {
    let total = 0;
    for (const n of this.perTable.values()) total += Math.max(0, n - DETAIL_LIMIT);
    return total;
  }

  rule(rule: string, table: string, column: string, before: string, after: string | null): void {
    let rules = this.effects.get(table);
    if (!rules) {
      rules = new Map();
      this.effects.set(table, rules);
    }
    let e = rules.get(rule);
    if (!e) {
      e = { rule, table, column, count: 0, examples: [] };
      rules.set(rule, e);
    }
    e.count++;
    if (e.examples.length < 3 && !e.examples.some((x) => x.before === before))
      e.examples.push({ before, after: after ?? '' });
  }

  get ruleEffects(): RuleEffect[] {
    return [...this.effects.values()].flatMap((rules) => [...rules.values()]);
  }
}
