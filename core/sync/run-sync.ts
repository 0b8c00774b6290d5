import type { Progress } from '../api/define.js';
import { FerryError } from '../api/errors.js';
import type { Connection } from '../api/ops/connection-input.js';
import { assertSyncAllowed } from '../cutover/guard.js';
import type { FerryEnv } from '../env/env.js';
import type { FileFingerprint, RunRecorder, SyncMode } from '../history/recorder.js';
import { openHistoryStore } from '../history/store.js';
import type { FieldType, MappingDocument } from '../mapping/document.js';
import { suggestFromTemplate, suggestGeneric, type MappingSuggestion, type SourceShape } from '../mapping/suggest.js';
import { findTemplate } from '../mapping/templates/index.js';
import { checkMapping } from '../mapping/validate.js';
import { createPlan, type PlanSession } from '../plan/plan.js';
import type { ApplyResult } from '../plan/types.js';
import { inspectExportSet } from '../source/inspect.js';
import { readExportSet } from '../source/export-set.js';
import { describeConnection, resolveConnection } from '../target/connection.js';
import { applyPlan, type ConflictPolicy } from './apply.js';
import { canLoadFirst, firstLoad, type FirstLoadResult } from './first-load.js';
import { ProblemLog } from '../plan/problems.js';
import { connectWith } from '../target/connect.js';

interface Work {
  signal: AbortSignal;
  progress: (p: Progress) => void;
}

function checkedMapping(mapping: unknown): { mapping: MappingDocument; order: string[] } {
  const check = checkMapping(mapping);
  if (!check.ok) {
    throw new FerryError(
      'invalid-mapping',
      `The mapping is not complete: ${check.issues.map((i) => i.message).join(' ')}`,
      check.issues,
    );
  }
  return check;
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
  const check = checkedMapping(input.mapping);
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
  return recordRun(
    env,
    { ...session, conflictPolicy: opts.conflictPolicy, recorder: opts.recorder, signal: opts.signal },
    async (run) => {
      const result = await applyPlan(session, {
        runId: run.runId,
        workspaceId: run.workspaceId,
        conflictPolicy: opts.conflictPolicy,
        snapshot: opts.snapshot,
        signal: opts.signal,
        progress: opts.progress,
      });
      // The bench and profiling read where a sync's time went from here.
      reportTimings({
        plan: session.summary.timings,
        planS: session.summary.seconds,
        apply: result.timings,
        applyS: result.seconds,
      });
      return { result, timings: { plan: session.summary.seconds, ...result.timings } };
    },
  );
}

interface RunInfo {
  connection?: Connection;
  workspaceId?: string;
  mode: SyncMode;
  files: FileFingerprint[];
  mapping: MappingDocument;
  log: ProblemLog;
  conflictPolicy?: ConflictPolicy;
  recorder?: RunRecorder;
  signal: AbortSignal;
}

/** Begins a run in the history, does it, and ends it with its counts and problems, or as failed / cancelled. */
async function recordRun<R extends { result: ApplyResult }>(
  env: FerryEnv,
  info: RunInfo,
  work: (run: { runId: string; workspaceId: string }) => Promise<R & { timings: Record<string, number> }>,
): Promise<ApplyResult> {
  const store = info.recorder ? undefined : openHistoryStore(env.home);
  const recorder: RunRecorder = info.recorder ?? store!;
  try {
    const workspaceId =
      info.workspaceId ?? (store && info.connection ? store.workspaceForTarget(info.connection).id : 'default');
    // Cutover: no export is written in postgres-only, and none overwrites PostgreSQL edits in postgres-primary.
    await assertSyncAllowed(env, workspaceId, info.conflictPolicy);
    const runId = await recorder.begin({
      workspaceId,
      kind: 'sync',
      mode: info.mode,
      dryRun: false,
      files: info.files,
      mapping: info.mapping,
    });
    try {
      const done = await work({ runId, workspaceId });
      await recorder.end(runId, {
        status: 'completed',
        tables: done.result.tables,
        problems: info.log.list,
        ruleEffects: info.log.ruleEffects,
        timings: done.timings,
      });
      return done.result;
    } catch (err) {
      await recorder.end(runId, {
        status: info.signal.aborted ? 'cancelled' : 'failed',
        tables: {},
        problems: info.log.list,
        ruleEffects: info.log.ruleEffects,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  } finally {
    store?.close();
  }
}

function reportTimings(t: Record<string, unknown>): void {
  if (process.env.FERRY_REPORT_TIMINGS) process.stderr.write(`ferry-timings=${JSON.stringify(t)}\n`);
}

/**
 * A sync into a database that has none of the mapping's tables yet, loaded directly (see
 * first-load.ts) and recorded like any applied sync. Undefined when the database already has one
 * of them, or the mapping links to a table read later: then it takes a dry run and an apply.
 */
export async function loadFirstFiles(
  env: FerryEnv,
  input: {
    target: Connection;
    paths: string[];
    mapping: unknown;
    mode: SyncMode;
    workspaceId?: string;
    recorder?: RunRecorder;
  } & Work,
): Promise<FirstLoadResult | undefined> {
  const mapping = checkedMapping(input.mapping);
  const config = await resolveConnection(input.target, env);
  const probe = await connectWith(config);
  try {
    if (!(await canLoadFirst(probe, mapping.mapping, mapping.order))) return undefined;
  } finally {
    await probe.end().catch(() => {});
  }
  const set = await readExportSet(input.paths, { signal: input.signal, progress: input.progress });
  const log = new ProblemLog();
  for (const p of set.problems) log.add(p);
  let loaded: FirstLoadResult | undefined;
  const info: RunInfo = {
    connection: input.target,
    workspaceId: input.workspaceId,
    mode: input.mode,
    files: set.files,
    mapping: mapping.mapping,
    log,
    recorder: input.recorder,
    signal: input.signal,
  };
  await recordRun(env, info, async (run) => {
    loaded = await firstLoad({
      config,
      mapping: mapping.mapping,
      order: mapping.order,
      sources: set.tables,
      files: set.files,
      mode: input.mode,
      target: describeConnection(input.target),
      runId: run.runId,
      workspaceId: run.workspaceId,
      log,
      signal: input.signal,
      progress: input.progress,
    });
    reportTimings({ firstLoad: loaded.result.timings, seconds: loaded.result.seconds });
    return { result: loaded.result, timings: loaded.result.timings };
  });
  return loaded;
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
