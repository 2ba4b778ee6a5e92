import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type * as NodeOs from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '@negmnist/results';
import { backendById, intraOpThreadsText } from './table';
import { runCli, tempDir, WITHOUT_ONNXRUNTIME } from '../test/cli-process';
import { writeTinyIdx } from '../test/tiny-idx';
import { webgpuGate } from '../test/webgpu-gate';
import { workerCount } from '../runs/workers';
import type { TinyIdx } from '../test/tiny-idx';

// workerCount reads the core count from node:os; one test pins it (the CLI children see the real one).
vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof NodeOs>();
  return { ...os, availableParallelism: vi.fn(os.availableParallelism) };
});

let dir: string;
let data: TinyIdx;
let cpuRun: Promise<RunRecord> | undefined;

const SHAPE = ['--layers', '784,32,10', '--batch', '32', '--epochs', '1', '--eval-every', '4', '--out', 'res'];
const SMALL = [...SHAPE, '--probe-size', '32'];

function dataFlags(): string[] {
  return ['--images', data.images, '--labels', data.labels, '--test-images', data.testImages, '--test-labels', data.testLabels];
}

async function readRecord(name: string, id: string): Promise<RunRecord> {
  return JSON.parse(await readFile(join(dir, 'res', name, id, 'record.json'), 'utf8')) as RunRecord;
}

async function trainOn(backend: string): Promise<RunRecord> {
  const result = await runCli(['train', '--backend', backend, '--name', backend, ...SMALL, ...dataFlags()], dir);
  expect(result.code, result.stderr).toBe(0);
  return readRecord(backend, 'pos-relu-out-relu-s0');
}

/** The cpu run every other backend is compared with (trained once per file). */
function cpuReference(): Promise<RunRecord> {
  return (cpuRun ??= trainOn('cpu'));
}

/** Same steps, same losses and accuracies (the first record's backend named on a mismatch). */
function expectSameNumbers(other: RunRecord, ref: RunRecord): void {
  expect(other.evaluations.map((e) => e.step)).toEqual(ref.evaluations.map((e) => e.step));
  other.evaluations.forEach((e, i) => {
    const r = ref.evaluations[i] as (typeof ref.evaluations)[number];
    expect(e.trainLoss, other.backend.name).toBeCloseTo(r.trainLoss as number, 3);
    expect(e.valLoss, other.backend.name).toBeCloseTo(r.valLoss as number, 3);
    expect(Math.abs(e.valAccuracy - r.valAccuracy), other.backend.name).toBeLessThanOrEqual(1 / 64);
  });
}

beforeAll(async () => {
  dir = tempDir('backends');
  data = await writeTinyIdx(join(dir, 'data'));
});

describe('intraOpThreadsText, the words of records, notes and the bench', () => {
  it('names one thread in the singular and any other count in the plural', () => {
    expect([1, 2, 16].map(intraOpThreadsText)).toEqual(['1 intra-op thread', '2 intra-op threads', '16 intra-op threads']);
  });
});

describe('workerCount on an 8-core machine', () => {
  it('gives one-core backends a worker per core, onnx-cpu one per --threads cores, GPU backends one; never more than runs or --workers', () => {
    vi.mocked(availableParallelism).mockReturnValue(8);
    try {
      const count = (id: Parameters<typeof backendById>[0], runs: number, threads: number, requested?: number) => workerCount(backendById(id), runs, requested, threads);
      expect([count('cpu', 20, 1), count('wasm', 20, 4), count('cpu', 3, 1), count('cpu', 20, 1, 5), count('cpu', 2, 1, 5)]).toEqual([8, 8, 3, 5, 2]);
      // onnx-cpu: floor(8 / threads) workers, at least 1
      expect([1, 2, 3, 8, 16].map((threads) => count('onnx-cpu', 20, threads))).toEqual([8, 4, 2, 1, 1]);
      expect([count('webgpu', 20, 1), count('tfjs-webgpu', 20, 1), count('onnx-webgpu', 20, 1), count('tensorflow', 20, 1, 4)]).toEqual([1, 1, 1, 1]);
    } finally {
      vi.mocked(availableParallelism).mockRestore();
    }
  });
});

describe('backends', () => {
  it('cpu, wasm and onnx-cpu train the same steps to the same losses', async () => {
    const cpu = await cpuReference();
    const wasm = await trainOn('wasm');
    const onnx = await trainOn('onnx-cpu');
    expect(cpu.backend).toEqual({ engine: 'tfjs', name: 'cpu', adapter: 'plain JavaScript' });
    // one run: an intra-op thread per core by default
    expect(onnx.backend).toEqual({ engine: 'onnxruntime', name: 'cpu', adapter: `onnxruntime-node ${onnx.versions['onnxruntime-node']}, ${intraOpThreadsText(availableParallelism())}` });
    expect(onnx.versions['onnxruntime-node']).toMatch(/^1\./);
    expectSameNumbers(onnx, cpu);
    expect(wasm.backend.name).toBe('wasm');
    expect(wasm.backend.adapter).toContain('1 thread');
    expect(cpu.evaluations).toHaveLength(2);
    expectSameNumbers(wasm, cpu);
  });

  it('--threads gives onnx-cpu that many intra-op threads, same numbers; a grid then runs one worker per that many cores', async () => {
    const result = await runCli(['train', '--backend', 'onnx-cpu', '--threads', '2', '--name', 'threads', ...SMALL, ...dataFlags()], dir);
    expect(result.code, result.stderr).toBe(0);
    const two = await readRecord('threads', 'pos-relu-out-relu-s0');
    expect(two.backend.adapter).toBe(`onnxruntime-node ${two.versions['onnxruntime-node']}, 2 intra-op threads`);
    const one = await runCli(['train', '--backend', 'onnx-cpu', '--threads', '1', '--name', 'one-thread', ...SMALL, ...dataFlags()], dir);
    expect(one.code, one.stderr).toBe(0);
    expect((await readRecord('one-thread', 'pos-relu-out-relu-s0')).backend.adapter).toBe(`onnxruntime-node ${two.versions['onnxruntime-node']}, 1 intra-op thread`);
    expectSameNumbers(two, await cpuReference());
    const zero = await runCli(['train', '--backend', 'onnx-cpu', '--threads', '0', ...SMALL, ...dataFlags()], dir);
    expect([zero.code, zero.stderr.trim()]).toEqual([2, 'negmnist: --threads: expected a positive integer, received "0"']);
    // another backend ignores it, and says so
    const wasm = await runCli(['train', '--backend', 'wasm', '--threads', '2', '--name', 'threads-wasm', ...SMALL, ...dataFlags()], dir);
    expect(wasm.stdout).toMatch(/^backend: --threads applies to onnx-cpu; wasm ignores it$/m);
  });

  it('auto picks onnx-cpu where onnxruntime-node is installed', async () => {
    const result = await runCli(['train', '--backend', 'auto', '--name', 'auto-onnx', ...SMALL, ...dataFlags()], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^backend: onnx-cpu \\(onnxruntime-node 1\\.\\d+\\.\\d+, ${intraOpThreadsText(availableParallelism())}\\)$`, 'm'));
    expect((await readRecord('auto-onnx', 'pos-relu-out-relu-s0')).backend).toMatchObject({ engine: 'onnxruntime', name: 'cpu' });
  });
});

describe('records of the WebGPU backends', () => {
  it('ls lists records of tfjs-webgpu (engine tfjs, name webgpu; or no engine, before there were two) apart from the WGSL engine', async () => {
    const record = await cpuReference();
    const backends = [
      { engine: 'tfjs', name: 'webgpu', adapter: 'NVIDIA H200' },
      { name: 'webgpu', adapter: 'NVIDIA H200' },
      { engine: 'webgpu', name: 'webgpu', adapter: 'NVIDIA H200' },
    ] as const;
    for (const [i, backend] of backends.entries()) {
      const id = `webgpu-${i}`;
      await mkdir(join(dir, 'old', 'h200', id), { recursive: true });
      await writeFile(join(dir, 'old', 'h200', id, 'record.json'), JSON.stringify({ ...record, experiment: 'h200', id, backend }));
    }
    const ls = await runCli(['ls', 'old', '--json'], dir);
    expect([ls.code, ls.stderr]).toEqual([0, '']);
    const rows = ls.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; status: string; backend: string });
    const labels = ['tfjs-webgpu (NVIDIA H200)', 'tfjs-webgpu (NVIDIA H200)', 'webgpu (NVIDIA H200)'];
    expect(rows).toEqual(labels.map((backend, i) => expect.objectContaining({ id: `webgpu-${i}`, status: 'done', backend })));
  });
});

const gpu = webgpuGate('trainer: webgpu backend tests');
describe.skipIf(!gpu.available)('the WebGPU backends', () => {
  it('webgpu (the WGSL engine) and tfjs-webgpu train the same steps to the same losses as cpu, each stored under its engine', async () => {
    // named explicitly, both accept a CPU adapter (auto would pass over it)
    const wgsl = await trainOn('webgpu');
    const tfjs = await trainOn('tfjs-webgpu');
    expect(wgsl.backend).toMatchObject({ engine: 'webgpu', name: 'webgpu' });
    expect(tfjs.backend).toMatchObject({ engine: 'tfjs', name: 'webgpu' });
    expect(wgsl.backend.adapter).toBe(tfjs.backend.adapter);
    expect(wgsl.versions.webgpu).toMatch(/^\d+\.\d+\.\d+$/);
    expect(wgsl.versions['@negmnist/engine-webgpu']).toMatch(/^\d+\.\d+\.\d+$/);
    const cpu = await cpuReference();
    expectSameNumbers(wgsl, cpu);
    expectSameNumbers(tfjs, cpu);
  });
});

describe.skipIf(!gpu.lavapipe)('the WebGPU backends on lavapipe', () => {
  it("a webgpu grid cuts its ensembles to what fits lavapipe's 128 MiB bindings, and says so", async () => {
    const experiment = join(dir, 'wide.json');
    await writeFile(experiment, JSON.stringify({ name: 'wide', grid: { negative: [true] }, seeds: 3 }));
    // 784-16384-10 holds 4 · (784 · 16,384 + 16,384 + 16,384 · 10 + 10) = 52,101,160 bytes of weights per member:
    // 2 members fit a 134,217,728-byte binding, 3 do not (the activations, 4 · 16,394 · 2 · (16 + 16) bytes, would allow 31)
    const small = await writeTinyIdx(join(dir, 'wide-data'), 32, 16);
    const data = ['--images', small.images, '--labels', small.labels, '--test-images', small.testImages, '--test-labels', small.testLabels];
    const flags = ['--layers', '784,16384,10', '--batch', '16', '--epochs', '1', '--eval-every', '2', '--probe-size', '16', '--out', 'res', ...data];
    const result = await runCli(['grid', experiment, '--backend', 'webgpu', '--name', 'wide', ...flags], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^training 3 runs as 2 ensemble\(s\); at most 2 runs per ensemble fit the buffer limits of llvmpipe/m);
    for (const id of ['neg-s0', 'neg-s1', 'neg-s2']) {
      // progress per run, as with runs trained alone
      expect(result.stdout).toMatch(new RegExp(`^${id}\\s+step 2/2 `, 'm'));
      expect((await readRecord('wide', id)).backend).toMatchObject({ engine: 'webgpu', name: 'webgpu' });
    }
  }, 120_000);

  it('a webgpu grid caps the probe at the validation images before sizing ensembles (150,000 on 64 images cuts nothing), to the numbers of separate cpu runs', async () => {
    const experiment = join(dir, 'pair.json');
    await writeFile(experiment, JSON.stringify({ name: 'pair', grid: { negative: [false, true] }, seeds: 2 }));
    const ids = ['pos-s0', 'pos-s1', 'neg-s0', 'neg-s1'];
    // capped at 64 images, 784-32-10 takes 4 · 42 · 2 · (64 + 32) bytes of activations per member: 64 members fit
    const flags = [...SHAPE, '--probe-size', '150000', ...dataFlags()];
    const gpuGrid = await runCli(['grid', experiment, '--backend', 'webgpu', '--name', 'pair-webgpu', ...flags], dir);
    expect(gpuGrid.code, gpuGrid.stderr).toBe(0);
    expect(gpuGrid.stdout).toMatch(/^training 4 runs as 1 ensemble\(s\)$/m);
    const cpuGrid = await runCli(['grid', experiment, '--backend', 'cpu', '--name', 'pair-cpu', ...flags], dir);
    expect(cpuGrid.code, cpuGrid.stderr).toBe(0);
    for (const id of ids) {
      const [ensembled, alone] = [await readRecord('pair-webgpu', id), await readRecord('pair-cpu', id)];
      expect(ensembled.backend).toMatchObject({ engine: 'webgpu', name: 'webgpu' });
      expect(ensembled.evaluations).toHaveLength(2);
      expectSameNumbers(ensembled, alone);
    }
  });

  it('auto passes over lavapipe for onnx-cpu and says why', async () => {
    const result = await runCli(['train', '--backend', 'auto', '--name', 'auto-lavapipe', ...SMALL, ...dataFlags()], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backend: onnx-cpu \(/m);
    expect(result.stdout).toMatch(/^backend: skipped webgpu: the WebGPU adapter is a CPU rasteriser \(llvmpipe.*\); the CPU backends are faster there$/m);
    expect((await readRecord('auto-lavapipe', 'pos-relu-out-relu-s0')).backend).toMatchObject({ engine: 'onnxruntime', name: 'cpu' });
  });

  it('without onnxruntime-node, auto says in one line what it would gain, passes over lavapipe for both WebGPU backends in one line and takes wasm', async () => {
    const result = await runCli(['train', '--backend', 'auto', '--name', 'auto', ...SMALL, ...dataFlags()], dir, WITHOUT_ONNXRUNTIME);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backend: onnx-cpu not available \(onnxruntime-node is not installed\): ONNXRUNTIME_NODE_INSTALL=skip npm install @negmnist\/engine-onnx trains the seed network about 6x faster than wasm on a CPU \(negmnist bench\)$/m);
    expect(result.stdout).toMatch(/^backend: skipped webgpu, tfjs-webgpu: the WebGPU adapter is a CPU rasteriser \(llvmpipe.*\); the CPU backends are faster there$/m);
    expect(result.stdout).toMatch(/^backend: wasm threads are off in Node/m);
    expect((await readRecord('auto', 'pos-relu-out-relu-s0')).backend).toMatchObject({ name: 'wasm', adapter: 'SIMD, 1 thread' });
  });
});
