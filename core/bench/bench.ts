import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CliContext } from '../cli/command.js';
import { packageRoot } from '../env/env.js';
import { LocalDatabase } from '../localdb/local-database.js';
import { benchCleanFloor } from './clean-floor.js';
import { benchCompare } from './compare-bench.js';
import { exitedChildrenCpuSeconds, settledServerCpu } from './cpu-time.js';
import { EDITION_HEADERS, generateExport } from './generate.js';
import { benchInspect } from './inspect-bench.js';
import { benchTargetFloor, type TargetFloor } from './target-floor.js';

interface SyncRun {
  seconds: number;
  peakRssMB: number;
  /** Where the sync's time went (plan and apply stages, seconds), as `ferry sync` reports it. */
  timings?: Record<string, unknown>;
  output: { runId?: string; status?: string; tables?: Record<string, Record<string, number>> };
}

/**
 * `npm run bench`: a generated messy export against a throwaway PostgreSQL. Measures the raw COPY
 * baseline, Ferry's first sync (with and without before-images), an unchanged re-sync and a
 * re-sync with 1% of rows edited. Syncs run as child processes so their peak memory is their own.
 */
export async function runBench(opts: { rows: number }, ctx: CliContext): Promise<number> {
  const base = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ferry-bench-'));
  // The server runs as the `postgres` user when we are root: it must be able to enter the folder.
  await fs.promises.chmod(base, 0o755);
  const say = (s: string) => {
    if (!ctx.json) process.stderr.write(`${s}\n`);
  };
  const db = new LocalDatabase(path.join(base, 'home'), { dataDir: path.join(base, 'pg', 'data') });
  try {
    const adminUrl = await db.start();
    say(`Generating a messy export of ${opts.rows.toLocaleString('en-US')} editions…`);
    const exp = await generateExport(path.join(base, 'export'), opts.rows);
    const size = (await fs.promises.stat(exp.editionsFile)).size;
    say(`  ${(size / 1e6).toFixed(0)} MB editions file`);

    const baselineUrl = await createDatabase(adminUrl, 'bench_baseline');
    say('Baseline: raw COPY of the editions CSV into a text table…');
    const server = await db.serverPid();
    const cpu = async (before?: CpuSample): Promise<CpuSample> => {
      const now = server ? await settledServerCpu(server, before) : undefined;
      return { ferry: exitedChildrenCpuSeconds(), postgres: now?.seconds, processes: now?.processes ?? 0 };
    };
    let cpu0 = await cpu();
    const baselineCopyS = await copyBaseline(baselineUrl, exp.editionsFile);
    const baselineCpu = cpuSpent(cpu0, await cpu(cpu0));
    say(`  ${baselineCopyS.toFixed(2)} s`);
    say('Floor: the same file read, then read and cleaned, by Ferry with no database…');
    const floor = await benchCleanFloor(exp.folder);
    say(`  ${floor.readOnlyS.toFixed(2)} s, ${floor.cleanOnlyS.toFixed(2)} s`);

    const home = path.join(base, 'ferry-home');
    // Once before the first sync and once after, so the machine's drift falls on both sides.
    const noSnapshot = async (db: string) => {
      const dbUrl = await createDatabase(adminUrl, db);
      say('First sync without before-images (to measure what the snapshot costs)…');
      const r = await runSync(exp.folder, dbUrl, home, ['--snapshot', 'off']);
      say(`  ${r.seconds.toFixed(2)} s`);
      await dropDatabase(adminUrl, db);
      return r;
    };
    const noSnapBefore = await noSnapshot('bench_nosnap');

    const url = await createDatabase(adminUrl, 'bench_sync');
    say('First sync…');
    cpu0 = await cpu();
    const first = await runSync(exp.folder, url, home);
    const firstCpu = cpuSpent(cpu0, await cpu(cpu0));
    say(`  ${first.seconds.toFixed(2)} s, peak ${first.peakRssMB} MB`);
    const noSnapAfter = await noSnapshot('bench_nosnap_after');
    const noSnap = {
      seconds: (noSnapBefore.seconds + noSnapAfter.seconds) / 2,
      peakRssMB: Math.max(noSnapBefore.peakRssMB, noSnapAfter.peakRssMB),
    };
    // The app's wizard shows a dry run first and applies it when the owner agrees: the same
    // first sync through a staged plan, for comparison with the direct load above.
    const viaPlanUrl = await createDatabase(adminUrl, 'bench_via_plan');
    say("First sync the wizard's way (dry run, then apply)…");
    const viaPlan = await runSync(exp.folder, viaPlanUrl, home, ['--via-plan']);
    say(`  ${viaPlan.seconds.toFixed(2)} s, peak ${viaPlan.peakRssMB} MB`);
    await dropDatabase(adminUrl, 'bench_via_plan');
    // Before the re-syncs change what the first sync stored.
    say("Floor: the first sync's rows, finished, stored again by PostgreSQL alone…");
    const target = await targetFloor(adminUrl, exp.folder, url, base);
    say(`  ${target.totalS.toFixed(2)} s (COPY ${target.copyS.toFixed(2)} s, keys ${target.keysS.toFixed(2)} s)`);
    // The owner's re-sync is `ferry resync`: unchanged files are recognised by their fingerprints.
    say('Re-sync of the same files (ferry resync)…');
    const resync = await runFerry('resync', exp.folder, url, home);
    say(`  ${resync.seconds.toFixed(2)} s, peak ${resync.peakRssMB} MB: ${resync.output.status ?? '?'}`);
    // The same unchanged files through a full dry run and apply: every row read, cleaned and compared.
    say('Sync of the same files again, comparing every row (ferry sync)…');
    const replan = await runSync(exp.folder, url, home);
    say(`  ${replan.seconds.toFixed(2)} s, peak ${replan.peakRssMB} MB`);
    say('Re-sync with 1% of the editions edited (ferry resync)…');
    await generateExport(exp.folder, opts.rows, { editedEvery: 100 });
    const edited = await runFerry('resync', exp.folder, url, home);
    say(`  ${edited.seconds.toFixed(2)} s, peak ${edited.peakRssMB} MB: ${edited.output.status ?? '?'}`);

    // Issue 3's figure: `ferry inspect` on a file of the same size.
    const inspect = await benchInspect({ rows: opts.rows, dir: base });

    // Issue 8's figure: compare and copy between two databases, at its own fixed size.
    say('Compare and copy: 100,000 rows × 10 fields between two databases (dry run, then copy)…');
    const compare = await benchCompare({ adminUrl, rows: 100_000 });
    say(`  ${compare.compareCopyS.toFixed(2)} s`);

    const peakRssMB = Math.max(
      first.peakRssMB,
      resync.peakRssMB,
      replan.peakRssMB,
      edited.peakRssMB,
      noSnap.peakRssMB,
      viaPlan.peakRssMB,
    );
    const updated = edited.output.tables?.editions?.update ?? 0;
    const figures = {
      rows: opts.rows,
      baselineCopyS: round(baselineCopyS),
      firstSyncS: round(first.seconds),
      resyncS: round(resync.seconds),
      resync1pctS: round(edited.seconds),
      resyncFullCompareS: round(replan.seconds),
      resyncStatus: resync.output.status,
      peakRssMB,
      firstSyncViaPlanS: round(viaPlan.seconds),
      firstSyncViaPlanRatio: round(viaPlan.seconds / baselineCopyS),
      firstSyncNoSnapshotS: round(noSnap.seconds),
      snapshotOverheadPct: round(((first.seconds - noSnap.seconds) / noSnap.seconds) * 100),
      firstSyncRatio: round(first.seconds / baselineCopyS),
      readOnlyS: round(floor.readOnlyS),
      cleanOnlyS: round(floor.cleanOnlyS),
      cleanOnlyRatio: round(floor.cleanOnlyS / baselineCopyS),
      ...targetFigures(target, floor.cleanOnlyS, baselineCopyS),
      resyncRatio: round(resync.seconds / baselineCopyS),
      resyncFullCompareRatio: round(replan.seconds / baselineCopyS),
      resync1pctRatio: round(edited.seconds / baselineCopyS),
      resync1pctUpdated: updated,
      editionsFileMB: round(size / 1e6),
      firstSyncTimings: first.timings,
      ...cpuFigures(baselineCpu, firstCpu, baselineCopyS),
      compareCopyS: compare.compareCopyS,
      compareRows: compare.rows,
      ...(inspect ? { inspect } : {}),
    };
    if (ctx.json) {
      ctx.out(JSON.stringify(figures));
    } else {
      const rate = (s: number) => `${Math.round(opts.rows / s).toLocaleString('en-US')} rows/s`;
      ctx.out(
        [
          '',
          `Ferry bench: ${opts.rows.toLocaleString('en-US')} editions (${figures.editionsFileMB} MB CSV, ${EDITION_HEADERS.length} columns)`,
          `  raw COPY baseline          ${baselineCopyS.toFixed(2).padStart(8)} s  ${rate(baselineCopyS)}`,
          `  read only, no database     ${floor.readOnlyS.toFixed(2).padStart(8)} s  ${rate(floor.readOnlyS)}  ${round(floor.readOnlyS / baselineCopyS)}× baseline`,
          `  read and clean, no database${floor.cleanOnlyS.toFixed(2).padStart(8)} s  ${rate(floor.cleanOnlyS)}  ${figures.cleanOnlyRatio}× baseline (a first sync's floor)`,
          ...targetLines(figures),
          `  first sync                 ${first.seconds.toFixed(2).padStart(8)} s  ${rate(first.seconds)}  ${figures.firstSyncRatio}× baseline (target ≤ 3×)`,
          `  first sync, dry run+apply  ${viaPlan.seconds.toFixed(2).padStart(8)} s  ${rate(viaPlan.seconds)}  ${figures.firstSyncViaPlanRatio}× baseline (the wizard's way)`,
          `  first sync, no snapshot    ${noSnap.seconds.toFixed(2).padStart(8)} s  mean of a run before and one after; snapshot adds ${figures.snapshotOverheadPct}% (target ≤ 10%)`,
          `  re-sync, unchanged         ${resync.seconds.toFixed(2).padStart(8)} s  ${rate(resync.seconds)}  ${figures.resyncRatio}× baseline (target ≤ 1.5×), ${resync.output.status ?? '?'}`,
          `  sync, unchanged, every row ${replan.seconds.toFixed(2).padStart(8)} s  ${rate(replan.seconds)}  ${figures.resyncFullCompareRatio}× baseline`,
          `  re-sync, 1% edited         ${edited.seconds.toFixed(2).padStart(8)} s  ${rate(edited.seconds)}  ${figures.resync1pctRatio}× baseline, ${updated.toLocaleString('en-US')} rows changed`,
          `  peak memory of a sync      ${String(peakRssMB).padStart(8)} MB (target ≤ 1024 MB)`,
          `  compare and copy           ${compare.compareCopyS.toFixed(2).padStart(8)} s  ${compare.rows.toLocaleString('en-US')} rows × ${compare.fields} fields, dry run and copy (target < 5 s)`,
          ...(first.timings ? [`  first sync, seconds by stage: ${JSON.stringify(first.timings)}`] : []),
          ...cpuLines(figures),
          ...(inspect ? [`  inspect: ${JSON.stringify(inspect)}`] : []),
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    await db.stop().catch(() => {});
    await fs.promises.rm(base, { recursive: true, force: true });
  }
}

interface CpuSample {
  ferry?: number;
  postgres?: number;
  processes: number;
}

type CpuSpent = Omit<CpuSample, 'processes'>;

function cpuSpent(before: CpuSample, after: CpuSample): CpuSpent {
  const d = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : b - a);
  return { ferry: d(before.ferry, after.ferry), postgres: d(before.postgres, after.postgres) };
}

interface CpuFigures {
  cores?: number;
  baselinePostgresCpuS?: number;
  firstSyncFerryCpuS?: number;
  firstSyncPostgresCpuS?: number;
  firstSyncCoreBoundS?: number;
  firstSyncCoreBoundRatio?: number;
}

/**
 * The CPU-seconds behind the baseline and the first sync, and the fastest the first sync's work
 * could finish on this machine's cores however it were scheduled (its total CPU over the cores).
 */
function cpuFigures(baseline: CpuSpent, first: CpuSpent, baselineCopyS: number): CpuFigures {
  if (first.ferry === undefined || first.postgres === undefined) return {};
  const cores = os.availableParallelism();
  const boundS = (first.ferry + first.postgres) / cores;
  return {
    cores,
    ...(baseline.postgres !== undefined ? { baselinePostgresCpuS: round(baseline.postgres) } : {}),
    firstSyncFerryCpuS: round(first.ferry),
    firstSyncPostgresCpuS: round(first.postgres),
    firstSyncCoreBoundS: round(boundS),
    firstSyncCoreBoundRatio: round(boundS / baselineCopyS),
  };
}

function cpuLines(f: CpuFigures): string[] {
  if (f.firstSyncFerryCpuS === undefined || f.firstSyncPostgresCpuS === undefined) return [];
  return [
    `  first sync, CPU-seconds: Ferry ${f.firstSyncFerryCpuS}, PostgreSQL ${f.firstSyncPostgresCpuS}` +
      (f.baselinePostgresCpuS !== undefined ? ` (the baseline's PostgreSQL: ${f.baselinePostgresCpuS})` : ''),
    `  first sync, fastest this work could run on ${f.cores} cores: ${f.firstSyncCoreBoundS} s, ${f.firstSyncCoreBoundRatio}× baseline`,
  ];
}

/**
 * In a fresh database, so that the rows are stored as a first sync stores them: into new tables.
 * Dropped at once: its autovacuum would otherwise run during the re-syncs timed next.
 */
async function targetFloor(adminUrl: string, folder: string, from: string, dir: string): Promise<TargetFloor> {
  const to = await createDatabase(adminUrl, 'bench_target_floor');
  try {
    return await benchTargetFloor({ folder, from, to, dir });
  } finally {
    await dropDatabase(adminUrl, 'bench_target_floor');
  }
}

interface TargetFigures {
  targetCopyS: number;
  targetKeysS: number;
  targetCommitS: number;
  targetFloorS: number;
  targetFloorRatio: number;
  firstSyncBoundS: number;
  firstSyncBoundRatio: number;
}

/**
 * PostgreSQL's floor beside Ferry's (`cleanOnlyS`), and the lowest a first sync could reach from
 * both: the rows cannot all be in before Ferry has read and cleaned them, nor the keys be built
 * before all the rows are in.
 */
function targetFigures(target: TargetFloor, cleanOnlyS: number, baselineCopyS: number): TargetFigures {
  const boundS = Math.max(cleanOnlyS, target.copyS) + target.keysS;
  return {
    targetCopyS: round(target.copyS),
    targetKeysS: round(target.keysS),
    targetCommitS: round(target.commitS),
    targetFloorS: round(target.totalS),
    targetFloorRatio: round(target.totalS / baselineCopyS),
    firstSyncBoundS: round(boundS),
    firstSyncBoundRatio: round(boundS / baselineCopyS),
  };
}

function targetLines(f: TargetFigures): string[] {
  return [
    `  PostgreSQL alone, storing the result ${f.targetFloorS.toFixed(2)} s  (COPY of the finished rows ${f.targetCopyS.toFixed(2)} s + keys ${f.targetKeysS.toFixed(2)} s)  ${f.targetFloorRatio}× baseline`,
    `  lowest a first sync could reach here ${f.firstSyncBoundS.toFixed(2)} s  ${f.firstSyncBoundRatio}× baseline: max(read and clean, COPY of the result) + keys`,
  ];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** What `psql \copy` does: the file streamed into COPY … (FORMAT csv, HEADER) of an all-text table. */
async function copyBaseline(url: string, file: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE TABLE editions_raw (${EDITION_HEADERS.map((_, i) => `c${i} text`).join(', ')})`);
    const t0 = process.hrtime.bigint();
    await pipeline(
      fs.createReadStream(file),
      c.query(copyFrom(`COPY editions_raw FROM STDIN (FORMAT csv, HEADER true)`)),
    );
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await c.end();
  }
}

function runSync(folder: string, url: string, home: string, extra: string[] = []): Promise<SyncRun> {
  return runFerry('sync', folder, url, home, ['--template', 'art-editions', ...extra]);
}

function runFerry(
  command: 'sync' | 'resync',
  folder: string,
  url: string,
  home: string,
  extra: string[] = [],
): Promise<SyncRun> {
  const cli = path.join(packageRoot(), 'core', 'cli', 'ferry.mjs');
  const args = [cli, command, folder, '--db', url, '--home', home, '--json', ...extra];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, FERRY_REPORT_RSS: '1', FERRY_REPORT_TIMINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const rss = /ferry-peak-rss-kb=(\d+)/.exec(err);
      const timings = /ferry-timings=(.*)/.exec(err);
      if (code !== 0)
        return reject(new Error(`ferry ${command} failed (exit ${code}): ${out.slice(0, 500)} ${err.slice(0, 500)}`));
      let output: SyncRun['output'] = {};
      try {
        output = JSON.parse(out.trim().split('\n').pop() ?? '{}') as SyncRun['output'];
      } catch {
        // keep the timing even when the output is not JSON
      }
      resolve({
        seconds,
        peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : 0,
        output,
        ...(timings ? { timings: JSON.parse(timings[1]) as Record<string, unknown> } : {}),
      });
    });
  });
}
