import { describe, expect, test } from 'vitest';
import type { BenchFile } from '@negmnist/results';
import type { BenchTable } from './bench';
import { benchSummaries, engineName, measurementDate, measurementName, ratioText, ratioWords } from './bench-summary';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux 6', node: 'v20.1.0', loadAverage: 1.5 };
const settings: BenchFile['settings'] = { modes: ['protocol', 'grid'], backends: ['engine-a', 'engine-b'], ks: [1], steps: 200, warmup: 20, epochs: 1, runs: 4, timeoutMs: 60_000 };
const torchCpu = { torch: '1.13', python: '3.11', threads: 1, blasConfig: [], blasLibraries: [], cuda: null, blas: { name: 'OpenBLAS', reference: false } };
const cpu: BenchFile = {
  machine,
  settings,
  negmnist: { negmnist: '0.1.0' },
  pytorch: torchCpu,
  rows: [
    { mode: 'protocol', side: 'negmnist', label: 'engine-a (lib 1.0, 1 thread)', setup: '1 process', threads: 1, k: 1, vsPytorch: 1.5, vsPytorchLabel: 'PyTorch CPU, 1 thread' },
    { mode: 'protocol', side: 'pytorch', label: 'PyTorch CPU', setup: '1 process', threads: 1, k: 1 },
    { mode: 'grid', side: 'negmnist', label: 'engine-a', setup: '2 workers', threads: 1, k: 1, vsPytorch: 0.8 },
    { mode: 'grid', side: 'negmnist', label: 'engine-b', setup: '2 workers', threads: 1, k: 1, skipped: 'absent' },
  ],
};
const gpu: BenchFile = {
  ...cpu,
  settings: { ...settings, modes: ['ensemble'] },
  pytorch: { ...torchCpu, cuda: 'Test GPU' },
  rows: [
    { mode: 'ensemble', side: 'negmnist', label: 'engine-g', setup: '1 process, GPU', threads: 0, k: 8, vsPytorch: 0.05, vsPytorchLabel: 'PyTorch CUDA' },
    { mode: 'ensemble', side: 'negmnist', label: 'engine-h', setup: '1 process, GPU', threads: 0, k: 8, skipped: 'no provider' },
  ],
};

describe('benchSummaries', () => {
  test('each question is answered by the first table measuring its mode on the right device, with every ratio of ours', () => {
    const older: BenchTable = { name: 'older', data: { ...cpu, rows: cpu.rows.map((r) => (r.vsPytorch === undefined ? r : { ...r, vsPytorch: 9 })) } };
    const tables: BenchTable[] = [{ name: 'broken', error: 'not found' }, { name: 'cpu', data: cpu }, { name: 'gpu', data: gpu }, older];
    const [protocol, grid, ensemble] = benchSummaries(tables);
    expect(protocol).toMatchObject({ table: 'cpu', rows: [{ row: 0, engine: 'engine-a', ratio: 1.5, against: 'PyTorch CPU, 1 thread', k: 1 }] });
    expect(grid).toMatchObject({ table: 'cpu', rows: [{ row: 2, ratio: 0.8, against: 'PyTorch' }] });
    expect(ensemble).toMatchObject({ table: 'gpu', rows: [{ row: 0, engine: 'engine-g', k: 8, ratio: 0.05 }] });
  });

  test('a question no table measures has no table', () => {
    const [protocol, , ensemble] = benchSummaries([{ name: 'gpu', data: gpu }]);
    expect(protocol).toMatchObject({ table: null });
    expect(ensemble).toMatchObject({ table: 'gpu' });
  });
});

describe('words', () => {
  test('engine names drop the parenthesised details', () => {
    expect(engineName('onnx-cpu (onnxruntime-node 1.30.0, 1 intra-op thread)')).toBe('onnx-cpu');
    expect(engineName('webgpu')).toBe('webgpu');
  });

  test('a table is named by the engines it measured, its machine (the GPU when PyTorch ran on CUDA), modes and load', () => {
    expect(measurementName(cpu)).toBe('engine-a on Test CPU, 2 cores: one seed run and a seed grid (load average 1.50)');
    expect(measurementName(gpu)).toBe('engine-g on Test GPU (host: Test CPU, 2 cores): ensembles (load average 1.50)');
  });

  test('the name carries the date: "measured" from the bench\'s own timestamp, "committed" from a backfilled one', () => {
    const measured: BenchFile = { ...cpu, measuredAt: '2026-12-04T18:20:05.123Z', committedAt: '2026-12-05T09:00:00+00:00' };
    const committed: BenchFile = { ...gpu, committedAt: '2026-11-27T12:34:45+00:00' };
    expect(measurementDate(measured)).toBe('measured 2026-12-04');
    expect(measurementDate(committed)).toBe('committed 2026-11-27');
    expect(measurementDate(cpu)).toBeUndefined();
    expect(measurementName(measured)).toBe('engine-a on Test CPU, 2 cores: one seed run and a seed grid, measured 2026-12-04 (load average 1.50)');
    expect(measurementName(committed)).toBe('engine-g on Test GPU (host: Test CPU, 2 cores): ensembles, committed 2026-11-27 (load average 1.50)');
  });

  test('ratios: 2 decimals from 1 up, 3 significant digits below; in words the faster side comes first', () => {
    expect([ratioText(1.3292), ratioText(0.05281), ratioText(0.0031)]).toEqual(['1.33x', '0.0528x', '0.00310x']);
    expect(ratioWords(1.33)).toBe('ours 1.33 times as fast as PyTorch');
    expect(ratioWords(0.05)).toBe('PyTorch 20 times as fast as ours');
    expect(ratioWords(0.8)).toBe('PyTorch 1.25 times as fast as ours');
  });
});
