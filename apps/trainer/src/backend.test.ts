import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@negmnist/results';
import { runCli, tempDir } from './test/cli-process';
import { writeTinyIdx } from './test/tiny-idx';
import type { TinyIdx } from './test/tiny-idx';

let dir: string;
let data: TinyIdx;

async function trainOn(backend: string): Promise<RunRecord> {
  const args = ['train', '--backend', backend, '--name', backend, '--layers', '784,32,10', '--batch', '32', '--epochs', '1', '--eval-every', '4', '--probe-size', '32', '--out', 'res'];
  const result = await runCli([...args, '--images', data.images, '--labels', data.labels, '--test-images', data.testImages, '--test-labels', data.testLabels], dir);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(await readFile(join(dir, 'res', backend, 'pos-relu-out-relu-s0', 'record.json'), 'utf8')) as RunRecord;
}

beforeAll(async () => {
  dir = tempDir('backends');
  data = await writeTinyIdx(join(dir, 'data'));
});

describe('backends', () => {
  it('cpu, wasm and webgpu (lavapipe) train the same steps to the same losses', async () => {
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    // An explicit --backend webgpu accepts a CPU adapter (auto would skip it for wasm).
    const webgpu = await trainOn('webgpu');
    expect(cpu.backend).toEqual({ name: 'cpu', adapter: 'plain JavaScript' });
    expect(wasm.backend.name).toBe('wasm');
    expect(wasm.backend.adapter).toContain('1 thread');
    expect(webgpu.backend.name).toBe('webgpu');
    expect(webgpu.backend.adapter).toMatch(/llvmpipe|lavapipe/);
    expect(cpu.evaluations).toHaveLength(2);
    for (const other of [wasm, webgpu]) {
      expect(other.evaluations.map((e) => e.step)).toEqual(cpu.evaluations.map((e) => e.step));
      other.evaluations.forEach((e, i) => {
        const ref = cpu.evaluations[i] as (typeof cpu.evaluations)[number];
        expect(e.trainLoss, other.backend.name).toBeCloseTo(ref.trainLoss as number, 3);
        expect(e.valLoss, other.backend.name).toBeCloseTo(ref.valLoss as number, 3);
        expect(Math.abs(e.valAccuracy - ref.valAccuracy), other.backend.name).toBeLessThanOrEqual(1 / 64);
      });
    }
  });

  it('auto skips a CPU WebGPU adapter in favour of wasm and says why', async () => {
    const result = await runCli(['bench', '--steps', '2', '--warmup', '0', '--python', '/nonexistent/python3'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backend: skipped webgpu: the WebGPU adapter is a CPU rasteriser \(llvmpipe.*\); wasm is faster there$/m);
    expect(result.stdout).toMatch(/^backend: wasm threads are off in Node/m);
    expect(result.stdout).toMatch(/negmnist {2}wasm \(SIMD, 1 thread\): \d+\.\d\d ms\/step/);
    expect(result.stdout).toContain('pytorch   skipped: /nonexistent/python3 could not run');
  });
});
