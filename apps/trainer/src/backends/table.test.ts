import { availableParallelism } from 'node:os';
import { backendNames } from '@negmnist/core';
import { backendId } from '@negmnist/results';
import { describe, expect, it } from 'vitest';
import { backendChoiceNotes, backendChoices, backendIds, BACKENDS, defaultThreads, onDawnAdapter } from './table';

describe('the backend table', () => {
  it('gives --backend its values: auto, then every backend once', () => {
    expect(backendChoices).toEqual(['auto', 'webgpu', 'onnx-cpu', 'onnx-webgpu', 'onnx-cuda', 'tensorflow', 'tfjs-webgpu', 'wasm', 'cpu']);
    expect(new Set(BACKENDS.map((b) => `${b.engine}/${b.name}`)).size).toBe(BACKENDS.length);
    for (const backend of BACKENDS) expect(backendNames).toContain(backend.name);
  });

  it("orders auto's tries (webgpu, then the CPU backends as measured) and names what each needs", () => {
    expect(backendIds((b) => b.auto)).toEqual(['webgpu', 'onnx-cpu', 'tensorflow', 'tfjs-webgpu', 'wasm', 'cpu']);
    expect(backendIds((b) => b.ensembles)).toEqual(['webgpu', 'onnx-webgpu', 'onnx-cuda', 'tensorflow', 'tfjs-webgpu']);
    // one probe of Dawn's adapter serves these; auto passes over a CPU adapter for them
    expect(backendIds(onDawnAdapter)).toEqual(['webgpu', 'tfjs-webgpu']);
    expect(backendIds((b) => b.install === undefined)).toEqual(['cpu']);
  });

  it('tells --help what auto tries, in order, and which choices take a CPU adapter only when named', () => {
    const notes = backendChoiceNotes();
    expect(notes.auto).toBe(
      'the first present of webgpu, onnx-cpu, tensorflow, tfjs-webgpu, wasm, cpu: webgpu first (its GPU speed not measured yet), then the CPU backends fastest first by negmnist bench; webgpu and tfjs-webgpu on a hardware GPU only',
    );
    expect(Object.keys(notes)).toEqual(['auto', 'webgpu', 'tfjs-webgpu']);
    expect(notes.webgpu).toContain('also on a CPU adapter');
  });

  it("names each row in results as --backend does: backendId of the row's engine and name is its id", () => {
    expect(BACKENDS.map((row) => backendId({ engine: row.engine, name: row.name }))).toEqual(BACKENDS.map((row) => row.id));
  });

  it('defaults --threads to every core for one run, else 1 (a worker thread per core)', () => {
    expect(defaultThreads(1)).toBe(availableParallelism());
    expect(defaultThreads(2)).toBe(1);
  });
});
