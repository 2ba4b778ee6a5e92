import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, passesOverAdapter, tfjsBackendPreference } from './adapters';

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

describe('passesOverAdapter', () => {
  it('auto passes over a software rasteriser; a backend asked for by name takes it; hardware is always taken', () => {
    expect(passesOverAdapter('llvmpipe (LLVM 19.1.7, 256 bits)', { explicit: false })).toBe(true);
    expect(passesOverAdapter('llvmpipe (LLVM 19.1.7, 256 bits)', { explicit: true })).toBe(false);
    expect(passesOverAdapter('NVIDIA H200', { explicit: false })).toBe(false);
  });
});

describe('tfjsBackendPreference', () => {
  it('puts a GPU before wasm and wasm before plain JavaScript', () => {
    const rank = (name: (typeof tfjsBackendPreference)[number]) => tfjsBackendPreference.indexOf(name);
    expect(rank('webgpu')).toBeLessThan(rank('webgl'));
    expect(rank('webgl')).toBeLessThan(rank('wasm'));
    expect(rank('wasm')).toBeLessThan(rank('cpu'));
  });
});
