import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test/cli-process';
import { BACKENDS } from '../backends/table';
import { webgpuGate } from '../test/webgpu-gate';
import { BENCH_FLAGS } from './bench';

describe('bench flags', () => {
  it('--backends and --mode take all or a list of known names', () => {
    const { mode, backends } = BENCH_FLAGS;
    expect(mode.read('all', 'mode')).toEqual(['step', 'protocol', 'grid', 'ensemble']);
    expect(mode.read('grid, step', 'mode')).toEqual(['grid', 'step']);
    expect(mode.default).toEqual(['step']);
    expect(backends.default).toEqual(BACKENDS.map((b) => b.id));
    expect(() => backends.read('cpu,gpu', 'backends')).toThrow(`--backends: expected all or a comma-separated list of ${BACKENDS.map((b) => b.id).join(', ')}, received "cpu,gpu"`);
  });

  it('--k takes positive integers', () => {
    expect(BENCH_FLAGS.k.read('1,8, 64', 'k')).toEqual([1, 8, 64]);
    for (const bad of ['0', '1,,8', '2.5', 'x']) expect(() => BENCH_FLAGS.k.read(bad, 'k')).toThrow(/^--k: expected comma-separated positive integers/);
  });
});

describe('negmnist bench (end to end)', () => {
  it('a bad mode is a usage error, exit 2, one line', async () => {
    const result = await runCli(['bench', '--mode', 'fast'], tempDir('bench'));
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('negmnist: --mode: expected all or a comma-separated list of step, protocol, grid, ensemble, received "fast"');
  });

  it('--json: a measured row for ours from a child process, PyTorch skipped in one line without python', async () => {
    const result = await runCli(['bench', '--backends', 'cpu', '--steps', '2', '--warmup', '1', '--python', '/nonexistent/python3', '--json'], tempDir('bench'));
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { measuredAt: string; pytorch: { skipped: string }; rows: Array<Record<string, unknown>>; machine: { cores: number } };
    // dated by when it started measuring (an ISO timestamp, before the process ended)
    expect(report.measuredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(report.measuredAt)).toBeLessThanOrEqual(Date.now());
    expect(report.pytorch.skipped).toMatch(/^\/nonexistent\/python3 .* failed \(\/nonexistent\/python3 could not run .*\): measuring negmnist only$/);
    expect(report.rows).toHaveLength(1);
    const [row] = report.rows;
    expect(row).toMatchObject({ mode: 'step', side: 'negmnist', label: 'cpu (plain JavaScript)', k: 1, steps: 2, threads: 1 });
    expect(row?.modelStepsPerSecond).toBeGreaterThan(0);
    expect(row?.peakRssMiB).toBeGreaterThan(50);
    expect(row?.vsPytorch).toBeUndefined();
  });
});

const webgpu = webgpuGate('bench: the WGSL engine row with its GPU time');
describe.runIf(webgpu.available)('negmnist bench --mode ensemble on the WGSL engine', () => {
  it('one row per K naming the adapter, with GPU ms/step where the adapter has timestamp queries', async () => {
    const result = await runCli(['bench', '--mode', 'ensemble', '--backends', 'webgpu', '--k', '2', '--steps', '2', '--warmup', '1', '--python', '/nonexistent/python3', '--json'], tempDir('bench'));
    expect(result.code, result.stderr).toBe(0);
    const { rows } = JSON.parse(result.stdout) as { rows: Array<{ k: number; label: string; setup: string; threads: number; steps?: number; gpuMsPerStep?: number }> };
    expect(rows.map((r) => r.k)).toEqual([2]);
    for (const row of rows) {
      expect(row).toMatchObject({ label: expect.stringMatching(/^webgpu \(.+\)$/) as unknown, threads: 0, steps: 2 });
      // lavapipe offers timestamp-query; another adapter may not, and then its row says so
      if (webgpu.lavapipe || row.gpuMsPerStep !== undefined) expect(row.gpuMsPerStep).toBeGreaterThan(0);
      else expect(row.setup).toMatch(/no GPU time: .+ has no timestamp-query$/);
    }
  }, 300_000);
});
