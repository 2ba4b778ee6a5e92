import { backendId } from '@negmnist/results';
import { describe, expect, test } from 'vitest';
import { enginesInOrder, LAB_ENGINE_ORDER, LAB_ENGINES, labEngineName, planEngines, probeWebGpu } from './engines';
import type { ProbedGpu, WebGpuProbe } from './engines';

/** A `navigator.gpu` whose adapter reports `info` (null: no adapter), recording the options asked with. */
function fakeGpu(info: Record<string, unknown> | null): ProbedGpu & { asked: unknown[] } {
  const asked: unknown[] = [];
  return { asked, requestAdapter: async (options) => (asked.push(options), info === null ? null : { info }) };
}

const scopeWith = (gpu: ProbedGpu) => ({ navigator: { gpu } });

const hardware: WebGpuProbe = { adapter: 'nvidia ampere', fallback: false };

describe('the lab’s engine ids and words', () => {
  test('each id is what backendId (negmnist ls, the CLI’s --backend) calls the record the engine writes', () => {
    expect(LAB_ENGINE_ORDER).toEqual(['webgpu', 'tfjs-webgpu', 'webgl', 'wasm']);
    for (const id of LAB_ENGINE_ORDER) expect(backendId(LAB_ENGINES[id])).toBe(id);
  });

  test('engines in words, the runtime said once per stretch', () => {
    expect(LAB_ENGINE_ORDER.map(labEngineName)).toEqual(['engine-webgpu on WebGPU', 'TensorFlow.js on WebGPU', 'TensorFlow.js on WebGL', 'TensorFlow.js on WebAssembly (wasm)']);
    expect(enginesInOrder(['webgl', 'wasm'])).toBe('TensorFlow.js on WebGL, else on WebAssembly (wasm)');
    expect(enginesInOrder(['webgpu', 'webgl', 'wasm'])).toBe('engine-webgpu on WebGPU, else TensorFlow.js on WebGL, else on WebAssembly (wasm)');
    expect(enginesInOrder(['wasm'])).toBe('TensorFlow.js on WebAssembly (wasm)');
  });
});

describe('which engine a lab run trains with', () => {
  test('auto: engine-webgpu on a hardware adapter, with WebGL and wasm behind it (never TensorFlow.js on the same adapter)', () => {
    expect(planEngines('auto', hardware)).toEqual({ candidates: ['webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('auto', { adapter: 'apple metal-3', fallback: false }).candidates[0]).toBe('webgpu');
  });

  test('auto passes over software adapters, named by their description or flagged as fallback by the browser', () => {
    for (const adapter of ['google swiftshader', 'mesa llvmpipe (LLVM 19.1.7, 256 bits)', 'Microsoft Basic Render Driver']) {
      const plan = planEngines('auto', { adapter, fallback: false });
      expect(plan.candidates).toEqual(['webgl', 'wasm']);
      expect(plan.notes).toEqual([`engine-webgpu on WebGPU: the adapter is a software renderer (${adapter}), slower than wasm`]);
    }
    // a description the browser hides, but marked as a fallback adapter
    expect(planEngines('auto', { adapter: 'mesa', fallback: true }).candidates).toEqual(['webgl', 'wasm']);
  });

  test('without WebGPU, auto falls back to WebGL, then wasm, and says why', () => {
    const plan = planEngines('auto', { missing: 'this browser has no navigator.gpu', api: false });
    expect(plan).toEqual({ candidates: ['webgl', 'wasm'], notes: ['engine-webgpu on WebGPU: this browser has no navigator.gpu'] });
  });

  test('an engine asked for by name takes a software adapter, and falls back like auto when it cannot start', () => {
    const swiftshader: WebGpuProbe = { adapter: 'google swiftshader', fallback: true };
    expect(planEngines('webgpu', swiftshader)).toEqual({ candidates: ['webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('tfjs-webgpu', swiftshader)).toEqual({ candidates: ['tfjs-webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('webgpu', { missing: 'the browser found no WebGPU adapter', api: true })).toEqual({
      candidates: ['webgl', 'wasm'],
      notes: ['engine-webgpu on WebGPU: the browser found no WebGPU adapter'],
    });
    expect(planEngines('webgl', hardware).candidates).toEqual(['webgl', 'wasm']);
    expect(planEngines('wasm', hardware).candidates).toEqual(['wasm']);
  });
});

describe('probeWebGpu', () => {
  test('names the adapter engine-webgpu opens (high performance) by vendor, architecture and description', async () => {
    const gpu = fakeGpu({ vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true });
    expect(await probeWebGpu({ navigator: { gpu } })).toEqual({ adapter: 'google swiftshader', fallback: true });
    expect(gpu.asked).toEqual([{ powerPreference: 'high-performance' }]);
    expect(await probeWebGpu(scopeWith(fakeGpu({ vendor: 'nvidia', architecture: 'ampere' })))).toEqual({ adapter: 'nvidia ampere', fallback: false });
  });

  test('says why there is no adapter: no API, no adapter, or a request that fails', async () => {
    expect(await probeWebGpu({ navigator: {} })).toEqual({ missing: 'this browser has no navigator.gpu', api: false });
    expect(await probeWebGpu(scopeWith(fakeGpu(null)))).toEqual({ missing: 'the browser found no WebGPU adapter', api: true });
    expect(await probeWebGpu(scopeWith({ requestAdapter: () => Promise.reject(new Error('lost')) }))).toEqual({ missing: 'the browser found no WebGPU adapter', api: true });
  });
});
