import { FerryError } from '../errors.js';
import type { CallContext, DomainHandlers } from '../handler-types.js';
import type { historyOps } from '../ops/history.js';
import { checkInterruptedRuns } from '../../history/interrupted.js';
import { withHistory } from '../../history/open.js';
import { restoreApply, restorePreview } from '../../history/restore-run.js';
import { checkResync, publicCheck, runResync } from '../../resync/resync.js';
import { planReportSource, renderReport, runReportSource } from '../../report/render.js';
import { findPlan } from '../../sync/plan-registry.js';

/** The files the user chose, or else the folder the last export came from (remembered by the workspace). */
async function exportFiles(workspaceId: string, files: string[] | undefined, ctx: CallContext): Promise<string[]> {
  if (files?.length) return files;
  const folder = await withHistory(ctx.env, (store) => store.workspace(workspaceId).exportFolder);
  if (!folder) {
    throw new FerryError(
      'no-export-folder',
      'Ferry does not know where your exports are saved yet. Choose the new export files or their folder.',
    );
  }
  return [(await ctx.env.files.register(folder)).id];
}

export const historyHandlers: DomainHandlers<typeof historyOps> = {
  'history/list': (input, ctx) =>
    withHistory(ctx.env, async (store) => {
      store.workspace(input.workspaceId);
      // A run a crash left behind is checked against the target once, when its history is shown.
      if (store.uncheckedInterrupted().some((r) => r.workspaceId === input.workspaceId)) {
        await checkInterruptedRuns(store, ctx.env, { workspaceId: input.workspaceId });
      }
      return { runs: store.listRuns(input.workspaceId) };
    }),
  'history/run': (input, ctx) => withHistory(ctx.env, (store) => store.run(input.runId)),
  'history/problems': (input, ctx) =>
    withHistory(ctx.env, (store) => {
      const run = store.run(input.runId);
      return { problems: store.problems(input.runId, input.offset, input.limit), total: run.problemsCount };
    }),
  'restore/preview': (input, ctx) => restorePreview(input.workspaceId, input.runId, ctx),
  'restore/apply': (input, ctx) => restoreApply(input.workspaceId, input.runId, input.conflicts, ctx),
  'resync/check': async (input, ctx) =>
    publicCheck(await checkResync(input.workspaceId, await exportFiles(input.workspaceId, input.files, ctx), ctx)),
  'resync/run': async (input, ctx) =>
    runResync(input.workspaceId, await exportFiles(input.workspaceId, input.files, ctx), ctx),
  'report/render': async (input, ctx) => {
    if (input.runId) {
      const runId = input.runId;
      return withHistory(ctx.env, (store) => renderReport(runReportSource(store, runId), input.format));
    }
    const session = findPlan(ctx.env, input.planId!);
    const workspace = session.workspaceId
      ? await withHistory(ctx.env, (store) => store.getWorkspace(session.workspaceId!)?.name)
      : undefined;
    return renderReport(planReportSource(session, workspace), input.format);
  },
};
