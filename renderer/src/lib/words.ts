import type { TableCounts } from '../../../core/history/recorder';
import type { Phase, RunSummary } from '../../../core/history/types';
import type { PlanSummary } from '../../../core/plan/types';
import { formatCount } from './format';

export const PHASE_LABEL: Record<Phase, string> = {
  parallel: 'Running side by side with Airtable',
  'postgres-primary': 'PostgreSQL is the main copy',
  'postgres-only': 'PostgreSQL only',
};

export const emptyCounts = (): TableCounts => ({
  insert: 0,
  update: 0,
  unchanged: 0,
  retire: 0,
  pending: 0,
  conflict: 0,
  problems: 0,
});

export function sumCounts(tables: Record<string, Partial<TableCounts>> | undefined): TableCounts {
  const total = emptyCounts();
  for (const t of Object.values(tables ?? {}))
    for (const k of Object.keys(total) as (keyof TableCounts)[]) total[k] += t[k] ?? 0;
  return total;
}

/** "12 new, 3 changed, 1 retired" — only what happened; "no changes" when nothing did. */
export function describeCounts(c: Partial<TableCounts>): string {
  const parts: string[] = [];
  if (c.insert) parts.push(`${formatCount(c.insert)} new`);
  if (c.update) parts.push(`${formatCount(c.update)} changed`);
  if (c.retire) parts.push(`${formatCount(c.retire)} retired`);
  if (c.pending) parts.push(`${formatCount(c.pending)} waiting for a link`);
  if (c.conflict) parts.push(`${formatCount(c.conflict)} edited in PostgreSQL`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** `Sync`, `Restore` or `Copy` (fields copied from another database). */
export function runKindWord(kind: RunSummary['kind']): string {
  return kind === 'restore' ? 'Restore' : kind === 'copy' ? 'Copy' : 'Sync';
}

/** One line about how a run ended. */
export function describeRun(run: RunSummary): { text: string; color: string } {
  const what = runKindWord(run.kind);
  switch (run.status) {
    case 'completed':
      return { text: `${what} finished: ${describeCounts(run.totals)}`, color: 'ferry.7' };
    case 'running':
      return { text: `${what} in progress`, color: 'blue.8' };
    case 'cancelled':
      return { text: `${what} cancelled; nothing was written`, color: 'gray.7' };
    case 'interrupted':
      return { text: `${what} was interrupted; nothing was written`, color: 'red.9' };
    case 'failed':
      return { text: `${what} failed${run.error ? `: ${run.error}` : ''}`, color: 'red.8' };
  }
}

export const rowsChanged = (c: Partial<TableCounts>): number => (c.insert ?? 0) + (c.update ?? 0) + (c.retire ?? 0);

/** A plan's per-table counts keyed by table name, in the order they are written. */
export function planCounts(plan: PlanSummary): Record<string, TableCounts> {
  return Object.fromEntries(plan.tables.map((t) => [t.name, t.counts]));
}
