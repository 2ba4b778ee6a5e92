import { describe, expect, test } from 'vitest';
import { planEngines, probeWebGpu } from './engines';
import type { ProbedGpu, WebGpuProbe } from './engines';

/** A `navigator.gpu` whose adapter reports `info` (null: no adapter), recording the options asked with. */
function fakeGpu(info: Record<string, unknown> | null): ProbedGpu & { asked: unknown[] } {
  const asked: unknown[] = [];
  return { asked, requestAdapter: async (options) => (asked.push(options), info === null ? null : { info }) };
}

const scopeWith = (gpu: ProbedGpu) => ({ navigator: { gpu } });

const hardware: WebGpuProbe = { adapter: 'nvidia ampere', fallback: false };

describe('which engine a lab run trains with', () => {
  test('auto: engine-webgpu on a hardware adapter, with WebGL and wasm behind it (never TensorFlow.js on the same adapter)', () => {
    expect(planEngines('auto', hardware)).toEqual({ candidates: ['engine-webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('auto', { adapter: 'apple metal-3', fallback: false }).candidates[0]).toBe('engine-webgpu');
  });

  test('auto passes over software adapters, named by their description or flagged as fallback by the browser', () => {
    for (const adapter of ['google swiftshader', 'mesa llvmpipe (LLVM 19.1.7, 256 bits)', 'Microsoft Basic Render Driver']) {
      const plan = planEngines('auto', { adapter, fallback: false });
      expect(plan.candidates).toEqual(['webgl', 'wasm']);
      expect(plan.notes).toEqual([`WebGPU (engine-webgpu): the adapter is a software renderer (${adapter}), slower than wasm`]);
    }
    // a description the browser hides, but marked as a fallback adapter
    expect(planEngines('auto', { adapter: 'mesa', fallback: true }).candidates).toEqual(['webgl', 'wasm']);
  });

  test('without WebGPU, auto falls back to WebGL, then wasm, and says why', () => {
    const plan = planEngines('auto', { missing: 'this browser has no navigator.gpu', api: false });
    expect(plan).toEqual({ candidates: ['webgl', 'wasm'], notes: ['WebGPU (engine-webgpu): this browser has no navigator.gpu'] });
  });

  test('an engine asked for by name takes a software adapter, and falls back like auto when it cannot start', () => {
    const swiftshader: WebGpuProbe = { adapter: 'google swiftshader', fallback: true };
    expect(planEngines('engine-webgpu', swiftshader)).toEqual({ candidates: ['engine-webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('webgpu', swiftshader)).toEqual({ candidates: ['webgpu', 'webgl', 'wasm'], notes: [] });
    expect(planEngines('engine-webgpu', { missing: 'the browser found no WebGPU adapter', api: true })).toEqual({
      candidates: ['webgl', 'wasm'],
      notes: ['WebGPU (engine-webgpu): the browser found no WebGPU adapter'],
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
