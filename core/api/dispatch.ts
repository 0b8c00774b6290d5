import { contract, isOpName, type OpName, type Result } from './contract.js';
import type { Envelope, Progress } from './define.js';
import { FerryError, toPlainError } from './errors.js';
import type { CallContext } from './handler-types.js';
import { handlers } from './handlers.js';

/** Progress no more often than this; the UI needs at least four a second, not thousands. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The single entry point both carriers (and the CLI) use: checks the operation name and input
 * against the contract, runs the handler, and turns every outcome into an envelope.
 */
export async function dispatch(
  name: unknown,
  rawInput: unknown,
  ctx: Omit<CallContext, 'progress'> & { progress?: (p: Progress) => void },
): Promise<Envelope<unknown>> {
  if (!isOpName(name)) {
    return {
      ok: false,
      error: { code: 'unknown-operation', message: `Ferry has no operation called "${String(name).slice(0, 80)}".` },
    };
  }
  const spec = contract[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `Some details are missing or not right: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      },
    };
  }
  const progress = throttle(ctx.progress);
  try {
    const handler = handlers[name] as (input: unknown, c: CallContext) => Promise<unknown>;
    const value = await handler(parsed.data, { ...ctx, progress });
    return { ok: true, value };
  } catch (err) {
    if (ctx.signal.aborted && !(err instanceof FerryError)) {
      return {
        ok: false,
        error: { code: 'cancelled', message: 'Stopped because you cancelled. Nothing was written.' },
      };
    }
    return { ok: false, error: toPlainError(err) };
  }
}

/** Typed call for in-process users (CLI, tests): throws a FerryError on failure. */
export async function call<K extends OpName>(
  name: K,
  input: unknown,
  ctx: Omit<CallContext, 'progress'> & { progress?: (p: Progress) => void },
): Promise<Result<K>> {
  const env = await dispatch(name, input, ctx);
  if (!env.ok) throw new FerryError(env.error.code, env.error.message, env.error.issues);
  return env.value as Result<K>;
}

function throttle(sink: ((p: Progress) => void) | undefined): (p: Progress) => void {
  if (!sink) return () => {};
  let last = 0;
  let lastStage = '';
  return (p) => {
    const now = Date.now();
    // A new stage or the end of one is always worth showing; in between, a few per second.
    if (p.stage !== lastStage || p.done === p.total || now - last >= PROGRESS_INTERVAL_MS) {
      last = now;
      lastStage = p.stage;
      sink(p);
    }
  };
}
