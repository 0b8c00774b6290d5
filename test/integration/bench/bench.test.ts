import { describe, expect, it } from 'vitest';
import { runFerry } from '../../support/cli.js';

interface BenchFigures {
  rows: number;
  baselineCopyS: number;
  firstSyncS: number;
  firstSyncViaPlanS: number;
  firstSyncViaPlanRatio: number;
  resyncS: number;
  resync1pctS: number;
  peakRssMB: number;
  resyncStatus: string;
  resync1pctUpdated: number;
  cores: number;
  baselinePostgresCpuS: number;
  firstSyncFerryCpuS: number;
  firstSyncPostgresCpuS: number;
  firstSyncCoreBoundS: number;
  firstSyncCoreBoundRatio: number;
  cleanOnlyS: number;
  targetCopyS: number;
  targetKeysS: number;
  targetCommitS: number;
  targetFloorS: number;
  targetFloorRatio: number;
  firstSyncBoundS: number;
  firstSyncBoundRatio: number;
}

// `npm run bench` end to end on a small export: the figures the issue asks for, and the CPU accounting.
describe('npm run bench', () => {
  // One run for every check: a bench of 3,000 rows still takes ~20 s here.
  let run: Promise<BenchFigures> | undefined;
  const figures = () =>
    (run ??= runFerry(['bench', '--rows', '3000', '--json']).then((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as BenchFigures;
    }));

  it('prints its figures as one JSON object, with the CPU-seconds of both sides of the first sync', async () => {
    const f = await figures();
    expect(f.rows).toBe(3000);
    for (const k of ['baselineCopyS', 'firstSyncS', 'resyncS', 'resync1pctS', 'peakRssMB'] as const)
      expect(f[k]).toBeGreaterThan(0);
    // The wizard's way to the same first sync, a dry run then an apply, is measured beside it.
    expect(f.firstSyncViaPlanS).toBeGreaterThan(0);
    expect(Math.abs(f.firstSyncViaPlanRatio / (f.firstSyncViaPlanS / f.baselineCopyS) - 1)).toBeLessThan(
      0.005 / f.baselineCopyS + 0.005 / f.firstSyncViaPlanS + 0.01,
    );
    expect(f.resyncStatus).toBe('nothing-new');
    // Every 100th edition is edited.
    expect(f.resync1pctUpdated).toBe(30);
    // A first sync is a separate process starting Node and reading files: well over a tenth of a CPU-second.
    expect(f.firstSyncFerryCpuS).toBeGreaterThan(0.1);
    expect(f.firstSyncPostgresCpuS).toBeGreaterThan(0);
    expect(f.firstSyncFerryCpuS + f.firstSyncPostgresCpuS).toBeLessThan(f.firstSyncS * f.cores + 1);
    expect(f.firstSyncCoreBoundS).toBeCloseTo((f.firstSyncFerryCpuS + f.firstSyncPostgresCpuS) / f.cores, 1);
    // The ratio is of the unrounded figures: a 3,000-row baseline of ~0.04 s printed to 0.01 s moves it by ~15%.
    const baselineRounding = 0.005 / f.baselineCopyS;
    expect(Math.abs(f.firstSyncCoreBoundRatio / (f.firstSyncCoreBoundS / f.baselineCopyS) - 1)).toBeLessThan(
      baselineRounding + 0.03,
    );
    expect(f.baselinePostgresCpuS).toBeGreaterThanOrEqual(0);
  }, 300_000);

  it("measures PostgreSQL's floor, storing the first sync's finished rows, and the bound it sets with Ferry's", async () => {
    const f = await figures();
    for (const k of [
      'cleanOnlyS',
      'targetCopyS',
      'targetKeysS',
      'targetFloorS',
      'targetFloorRatio',
      'firstSyncBoundS',
      'firstSyncBoundRatio',
    ] as const) {
      expect(typeof f[k], k).toBe('number');
      expect(f[k], k).toBeGreaterThan(0);
    }
    expect(f.targetCommitS).toBeGreaterThanOrEqual(0);
    // Each figure is rounded to 0.01 s on its own: a sum of n of them is off by up to n × 0.005.
    const rounding = (n: number) => n * 0.005 + 1e-9;
    // The floor is the COPY, the keys and the commit, nothing else timed.
    expect(Math.abs(f.targetFloorS - (f.targetCopyS + f.targetKeysS + f.targetCommitS))).toBeLessThanOrEqual(
      rounding(4),
    );
    expect(f.targetCopyS + f.targetKeysS).toBeLessThanOrEqual(f.targetFloorS + rounding(3));
    // Storing finished rows is part of what the first sync did, besides reading, cleaning and planning them.
    expect(f.targetFloorS).toBeLessThanOrEqual(f.firstSyncS);
    expect(Math.abs(f.firstSyncBoundS - (Math.max(f.cleanOnlyS, f.targetCopyS) + f.targetKeysS))).toBeLessThanOrEqual(
      rounding(3),
    );
    // The ratios are of the unrounded figures (see above): the baseline's rounding moves them most.
    const baselineRounding = 0.005 / f.baselineCopyS;
    for (const [ratio, s] of [
      [f.targetFloorRatio, f.targetFloorS],
      [f.firstSyncBoundRatio, f.firstSyncBoundS],
    ] as const)
      expect(Math.abs(ratio / (s / f.baselineCopyS) - 1)).toBeLessThan(baselineRounding + 0.005 / s + 0.01);
  }, 300_000);
});
