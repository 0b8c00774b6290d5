import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { packageRoot } from '../../core/env/env.js';

const run = promisify(execFile);

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ferry ARGS…` as a separate process from the package root, as a user would run it; a failing exit is an outcome, not a throw. */
export async function runFerry(args: string[], env?: NodeJS.ProcessEnv): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['core/cli/ferry.mjs', ...args], {
      cwd: packageRoot(),
      ...(env ? { env } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same with `--home HOME --json`, its stdout parsed (undefined when it printed nothing). */
export async function runFerryJson<T = unknown>(
  home: string,
  ...args: string[]
): Promise<{ code: number; json: T; stderr: string }> {
  const r = await runFerry([...args, '--home', home, '--json']);
  return { code: r.code, json: (r.stdout ? JSON.parse(r.stdout) : undefined) as T, stderr: r.stderr };
}
