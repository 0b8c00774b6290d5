import type { Progress } from '../api/define.js';
import { FerryError } from '../api/errors.js';
import type { Connection } from '../api/ops/connection-input.js';
import { assertSyncAllowed } from '../cutover/guard.js';
import type { FerryEnv } from '../env/env.js';
import type { RunRecorder } from '../history/recorder.js';
import { openHistoryStore } from '../history/store.js';
import type { FieldType } from '../mapping/document.js';
import { suggestFromTemplate, suggestGeneric, type MappingSuggestion, type SourceShape } from '../mapping/suggest.js';
import { findTemplate } from '../mapping/templates/index.js';
import { checkMapping } from '../mapping/validate.js';
import { createPlan, type PlanSession } from '../plan/plan.js';
import type { ApplyResult } from '../plan/types.js';
import { inspectExportSet } from '../source/inspect.js';
import { readExportSet } from '../source/export-set.js';
import { describeConnection, resolveConnection } from '../target/connection.js';
import { applyPlan, type ConflictPolicy } from './apply.js';

interface Work {
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

/** Reads the export files, checks the mapping, and makes a dry run against the target. */
export async function planFiles(
  env: FerryEnv,
  input: {
    target: Connection;
    paths: string[];
    mapping: unknown;
    mode: 'incremental' | 'full' | 'merge';
    workspaceId?: string;
  } & Work,
): Promise<PlanSession> {
  const check = checkMapping(input.mapping);
  if (!check.ok) {
    throw new FerryError(
      'invalid-mapping',
      `The mapping is not complete: ${check.issues.map((i) => i.message).join(' ')}`,
      check.issues,
    );
  }
  const set = await readExportSet(input.paths, { signal: input.signal, progress: input.progress });
  const config = await resolveConnection(input.target, env);
  const session = await createPlan({
    config,
    mapping: check.mapping,
    order: check.order,
    sources: set.tables,
    files: set.files,
    readProblems: set.problems,
    mode: input.mode,
    target: describeConnection(input.target),
    signal: input.signal,
    progress: input.progress,
  });
  session.connection = input.target;
  session.workspaceId = input.workspaceId;
  return session;
}

/**
 * Applies a plan and records the run in the local history (or the recorder given): the run is
 * begun before the transaction and ended with its counts, or as failed / cancelled.
 */
export async function applyAndRecord(
  env: FerryEnv,
  session: PlanSession,
  opts: { conflictPolicy: ConflictPolicy; recorder?: RunRecorder; snapshot?: boolean } & Work,
): Promise<ApplyResult> {
  const store = opts.recorder ? undefined : openHistoryStore(env.home);
  const recorder: RunRecorder = opts.recorder ?? store!;
  try {
    const workspaceId =
      session.workspaceId ??
      (store && session.connection ? store.workspaceForTarget(session.connection).id : 'default');
    // Cutover: no export is written in postgres-only, and none overwrites PostgreSQL edits in postgres-primary.
    await assertSyncAllowed(env, workspaceId, opts.conflictPolicy);
    const runId = await recorder.begin({
      workspaceId,
      kind: 'sync',
      mode: session.mode,
      dryRun: false,
      files: session.files,
      mapping: session.mapping,
    });
    try {
      const result = await applyPlan(session, {
        runId,
        workspaceId,
        conflictPolicy: opts.conflictPolicy,
        snapshot: opts.snapshot,
        signal: opts.signal,
        progress: opts.progress,
      });
      await recorder.end(runId, {
        status: 'completed',
        tables: result.tables,
        problems: session.log.list,
        ruleEffects: session.log.ruleEffects,
        timings: { plan: session.summary.seconds, ...result.timings },
      });
      // The bench and profiling read where a sync's time went from here.
      if (process.env.FERRY_REPORT_TIMINGS)
        process.stderr.write(
          `ferry-timings=${JSON.stringify({ plan: session.summary.timings, planS: session.summary.seconds, apply: result.timings, applyS: result.seconds })}\n`,
        );
      return result;
    } catch (err) {
      await recorder.end(runId, {
        status: opts.signal.aborted ? 'cancelled' : 'failed',
        tables: {},
        problems: session.log.list,
        ruleEffects: session.log.ruleEffects,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  } finally {
    store?.close();
  }
}

const TYPE_OF: Record<string, FieldType> = {
  text: 'text',
  integer: 'integer',
  decimal: 'decimal',
  money: 'money',
  percent: 'percent',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  list: 'list',
  attachments: 'attachments',
  json: 'text',
};

/** A mapping proposal for export files: a template fitted to their headers, or one table per file. */
export async function suggestForFiles(
  paths: string[],
  templateId: 'art-editions' | 'generic',
  work: Work,
): Promise<MappingSuggestion> {
  const set = await readExportSet(paths, work);
  if (templateId === 'generic') {
    const report = await inspectExportSet(set, work);
    const shapes: SourceShape[] = report.tables.map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: TYPE_OF[c.type] ?? 'text', confidence: c.confidence })),
      links: t.links.map((l) => ({ column: l.column, table: l.toTable, matched: l.matched, total: l.total })),
    }));
    return suggestGeneric(shapes);
  }
  const template = findTemplate(templateId)!;
  return suggestFromTemplate(
    template,
    set.tables.map((t) => ({ name: t.name, columns: t.columns.map((name) => ({ name })) })),
  );
}
