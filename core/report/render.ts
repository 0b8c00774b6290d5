import type { HistoryStore } from '../history/store.js';
import type { PlanSession } from '../plan/plan.js';
import type { RenderedReport } from './types.js';
import { buildReport, type ReportSource } from './model.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';

export function renderReport(source: ReportSource, format: 'html' | 'csv'): RenderedReport {
  const model = buildReport(source);
  const base = `ferry-${source.subject}-${safeFilePart(source.id)}`;
  return format === 'html'
    ? { fileName: `${base}.html`, mimeType: 'text/html', content: renderHtml(model) }
    : { fileName: `${base}.csv`, mimeType: 'text/csv', content: renderCsv(model) };
}

/** The report source of a recorded run: every problem, not just the first page. */
export function runReportSource(store: HistoryStore, runId: string): ReportSource {
  const run = store.run(runId);
  const ws = store.getWorkspace(run.workspaceId);
  const problems = run.problemsTruncated ? store.problems(runId, 0, Number.MAX_SAFE_INTEGER) : run.problems;
  const status = run.dryRun ? 'dry run' : run.kind === 'restore' ? `restore, ${run.status}` : run.status;
  return {
    subject: 'run',
    id: run.runId,
    ...(ws ? { workspace: ws.name, target: ws.targetLabel } : {}),
    when: run.endedAt ?? run.startedAt,
    status: run.error ? `${status}: ${run.error}` : status,
    ...(run.mode ? { mode: run.mode } : {}),
    files: run.files,
    tables: run.tables,
    problems,
    ruleEffects: run.ruleEffects,
  };
}

/** The report source of an open dry run: what a sync would do, before anything is written. */
export function planReportSource(session: PlanSession, workspace?: string): ReportSource {
  const plan = session.summary;
  return {
    subject: 'plan',
    id: plan.planId,
    ...(workspace ? { workspace } : {}),
    target: plan.target,
    when: new Date().toISOString(),
    status: 'dry run: nothing written yet',
    mode: plan.mode,
    files: plan.files,
    tables: Object.fromEntries(plan.tables.map((t) => [t.name, t.counts])),
    problems: session.log.list,
    ruleEffects: plan.ruleEffects,
  };
}

function safeFilePart(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}
