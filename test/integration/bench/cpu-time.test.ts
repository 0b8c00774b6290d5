import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitedChildrenCpuSeconds, serverCpu, settledServerCpu } from '../../../core/bench/cpu-time.js';
import { LocalDatabase } from '../../../core/localdb/local-database.js';

// A server of its own, whose postmaster's id LocalDatabase knows, as in the bench.
let base: string;
let db: LocalDatabase;
let url: string;

beforeAll(async () => {
  base = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ferry-cpu-'));
  await fs.promises.chmod(base, 0o755);
  db = new LocalDatabase(path.join(base, 'home'), { dataDir: path.join(base, 'pg', 'data') });
  url = await db.start();
});

afterAll(async () => {
  await db.stop();
  await fs.promises.rm(base, { recursive: true, force: true });
});

describe('bench CPU accounting', () => {
  it("counts a PostgreSQL backend's CPU after its connection has ended", async () => {
    const server = await db.serverPid();
    expect(server).toBeGreaterThan(0);
    const before = serverCpu(server!)!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const t0 = performance.now();
    await client.query('SELECT sum(g) FROM generate_series(1, 15000000) g');
    const wallS = (performance.now() - t0) / 1000;
    await client.end();
    // At once, as the bench does: the backend may still be exiting, its CPU counted nowhere yet.
    const spent = (await settledServerCpu(server!, before))!.seconds - before.seconds;
    // The query is all CPU: even with the other core busy, most of its wall time is its own CPU.
    expect(wallS).toBeGreaterThan(0.3);
    expect(spent).toBeGreaterThan(wallS * 0.25);
    expect(spent).toBeLessThan(wallS + 3);
  });

  it("counts a child process's CPU once it has exited", () => {
    const before = exitedChildrenCpuSeconds()!;
    const r = spawnSync(process.execPath, ['-e', 'const end = Date.now() + 600; while (Date.now() < end);']);
    expect(r.status).toBe(0);
    expect(exitedChildrenCpuSeconds()! - before).toBeGreaterThan(0.15);
  });
});
