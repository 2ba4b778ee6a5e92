import { describe, expect, test } from 'vitest';
import { expectedGroup, runsNamed, sampleRecords } from '../test/sample-records';
import type { Expected, ExpectedGroup } from '../test/sample-records';
import { comparedRecords, deadFc1Headline, findings, isSeedConfig, spread } from './findings';
import type { GroupFindings, Spread } from './findings';

// The committed real records: 24 runs of the explain grid (polarity × hidden × output, 3 seeds each).
const records = sampleRecords();

function expectSpread(actual: Spread | null, wanted: Expected | null): void {
  if (wanted === null) return expect(actual).toBeNull();
  expect(actual!.mean).toBeCloseTo(wanted.mean, 12);
  expect(actual!.min).toBe(wanted.min);
  expect(actual!.max).toBe(wanted.max);
}

function expectGroup(actual: GroupFindings | null, wanted: ExpectedGroup): void {
  expect(actual).not.toBeNull();
  expect(actual!.runs).toBe(wanted.runs);
  expectSpread(actual!.finalAccuracy, wanted.finalAccuracy);
  expectSpread(actual!.deadFc1, wanted.deadFc1);
  expectSpread(actual!.deadOutput, wanted.deadOutput);
  expect(actual!.unstableRuns).toBe(wanted.unstableRuns);
  expect(actual!.drops).toBe(wanted.drops);
}

describe('findings on the committed real records', () => {
  test('compares the seed configuration\'s runs, positive against negative', () => {
    const facts = findings(records);
    expect(facts.basis).toBe('seed');
    expectGroup(facts.negative, expectedGroup(runsNamed(records, 'neg-relu-out-relu')));
    expectGroup(facts.positive, expectedGroup(runsNamed(records, 'pos-relu-out-relu')));
  });

  test('gives every configuration its own row, with its numbers', () => {
    const facts = findings(records);
    const configs = [...new Set(records.map((r) => r.id.replace(/-s\d+$/, '')))];
    expect(facts.configs).toHaveLength(configs.length);
    for (const config of configs) {
      const runs = runsNamed(records, config);
      const row = facts.configs.find((c) => c.label === runs[0]!.label)!;
      expectGroup(row, expectedGroup(runs));
    }
  });

  test('falls back to every run when no seed-configuration pair exists', () => {
    const negativeOnly = records.filter((r) => r.config.negative);
    const { basis, negative, positive } = comparedRecords(negativeOnly);
    expect(basis).toBe('all');
    expect(negative).toHaveLength(negativeOnly.length);
    expect(positive).toHaveLength(0);
    expect(findings(negativeOnly).positive).toBeNull();
    expectGroup(findings(negativeOnly).negative, expectedGroup(negativeOnly));
  });
});

describe('isSeedConfig', () => {
  test('requires the seed network, activations, init, lr and batch', () => {
    const seed = runsNamed(records, 'pos-relu-out-relu')[0]!.config;
    expect(isSeedConfig(seed)).toBe(true);
    expect(isSeedConfig(runsNamed(records, 'pos-relu-out-none')[0]!.config)).toBe(false);
    expect(isSeedConfig({ ...seed, lr: 0.01 })).toBe(false);
    expect(isSeedConfig({ ...seed, init: 'he' })).toBe(false);
    expect(isSeedConfig({ ...seed, batchSize: 32 })).toBe(false);
    expect(isSeedConfig({ ...seed, layers: [784, 100, 10] })).toBe(false);
  });
});

describe('spread', () => {
  test('ignores nulls and non-finite values', () => {
    expect(spread([0.2, null, 0.6, Number.NaN])).toEqual({ mean: 0.4, min: 0.2, max: 0.6 });
    expect(spread([null])).toBeNull();
  });
});

describe('deadFc1Headline', () => {
  const group = (runs: number, deadFc1: Spread | null): GroupFindings => ({ runs, finalAccuracy: null, deadFc1, deadOutput: null, unstableRuns: 0, drops: 0 });

  test('claims "most of the first layer" only when every negative run is above every positive run and the mean is over half', () => {
    const text = deadFc1Headline(group(3, { mean: 0.7, min: 0.56, max: 0.8 }), group(3, { mean: 0, min: 0, max: 0 }));
    expect(text).toMatch(/^Negative images kill most of the first layer: every negative run/);
    expect(text).toContain('3 negative and 3 positive runs');
  });

  test('says seed noise could explain it when the ranges overlap', () => {
    const text = deadFc1Headline(group(2, { mean: 0.3, min: 0.1, max: 0.5 }), group(2, { mean: 0.2, min: 0.15, max: 0.25 }));
    expect(text).toMatch(/^Negative images kill more first-layer units than positive images on average/);
    expect(text).toContain('seed noise could explain');
  });

  test('makes no claim when negative runs have no more dead units, or when nothing was probed', () => {
    expect(deadFc1Headline(group(1, { mean: 0.1, min: 0.1, max: 0.1 }), group(1, { mean: 0.2, min: 0.2, max: 0.2 }))).toMatch(/do not leave more/);
    expect(deadFc1Headline(group(1, null), group(1, null))).toMatch(/cannot say/);
  });
});
