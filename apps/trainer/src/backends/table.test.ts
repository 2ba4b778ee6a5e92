import { availableParallelism } from 'node:os';
import { backendNames } from '@negmnist/core';
import { describe, expect, it } from 'vitest';
import { backendChoices, backendIds, BACKENDS, defaultThreads } from './table';

describe('the backend table', () => {
  it('gives --backend its values: auto, then every backend once', () => {
    expect(backendChoices).toEqual(['auto', 'onnx-cpu', 'onnx-webgpu', 'onnx-cuda', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
    expect(new Set(BACKENDS.map((b) => `${b.engine}/${b.name}`)).size).toBe(BACKENDS.length);
    for (const backend of BACKENDS) expect(backendNames).toContain(backend.name);
  });

  it("orders auto's tries fastest first and names what each needs", () => {
    expect(backendIds((b) => b.auto)).toEqual(['onnx-cpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
    expect(backendIds((b) => b.ensembles)).toEqual(['onnx-webgpu', 'onnx-cuda', 'tensorflow', 'webgpu']);
    expect(backendIds((b) => b.install === undefined)).toEqual(['cpu']);
  });

  it('defaults --threads to every core for one run, else 1 (a worker thread per core)', () => {
    expect(defaultThreads(1)).toBe(availableParallelism());
    expect(defaultThreads(2)).toBe(1);
  });
});
