import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/env/env.js';

const run = promisify(execFile);

/**
 * core/cli/ferry.mjs starts the CLI from the build when the build is newer than every source
 * file, and from source otherwise. A copy of the launcher in a throwaway tree under the package
 * (so it finds tsx in node_modules) shows which one ran.
 */
describe('the ferry launcher', () => {
  const root = fs.mkdtempSync(path.join(packageRoot(), '.launcher-test-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'core', 'cli'), { recursive: true });
  fs.mkdirSync(path.join(root, 'out', 'main'), { recursive: true });
  fs.copyFileSync(path.join(packageRoot(), 'core', 'cli', 'ferry.mjs'), path.join(root, 'core', 'cli', 'ferry.mjs'));
  fs.writeFileSync(path.join(root, 'core', 'cli', 'main.ts'), `const from: string = 'source';\nconsole.log(from);\n`);
  fs.writeFileSync(path.join(root, 'out', 'main', 'cli.js'), `console.log('build');\n`);
  const launch = async (env: NodeJS.ProcessEnv = {}) =>
    (
      await run(process.execPath, [path.join(root, 'core', 'cli', 'ferry.mjs')], { env: { ...process.env, ...env } })
    ).stdout.trim();
  const age = (file: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(path.join(root, file), t, t);
  };

  it('runs the build when it is newer than every source file', async () => {
    age('core/cli/main.ts', 60);
    age('out/main/cli.js', 10);
    expect(await launch()).toBe('build');
  });

  it('runs the source when a source file changed after the build, or when asked to', async () => {
    age('out/main/cli.js', 60);
    age('core/cli/main.ts', 10);
    expect(await launch()).toBe('source');
    age('core/cli/main.ts', 120);
    expect(await launch({ FERRY_FROM_SOURCE: '1' })).toBe('source');
  });

  it('runs the source when there is no build', async () => {
    fs.rmSync(path.join(root, 'out', 'main', 'cli.js'));
    expect(await launch()).toBe('source');
  });
});
