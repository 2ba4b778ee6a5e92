import { describe, expect, test } from 'vitest';
import { fixtureRecords } from '../test/fixtures';
import { comparedRecords, findings, isSeedConfig, spread } from './findings';

const records = fixtureRecords();

describe('findings', () => {
  test('compares only the seed configuration when both polarities have it', () => {
    const facts = findings(records);
    expect(facts.basis).toBe('seed');
    expect(facts.positive?.runs).toBe(2);
    expect(facts.negative?.runs).toBe(2); // the tanh runs are not the seed configuration
    expect(facts.configs.map((c) => c.label)).toEqual([...new Set(records.map((r) => r.label))]);
    // The synthetic records mimic the seed: negative ReLU runs lose far more fc1 units.
    expect(facts.negative!.deadFc1!.mean).toBeGreaterThan(facts.positive!.deadFc1!.mean);
  });

  test('falls back to every run when no seed-configuration pair exists', () => {
    const tanh = records.filter((r) => r.config.hidden === 'tanh');
    const { basis, negative, positive } = comparedRecords(tanh);
    expect(basis).toBe('all');
    expect(negative).toHaveLength(tanh.length);
    expect(positive).toHaveLength(0);
    expect(findings(tanh).positive).toBeNull();
  });

  test('isSeedConfig requires the seed network, activations, init, lr and batch', () => {
    const seed = records.find((r) => r.config.hidden === 'relu')!.config;
    expect(isSeedConfig(seed)).toBe(true);
    expect(isSeedConfig({ ...seed, lr: 0.01 })).toBe(false);
    expect(isSeedConfig({ ...seed, output: 'none' })).toBe(false);
    expect(isSeedConfig({ ...seed, layers: [784, 100, 10] })).toBe(false);
  });

  test('spread ignores nulls and non-finite values', () => {
    expect(spread([0.2, null, 0.6, Number.NaN])).toEqual({ mean: 0.4, min: 0.2, max: 0.6 });
    expect(spread([null])).toBeNull();
  });
});
