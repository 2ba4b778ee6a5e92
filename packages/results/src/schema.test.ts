import { describe, expect, it } from 'vitest';
import { backendLabel } from './index';

describe('backendLabel', () => {
  it('names the backend, with its adapter in brackets when the record has one', () => {
    expect(backendLabel({ name: 'cpu' })).toBe('cpu');
    expect(backendLabel({ engine: 'tfjs', name: 'webgpu', adapter: 'NVIDIA H200' })).toBe('webgpu (NVIDIA H200)');
    expect(backendLabel({ engine: 'onnxruntime', name: 'cpu', adapter: 'onnxruntime-node 1.22.0, 2 intra-op threads' })).toBe('cpu (onnxruntime-node 1.22.0, 2 intra-op threads)');
    expect(backendLabel({ name: 'wasm', adapter: '' })).toBe('wasm');
  });
});
