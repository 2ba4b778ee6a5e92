import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from './adapters';

describe('isSoftwareAdapter', () => {
  it('recognises the software rasterisers by the names their drivers report', () => {
    for (const d of ['llvmpipe (LLVM 19.1.7, 256 bits)', 'Google SwiftShader', 'lavapipe', 'Microsoft Basic Render Driver', 'softpipe']) {
      expect(isSoftwareAdapter(d), d).toBe(true);
    }
  });

  it('leaves hardware adapters alone', () => {
    for (const d of ['NVIDIA: 580.159.04 580.159.4.0', 'NVIDIA H200', 'AMD Radeon RX 7900', 'Intel(R) Iris(R) Xe Graphics', 'Apple M2']) {
      expect(isSoftwareAdapter(d), d).toBe(false);
    }
  });
});
