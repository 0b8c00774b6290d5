import type { ParseArgsConfig } from 'node:util';
import type { Progress } from '../api/define.js';
import type { FerryEnv } from '../env/env.js';

export interface CliContext {
  env: FerryEnv;
  /** `--json`: print one JSON document on stdout and nothing else there. */
  json: boolean;
  /** Ctrl-C aborts it; long operations roll back. */
  signal: AbortSignal;
  /** Human progress on stderr (silent with --json or when stderr is not a terminal). */
  progress(p: Progress): void;
  out(text: string): void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Returns the process exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[] }, ctx: CliContext): Promise<number>;
}
