import type { ParsedInputOf } from '../define.js';
import type { CallContext, DomainHandlers } from '../handler-types.js';
import type { syncOps } from '../ops/sync.js';
import { templates } from '../../mapping/templates/index.js';
import { checkMapping } from '../../mapping/validate.js';
import { planRows } from '../../plan/plan-rows.js';
import { findPlan, forgetPlan, rememberPlan } from '../../sync/plan-registry.js';
import { applyAndRecord, loadFirstFiles, planFiles, suggestForFiles } from '../../sync/run-sync.js';

export const syncHandlers: DomainHandlers<typeof syncOps> = {
  'templates/list': async () => ({
    templates: templates.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      tables: t.tables.map((x) => x.name),
    })),
  }),
  'mapping/suggest': async (input, ctx) =>
    suggestForFiles(
      input.files.map((id) => ctx.env.files.resolve(id)),
      input.template,
      { signal: ctx.signal, progress: ctx.progress },
    ),
  'mapping/validate': async (input) => {
    const check = checkMapping(input.mapping);
    return check.ok
      ? { ok: true, issues: [], mapping: check.mapping, order: check.order }
      : { ok: false, issues: check.issues };
  },
  'sync/plan': async (input, ctx) => {
    const session = await planFiles(ctx.env, filesFor(input, ctx));
    rememberPlan(ctx.env, session);
    return session.summary;
  },
  'sync/first-load': async (input, ctx) => {
    const loaded = await loadFirstFiles(ctx.env, filesFor(input, ctx));
    return loaded ? { loaded: true, plan: loaded.summary, result: loaded.result } : { loaded: false };
  },
  'sync/plan-rows': async (input, ctx) =>
    planRows(findPlan(ctx.env, input.planId), input.table, input.kind, input.offset, input.limit),
  'sync/apply': async (input, ctx) => {
    const session = findPlan(ctx.env, input.planId);
    const result = await applyAndRecord(ctx.env, session, {
      conflictPolicy: input.conflictPolicy,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    // Applied once: its temp tables describe a database that has moved on. A failed apply rolled
    // back to the plan as it was, so the plan stays (e.g. to choose a conflict policy and retry).
    await forgetPlan(ctx.env, input.planId);
    return result;
  },
};

/** A sync's input with its file ids resolved to paths (never paths from the caller), and the call's signal and progress. */
function filesFor(input: ParsedInputOf<(typeof syncOps)['sync/plan']>, ctx: CallContext) {
  return {
    target: input.target,
    paths: input.files.map((id) => ctx.env.files.resolve(id)),
    mapping: input.mapping,
    mode: input.mode,
    workspaceId: input.workspaceId,
    signal: ctx.signal,
    progress: ctx.progress,
  };
}
