import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { benchDir, loadBenchTables, machineLine, pytorchLine, rate } from './bench';
import type { BenchFile } from '@negmnist/results';

const file: BenchFile = {
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux 6', node: 'v20.1.0', loadAverage: 0.25 },
  settings: { modes: ['protocol'], backends: ['onnx-cpu', 'onnx-cuda'], ks: [1], steps: 200, warmup: 20, epochs: 1, runs: 4, timeoutMs: 60_000 },
  negmnist: { negmnist: '0.1.0', 'onnxruntime-node': '1.30.0' },
  pytorch: { torch: '1.13', python: '3.11', threads: 1, blasConfig: [], blasLibraries: ['/lib/libblas.so.3'], cuda: null, blas: { name: 'OpenBLAS', library: '/lib/libblas.so.3', reference: false } },
  rows: [
    { mode: 'protocol', side: 'negmnist', label: 'onnx-cpu', setup: '1 process', threads: 1, k: 1, wallMs: 1500, vsPytorch: 1.6 },
    { mode: 'protocol', side: 'pytorch', label: 'PyTorch CPU', setup: '1 process x 1 thread', threads: 1, k: 1, wallMs: 2400 },
    { mode: 'protocol', side: 'negmnist', label: 'onnx-cuda', setup: '1 process, GPU', threads: 0, k: 1, skipped: 'absent here' },
  ],
};

describe('bench tables', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bench-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads every JSON file, the named ones first in their order, then the rest by name; a bad file comes back with its error', async () => {
    for (const name of ['b-old', 'a-old', 'current', 'gpu']) await writeFile(path.join(dir, `${name}.json`), JSON.stringify(file));
    await writeFile(path.join(dir, 'broken.json'), '{');
    await writeFile(path.join(dir, 'wrong.json'), JSON.stringify({ ...file, rows: [{ mode: 'step' }] }));
    await writeFile(path.join(dir, 'notes.md'), '# not a table');
    const tables = await loadBenchTables(dir, ['current', 'gpu']);
    expect(tables.map((t) => t.name)).toEqual(['current', 'gpu', 'a-old', 'b-old', 'broken', 'wrong']);
    expect(tables[0]).toEqual({ name: 'current', data: file });
    expect(tables[4]).toEqual({ name: 'broken', error: expect.stringMatching(/^expected JSON/) });
    expect(tables[5]).toEqual({ name: 'wrong', error: expect.stringMatching(/^at rows\.0\.side: /) });
  });

  test('a file is dated by measuredAt (the bench writes it) or a backfilled committedAt, or has no date; a malformed date is named', async () => {
    const measured = { measuredAt: '2026-12-04T18:20:05.123Z', ...file };
    const committed = { committedAt: '2026-11-27T13:20:51+00:00', ...file };
    for (const [name, data] of Object.entries({ measured, committed, undated: file, 'bad-date': { measuredAt: 'last Tuesday', ...file } })) {
      await writeFile(path.join(dir, `${name}.json`), JSON.stringify(data));
    }
    const tables = await loadBenchTables(dir, ['measured', 'committed', 'undated']);
    expect(tables.slice(0, 3)).toEqual([
      { name: 'measured', data: measured },
      { name: 'committed', data: committed },
      { name: 'undated', data: file },
    ]);
    expect(tables[3]).toEqual({ name: 'bad-date', error: expect.stringMatching(/^at measuredAt: /) });
  });

  test('every committed table (experiments/bench/) reads, and each has a date', async () => {
    const tables = await loadBenchTables(benchDir(fileURLToPath(new URL('..', import.meta.url))));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      if ('error' in table) throw new Error(`${table.name}.json: ${table.error}`);
      expect(table.data.measuredAt ?? table.data.committedAt, table.name).toBeDefined();
    }
  });

  test('no directory: no tables', async () => {
    expect(await loadBenchTables(path.join(dir, 'absent'))).toEqual([]);
  });

  test('describes the machine and both sides as the files hold them', () => {
    expect(machineLine(file)).toBe('Test CPU, 2 cores, 8 GiB, linux 6, Node v20.1.0, load average 0.25');
    expect(pytorchLine(file)).toBe('torch 1.13, Python 3.11, BLAS OpenBLAS (/lib/libblas.so.3)');
    const torch = { torch: '2.11', python: '3.12', threads: 1, blasConfig: [], blasLibraries: [] };
    const gpu: BenchFile = { ...file, pytorch: { ...torch, cuda: 'NVIDIA H200', blas: { name: 'netlib', reference: true } } };
    expect(pytorchLine(gpu)).toBe('torch 2.11, Python 3.12, BLAS netlib, the netlib reference BLAS, CUDA device NVIDIA H200');
    expect(pytorchLine({ ...file, pytorch: { skipped: 'python3 has no torch' } })).toBe('PyTorch not measured: python3 has no torch');
    // no BLAS library mapped (the bench leaves the field out): the name alone
    expect(pytorchLine({ ...file, pytorch: { ...torch, cuda: null, blas: { name: 'MKL', reference: false } } })).toBe('torch 2.11, Python 3.12, BLAS MKL');
  });

  test('rates keep 3 significant digits, whole numbers from 100', () => {
    expect([rate(1214.4), rate(31.68), rate(0.5349), rate(undefined)]).toEqual(['1214', '31.7', '0.535', '']);
  });
});
