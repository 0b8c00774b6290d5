import { describe, expect, it } from 'vitest';
import { runFerry } from '../../support/cli.js';

interface BenchFigures {
  rows: number;
  baselineCopyS: number;
  firstSyncS: number;
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
}

// `npm run bench` end to end on a small export: the figures the issue asks for, and the CPU accounting.
describe('npm run bench', () => {
  it('prints its figures as one JSON object, with the CPU-seconds of both sides of the first sync', async () => {
    const r = await runFerry(['bench', '--rows', '3000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as BenchFigures;
    expect(f.rows).toBe(3000);
    for (const k of ['baselineCopyS', 'firstSyncS', 'resyncS', 'resync1pctS', 'peakRssMB'] as const)
      expect(f[k]).toBeGreaterThan(0);
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
});
