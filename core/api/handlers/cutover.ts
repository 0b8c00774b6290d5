import type { DomainHandlers } from '../handler-types.js';
import type { cutoverOps } from '../ops/cutover.js';
import { cutoverStatus, movePhase, runDriftCheck, saveReconciliation } from '../../cutover/cutover.js';

export const cutoverHandlers: DomainHandlers<typeof cutoverOps> = {
  'cutover/status': (input, ctx) => cutoverStatus(ctx.env, input.workspaceId),
  'cutover/drift': (input, ctx) =>
    runDriftCheck(
      ctx.env,
      input.workspaceId,
      input.files?.map((f) => ctx.env.files.resolve(f)),
      { signal: ctx.signal, progress: ctx.progress },
    ),
  'cutover/reconciliation': (input, ctx) =>
    saveReconciliation(ctx.env, input.workspaceId, { signal: ctx.signal, progress: ctx.progress }),
  'cutover/move': (input, ctx) => movePhase(ctx.env, input, { signal: ctx.signal, progress: ctx.progress }),
};
