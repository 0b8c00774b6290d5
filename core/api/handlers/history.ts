import { FerryError } from '../errors.js';
import type { DomainHandlers } from '../handler-types.js';
import type { historyOps } from '../ops/history.js';
import { withHistory } from '../../history/open.js';
import { restoreApply, restorePreview } from '../../history/restore-run.js';
import { checkResync, publicCheck, runResync } from '../../resync/resync.js';
import { renderReport, runReportSource } from '../../report/render.js';

function notYet(what: string): never {
  throw new FerryError('not-ready', `${what} is not available in this version of Ferry yet.`);
}

export const historyHandlers: DomainHandlers<typeof historyOps> = {
  'history/list': (input, ctx) =>
    withHistory(ctx.env, (store) => {
      store.workspace(input.workspaceId);
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
  'resync/check': async (input, ctx) => publicCheck(await checkResync(input.workspaceId, input.files, ctx)),
  'resync/run': (input, ctx) => runResync(input.workspaceId, input.files, ctx),
  'report/render': async (input, ctx) => {
    if (input.runId) {
      const runId = input.runId;
      return withHistory(ctx.env, (store) => renderReport(runReportSource(store, runId), input.format));
    }
    return notYet('A report of a dry run');
  },
};
