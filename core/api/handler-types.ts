import type { OpGroup, ParsedInputOf, Progress, ResultOf } from './define.js';
import type { FerryEnv } from '../env/env.js';

/** What a handler gets besides its validated input. */
export interface CallContext {
  env: FerryEnv;
  /** Aborted when the caller cancels or goes away; long work checks it between batches. */
  signal: AbortSignal;
  /** Report progress; carriers forward it. Cheap to call often: carriers throttle. */
  progress(p: Progress): void;
  carrier: 'electron' | 'http' | 'cli';
}

export type DomainHandlers<G extends OpGroup> = {
  [K in keyof G]: (input: ParsedInputOf<G[K]>, ctx: CallContext) => Promise<ResultOf<G[K]>>;
};
