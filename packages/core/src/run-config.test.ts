import { describe, expect, it } from 'vitest';
import { compactRunConfig, resolveRunConfig, runConfigSchema, type RunConfig } from './run-config';
import { runSettings } from './run-settings';

// A config as the first records wrote it: none of the fields added later.
const first: RunConfig = {
  dataset: 'mnist',
  negative: true,
  layers: [784, 200, 100, 10],
  hidden: 'relu',
  output: 'relu',
  init: 'torch',
  lr: 0.05,
  batchSize: 64,
  epochs: 2,
  evalEvery: 100,
  seed: 3,
  probeSize: 1000,
};

describe('resolveRunConfig', () => {
  it('reads an old config as the runs then trained: global schedule with a final evaluation, unit inputs, no offset', () => {
    const c = resolveRunConfig(first);
    expect([c.evalSchedule, c.evalFinal, c.input, c.inputOffset, c.inputGain, c.fc1LrScale, c.perturbation, c.meanDirectionProbe]).toEqual([
      'global', true, 'unit', 0, 1, 1, 0, false,
    ]);
    expect(c.maxSteps).toBeUndefined();
  });

  it('gives per-epoch runs no final evaluation unless they say so, and keeps what a config states', () => {
    expect(resolveRunConfig({ ...first, evalSchedule: 'per-epoch' }).evalFinal).toBe(false);
    expect(resolveRunConfig({ ...first, evalSchedule: 'per-epoch', evalFinal: true }).evalFinal).toBe(true);
    const c = resolveRunConfig({ ...first, input: 'centred', inputOffset: 0.5, fc1LrScale: 0.1, maxSteps: 7 });
    expect([c.input, c.inputOffset, c.fc1LrScale, c.maxSteps]).toEqual(['centred', 0.5, 0.1, 7]);
  });
});

describe('compactRunConfig', () => {
  it('drops input and fc1 fields at their defaults and keeps the others, so old run ids stay', () => {
    const full = { ...first, input: 'unit', inputOffset: 0, inputGain: 2, fc1LrScale: 1, perturbation: 1e-6, evalSchedule: 'global' } as const;
    const compact = compactRunConfig(full);
    expect(Object.keys(compact).filter((k) => !(k in first))).toEqual(['inputGain', 'perturbation', 'evalSchedule']);
    expect(runConfigSchema.parse(compact)).toEqual(compact);
  });
});

describe('runSettings', () => {
  it('splits a config into model, inputs, member and loop options with defaults filled', () => {
    const s = runSettings({ ...first, inputOffset: 0.25, sharpnessEvery: 50 });
    expect(s.model).toEqual({ layerSizes: [784, 200, 100, 10], hidden: 'relu', output: 'relu', init: 'torch', seed: 3 });
    expect(s.inputs).toEqual({ negative: true, offset: 0.25, input: 'unit', gain: 1 });
    expect(s.member).toEqual({ lr: 0.05, negative: true, seed: 3, fc1LrScale: 1, perturbation: 0 });
    expect(s.loop).toEqual({ batchSize: 64, epochs: 2, evalEvery: 100, evalSchedule: 'global', evalFinal: true, probeSize: 1000, meanDirection: false, sharpness: { every: 50 } });
  });
});
