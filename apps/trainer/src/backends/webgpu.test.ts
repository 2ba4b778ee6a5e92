import { describe, expect, it } from 'vitest';
import { SEED_PRESET } from '../config/presets';
import { adapterFromProbe, failedProbeReason, memberShape } from './webgpu';

const seed = { ...SEED_PRESET, dataset: 'mnist', seed: 0 };
const MNIST = { train: 60_000, validation: 10_000 };

describe('memberShape, what one ensemble member takes on the WGSL engine', () => {
  it("is the run's network, batch and probe, with a prediction per validation image", () => {
    expect(memberShape(seed, MNIST)).toEqual({ layerSizes: [784, 200, 100, 10], batchSize: 64, probeSize: 1000, validationImages: 10_000 });
    expect(memberShape({ ...seed, layers: [784, 32, 10], batchSize: 32, probeSize: 16 }, MNIST)).toEqual({ layerSizes: [784, 32, 10], batchSize: 32, probeSize: 16, validationImages: 10_000 });
  });

  it("adds the sharpness probe's 2,048 training images when the run measures sharpness", () => {
    expect(memberShape({ ...seed, sharpnessEvery: 50 }, MNIST)).toMatchObject({ sharpnessImages: 2048 });
  });

  it('caps the probe at the validation images and the sharpness batch at the training images, as train() does', () => {
    expect(memberShape({ ...seed, probeSize: 150_000, sharpnessEvery: 50 }, { train: 256, validation: 64 })).toEqual({
      layerSizes: [784, 200, 100, 10],
      batchSize: 64,
      probeSize: 64,
      validationImages: 64,
      sharpnessImages: 256,
    });
  });
});

describe("adapterFromProbe, the probe child's answer", () => {
  it('reads the last stdout line, after anything Dawn printed before it', () => {
    expect(adapterFromProbe('\n"NVIDIA H200"')).toEqual({ description: 'NVIDIA H200' });
    expect(adapterFromProbe('Warning: something from the driver\n"llvmpipe (LLVM 19.1.7, 256 bits)"\n')).toEqual({ description: 'llvmpipe (LLVM 19.1.7, 256 bits)' });
  });

  it('gives the no-adapter reason for null, and a one-line reason for an answer that is not one', () => {
    expect(adapterFromProbe('\nnull').reason).toMatch(/^no WebGPU adapter: install /);
    expect(adapterFromProbe('')).toEqual({ reason: "the webgpu package's adapter probe printed no answer (nothing)" });
    expect(adapterFromProbe('Dawn: device lost')).toEqual({ reason: "the webgpu package's adapter probe printed no answer (Dawn: device lost)" });
    expect(adapterFromProbe('42')).toEqual({ reason: "the webgpu package's adapter probe printed no answer (42)" });
  });
});

describe('failedProbeReason, when the probe child fails', () => {
  it('names its last stderr line, else its exit status or signal', () => {
    expect(failedProbeReason({ stderr: 'warning\nError: libvulkan.so.1: cannot open\n', status: 1, signal: null })).toBe('the webgpu package failed to load (Error: libvulkan.so.1: cannot open)');
    expect(failedProbeReason({ stderr: '', status: 134, signal: null })).toBe('the webgpu package failed to load (exit 134)');
    expect(failedProbeReason({ stderr: '  \n', status: null, signal: 'SIGTERM' })).toBe('the webgpu package failed to load (killed by SIGTERM)');
  });
});
