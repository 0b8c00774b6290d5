import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { TestProject } from 'vitest/node';
import { startFakeAnthropic } from './fake-anthropic.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serveUrl: string;
    serveToken: string;
    serveHome: string;
    fakeAnthropicUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

/** The real `ferry serve`, as a user starts it, with the built screens. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (screensOutOfDate()) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('electron-vite build failed');
  }
  // Its own home, readable by the `postgres` user in case a test asks for the local database.
  const base = mkdtempSync(path.join(os.tmpdir(), 'ferry-serve-'));
  chmodSync(base, 0o755);
  const home = path.join(base, 'home');
  project.provide('serveHome', home);
  // Ask your data talks to a local fake of the Messages API, never to the real service.
  const fakeAnthropic = await startFakeAnthropic();
  project.provide('fakeAnthropicUrl', fakeAnthropic.url);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'core/cli/ferry.mjs'), 'serve', '--json', '--home', home],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      // Attachment downloads come from a local plain-http server in the browser tests; Ferry alone allows https only.
      env: { ...process.env, ANTHROPIC_BASE_URL: fakeAnthropic.url, FERRY_ATTACHMENT_SCHEMES: 'https:,http:' },
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ferry serve exited with ${code}`)));
  });
  const { openUrl, token } = JSON.parse(first) as { openUrl: string; token: string };
  project.provide('serveUrl', openUrl);
  project.provide('serveToken', token);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fakeAnthropic.close();
    rmSync(base, { recursive: true, force: true });
  };
}

/** Rebuild when any renderer source is newer than the built page, so e2e never tests an old build. */
function screensOutOfDate(): boolean {
  let built: number;
  try {
    built = statSync(path.join(root, 'out', 'renderer', 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = path.join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  return Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'core', 'api'))) > built;
}
