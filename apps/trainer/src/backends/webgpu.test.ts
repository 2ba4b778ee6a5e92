import { describe, expect, it } from 'vitest';
import { SEED_PRESET } from '../config/presets';
import { memberShape } from './webgpu';

const seed = { ...SEED_PRESET, dataset: 'mnist', seed: 0 };

describe('memberShape, what one ensemble member takes on the WGSL engine', () => {
  it("is the run's network, batch and probe", () => {
    expect(memberShape(seed)).toEqual({ layerSizes: [784, 200, 100, 10], batchSize: 64, probeSize: 1000 });
    expect(memberShape({ ...seed, layers: [784, 32, 10], batchSize: 32, probeSize: 16 })).toEqual({ layerSizes: [784, 32, 10], batchSize: 32, probeSize: 16 });
  });

  it("adds the sharpness probe's 2,048 training images when the run measures sharpness", () => {
    expect(memberShape({ ...seed, sharpnessEvery: 50 })).toMatchObject({ sharpnessImages: 2048 });
  });
});
