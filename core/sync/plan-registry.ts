import { FerryError } from '../api/errors.js';
import type { FerryEnv } from '../env/env.js';
import type { PlanSession } from '../plan/plan.js';

/** Open dry runs kept per process; each holds one database session with its temp tables. */
const MAX_OPEN_PLANS = 4;
const IDLE_MS = 30 * 60 * 1000;

/** Keyed by env so each Ferry process (and each test env) has its own, and nothing outlives it. */
const registries = new WeakMap<FerryEnv, Map<string, PlanSession>>();

function registry(env: FerryEnv): Map<string, PlanSession> {
  let r = registries.get(env);
  if (!r) {
    r = new Map();
    registries.set(env, r);
  }
  return r;
}

export function rememberPlan(env: FerryEnv, session: PlanSession): void {
  const r = registry(env);
  r.set(session.id, session);
  while (r.size > MAX_OPEN_PLANS) {
    const oldest = [...r.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0];
    void forgetPlan(env, oldest.id);
  }
  const timer = setInterval(() => {
    if (!r.has(session.id)) return clearInterval(timer);
    if (Date.now() - session.lastUsed > IDLE_MS) {
      clearInterval(timer);
      void forgetPlan(env, session.id);
    }
  }, 60_000);
  timer.unref();
}

export function findPlan(env: FerryEnv, planId: string): PlanSession {
  const s = registry(env).get(planId);
  if (!s) {
    throw new FerryError(
      'plan-unknown',
      'That dry run is no longer available (it was applied, or left too long). Make a new dry run.',
    );
  }
  s.lastUsed = Date.now();
  return s;
}

export async function forgetPlan(env: FerryEnv, planId: string): Promise<void> {
  const r = registry(env);
  const s = r.get(planId);
  r.delete(planId);
  await s?.close();
}
