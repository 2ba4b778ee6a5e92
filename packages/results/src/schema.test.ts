import { describe, expect, it } from 'vitest';
import { backendId, backendLabel } from './index';

describe('backendLabel', () => {
  it('names the backend as --backend does, with its adapter in brackets when the record has one', () => {
    expect(backendLabel({ name: 'cpu' })).toBe('cpu');
    expect(backendLabel({ engine: 'tfjs', name: 'webgpu', adapter: 'NVIDIA H200' })).toBe('tfjs-webgpu (NVIDIA H200)');
    expect(backendLabel({ engine: 'webgpu', name: 'webgpu', adapter: 'NVIDIA H200' })).toBe('webgpu (NVIDIA H200)');
    expect(backendLabel({ engine: 'onnxruntime', name: 'cpu', adapter: 'onnxruntime-node 1.22.0, 2 intra-op threads' })).toBe('onnx-cpu (onnxruntime-node 1.22.0, 2 intra-op threads)');
    expect(backendLabel({ name: 'wasm', adapter: '' })).toBe('wasm');
  });

  it('tells the two WebGPU engines apart, old records without an engine being TensorFlow.js', () => {
    expect(backendId({ name: 'webgpu' })).toBe('tfjs-webgpu');
    expect(backendId({ engine: 'webgpu', name: 'webgpu' })).toBe('webgpu');
    expect(backendId({ engine: 'onnxruntime', name: 'webgpu' })).toBe('onnx-webgpu');
    expect(backendId({ engine: 'tfjs', name: 'webgl' })).toBe('webgl');
  });
});
