import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test/cli-process';
import { BACKENDS } from '../backends/table';
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
