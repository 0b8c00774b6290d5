import type { z } from 'zod';

/**
 * One operation of the contract. The result type exists only at compile time; the input schema
 * is what every carrier checks before a handler sees anything.
 */
export interface OpSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I;
  /** One line a person can read: shown in `ferry help` and in error messages. */
  summary: string;
  /** Long operations report progress and can be cancelled. */
  long?: boolean;
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: R;
}

/** `op<Result>()({ input, summary })`: curried so the input type is inferred and the result named. */
export const op =
  <R>() =>
  <I extends z.ZodType>(spec: { input: I; summary: string; long?: boolean }): OpSpec<I, R> =>
    spec;

export type OpGroup = Record<string, OpSpec>;

export type InputOf<S> = S extends OpSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<S> = S extends OpSpec<infer I, unknown> ? z.output<I> : never;
export type ResultOf<S> = S extends OpSpec<z.ZodType, infer R> ? R : never;

/** Progress of a long operation. Sent at least every quarter second while work goes on. */
export interface Progress {
  /** Short machine name of the stage, e.g. `read`, `plan`, `copy`, `merge`. */
  stage: string;
  /** Plain words for a person. */
  message: string;
  done?: number;
  total?: number;
  /** What `done` and `total` count, e.g. `rows`, `bytes`. */
  unit?: string;
}

/** What crosses every carrier: never a thrown error, so plain words survive IPC and HTTP intact. */
export type Envelope<R> = { ok: true; value: R } | { ok: false; error: PlainError };

export interface PlainError {
  /** Stable code for programs, e.g. `wrong-password`, `invalid-input`, `cancelled`. */
  code: string;
  /** What happened and what to do next, in plain words. Never a stack trace or a secret. */
  message: string;
  /** Field-level messages for invalid input. */
  issues?: { path: string; message: string }[];
}
