import type { FileFingerprint, ProblemRecord, RuleEffect, TableCounts } from '../history/recorder.js';

/**
 * Everything an import report shows, for a run or a plan, already sorted into the sections a
 * person reads: HTML and CSV are two renderings of this one model.
 */
export interface ReportModel {
  subject: 'run' | 'plan';
  id: string;
  title: string;
  workspace?: string;
  target?: string;
  when: string;
  /** e.g. `completed`, `dry run`. */
  status?: string;
  mode?: string;
  files: FileFingerprint[];
  tables: Record<string, TableCounts>;
  standardised: RuleEffect[];
  defaults: RuleEffect[];
  duplicates: { table?: string; rule: string; count: number; examples: { before: string; after: string }[] }[];
  duplicateRows: ProblemRecord[];
  skipped: ProblemRecord[];
  unresolvedLinks: ProblemRecord[];
  conflicts: ProblemRecord[];
  problemsByColumn: { table: string; column: string; count: number; examples: ProblemRecord[] }[];
  problems: ProblemRecord[];
}

export interface ReportSource {
  subject: 'run' | 'plan';
  id: string;
  workspace?: string;
  target?: string;
  when: string;
  status?: string;
  mode?: string;
  files: FileFingerprint[];
  tables: Record<string, TableCounts>;
  problems: ProblemRecord[];
  ruleEffects: RuleEffect[];
}

const EXAMPLES_PER_COLUMN = 5;

export function buildReport(src: ReportSource): ReportModel {
  const effects = src.ruleEffects;
  const kindOf = (e: RuleEffect) => e.kind ?? guessKind(e.rule);
  const isDuplicate = (p: ProblemRecord) => p.stage === 'duplicate' || /duplicate|same key as/i.test(p.reason);
  const isLink = (p: ProblemRecord) => p.stage === 'link';
  const isConflict = (p: ProblemRecord) => p.stage === 'conflict';
  const isSkipped = (p: ProblemRecord) =>
    !isDuplicate(p) && !isLink(p) && !isConflict(p) && ['skipped', 'pending', 'rejected'].includes(p.action ?? '');

  const byColumn = new Map<string, { table: string; column: string; count: number; examples: ProblemRecord[] }>();
  for (const p of src.problems) {
    const table = p.table ?? p.file ?? '';
    const column = p.column ?? '';
    const key = `${table}\u0000${column}`;
    let entry = byColumn.get(key);
    if (!entry) byColumn.set(key, (entry = { table, column, count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < EXAMPLES_PER_COLUMN) entry.examples.push(p);
  }

  return {
    subject: src.subject,
    id: src.id,
    title: src.subject === 'run' ? 'Import report' : 'Dry run report',
    ...(src.workspace ? { workspace: src.workspace } : {}),
    ...(src.target ? { target: src.target } : {}),
    when: src.when,
    ...(src.status ? { status: src.status } : {}),
    ...(src.mode ? { mode: src.mode } : {}),
    files: src.files,
    tables: src.tables,
    standardised: effects.filter((e) => kindOf(e) === 'standardise' || kindOf(e) === 'other'),
    defaults: effects.filter((e) => kindOf(e) === 'default'),
    duplicates: effects.filter((e) => kindOf(e) === 'duplicate'),
    duplicateRows: src.problems.filter(isDuplicate),
    skipped: src.problems.filter(isSkipped),
    unresolvedLinks: src.problems.filter(isLink),
    conflicts: src.problems.filter(isConflict),
    problemsByColumn: [...byColumn.values()].sort(
      (a, b) => b.count - a.count || a.table.localeCompare(b.table) || a.column.localeCompare(b.column),
    ),
    problems: src.problems,
  };
}

function guessKind(rule: string): RuleEffect['kind'] {
  if (/^default|default\b/i.test(rule)) return 'default';
  if (/duplicate/i.test(rule)) return 'duplicate';
  return 'standardise';
}
