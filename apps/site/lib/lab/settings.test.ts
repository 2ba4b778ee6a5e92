import { runSettings, SEED_CONFIG } from '@negmnist/core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, labRunConfig, labRunLabel, parseNumericSetting } from './settings';

describe('the lab runs the seed program', () => {
  test('its defaults are the seed’s network, init and learning rate, on unscaled pixels', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ hidden: 'relu', output: 'relu', init: 'torch', lr: 0.1, input: 'unit' });
    expect(labRunLabel(DEFAULT_SETTINGS, 'negative')).toBe('negative · relu');
    expect(labRunLabel({ ...DEFAULT_SETTINGS, output: 'none', input: 'centred', lr: 0.05 }, 'positive')).toBe('positive · relu · out none · centred · lr 0.05');
  });

  test('a run trains what its record says: the config mapped by core to model, inputs, member and loop', () => {
    const config = labRunConfig(DEFAULT_SETTINGS, 'negative', 'mnist-lab-2-1', SEED_CONFIG.layers);
    expect(config).not.toHaveProperty('input'); // the default scaling is left out, as the CLI does
    const { model, inputs, member, loop } = runSettings(config);
    expect(model).toEqual({ layerSizes: [784, 200, 100, 10], hidden: 'relu', output: 'relu', init: 'torch', seed: 0 });
    expect(inputs).toEqual({ negative: true, offset: 0, input: 'unit', gain: 1 });
    expect(member).toEqual({ lr: 0.1, negative: true, seed: 0, fc1LrScale: 1, perturbation: 0 });
    expect(loop).toEqual({ batchSize: 64, epochs: 10, evalEvery: 25, evalSchedule: 'global', evalFinal: true, probeSize: 1000, meanDirection: false });
    const centred = labRunConfig({ ...DEFAULT_SETTINGS, input: 'centred', seed: 3 }, 'positive', 'mnist-lab-2-1', SEED_CONFIG.layers);
    expect(runSettings(centred)).toMatchObject({ inputs: { negative: false, input: 'centred' }, member: { seed: 3 }, model: { seed: 3 } });
  });
});

describe('parseNumericSetting', () => {
  test('accepts the values each field allows', () => {
    expect(parseNumericSetting('lr', '0.1')).toEqual({ value: 0.1 });
    expect(parseNumericSetting('lr', ' 2e-3 ')).toEqual({ value: 0.002 });
    expect(parseNumericSetting('seed', '0')).toEqual({ value: 0 });
    expect(parseNumericSetting('epochs', '50')).toEqual({ value: 50 });
    expect(parseNumericSetting('evalEvery', '1')).toEqual({ value: 1 });
  });

  test('a negative or zero learning rate is refused with what was expected and what was received', () => {
    const negative = parseNumericSetting('lr', '-5');
    expect(negative).toHaveProperty('error');
    expect('error' in negative && negative.error).toMatch(/^Learning rate: expected a number above 0, received -5\.$/);
    expect(parseNumericSetting('lr', '0')).toHaveProperty('error');
    expect(parseNumericSetting('lr', 'abc')).toHaveProperty('error');
    expect(parseNumericSetting('lr', 'Infinity')).toHaveProperty('error');
  });

  test('whole-number fields refuse fractions, values out of range and empty fields', () => {
    expect(parseNumericSetting('seed', '1.5')).toHaveProperty('error');
    expect(parseNumericSetting('seed', '-1')).toHaveProperty('error');
    expect(parseNumericSetting('epochs', '0')).toHaveProperty('error');
    expect(parseNumericSetting('epochs', '51')).toEqual({ error: 'Epochs: expected a whole number from 1 to 50, received 51.' });
    expect(parseNumericSetting('evalEvery', '')).toEqual({ error: 'Evaluate every: expected a whole number 1 or more; the field is empty.' });
  });
});
