import { describe, expect, test } from 'vitest';
import { expectedGroup, runsNamed, sampleRecords } from '../test/sample-records';
import type { Expected, ExpectedGroup } from '../test/sample-records';
import type { SeedStat } from '@negmnist/results';
import { SEED_CONFIG } from '@negmnist/core';
import { comparedRecords, deadFc1Headline, experimentScopes, finiteSeedStat, findings, groupFindings, isSeedConfig } from './findings';
import type { GroupFindings } from './findings';

// The committed real records: 24 runs of the explain grid (polarity × hidden × output, 3 seeds each).
const records = sampleRecords();

function expectSpread(actual: SeedStat | null, wanted: Expected | null): void {
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
  expect(actual!.outcomes.collapsed).toBe(wanted.collapsedRuns);
  expect(actual!.outcomes.erratic).toBe(wanted.erraticRuns);
  expect(actual!.outcomes.diverged).toBe(0);
  expect(actual!.outcomes.smooth).toBe(wanted.runs - wanted.collapsedRuns - wanted.erraticRuns);
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

// A neutral fixture base: a committed run whose evaluations the tests below replace.
const base = runsNamed(records, 'pos-relu-out-relu')[0]!;

describe('outcomes: a run stuck near chance is collapsed, not smooth', () => {
  // One run whose accuracy stays at 9.8% with no drops, one that learns and drops once, one whose logits all die.
  const at = (valAccuracy: number, deadOutputFraction = 0) => ({ ...base.evaluations[0]!, valAccuracy, valCorrect: Math.round(valAccuracy * 10_000), valCount: 10_000, deadOutputFraction });
  const stuck = { ...base, id: 'stuck-s0', evaluations: [at(0.098), at(0.098), at(0.098)] };
  const jumpy = { ...base, id: 'jumpy-s0', evaluations: [at(0.9), at(0.8), at(0.92)] };
  const dead = { ...base, id: 'dead-s0', evaluations: [at(0.9), at(0.5, 1)] };

  test('counts collapsed runs apart from erratic ones, and their drops not at all', () => {
    const group = groupFindings([stuck, jumpy, dead])!;
    expect(group.outcomes).toEqual({ smooth: 0, erratic: 1, collapsed: 2, diverged: 0 });
    expect(group.drops).toBe(1);
  });

  test('records the seeds and epochs the group rests on', () => {
    const group = groupFindings(runsNamed(records, 'neg-relu-out-relu'))!;
    expect(group.seeds).toEqual([...new Set(runsNamed(records, 'neg-relu-out-relu').map((r) => r.config.seed))].sort((a, b) => a - b));
    expect(group.epochs).toEqual([base.config.epochs]);
  });
});

describe('experimentScopes', () => {
  test('each experiment with its runs, runs per configuration and epochs', () => {
    const scopes = experimentScopes(records);
    const names = [...new Set(records.map((r) => r.experiment))];
    expect(scopes.map((s) => s.experiment)).toEqual(names);
    for (const scope of scopes) {
      const runs = records.filter((r) => r.experiment === scope.experiment);
      expect(scope.runs).toBe(runs.length);
      const perLabel = [...new Set(runs.map((r) => r.label))].map((label) => runs.filter((r) => r.label === label).length);
      expect(scope.perConfiguration).toEqual({ configurations: perLabel.length, min: Math.min(...perLabel), max: Math.max(...perLabel) });
    }
  });

  test('a quick-grid-like directory: one run per configuration', () => {
    const one = experimentScopes([{ ...base, experiment: 'quick' }, { ...base, experiment: 'quick', label: 'other', id: 'other-s0' }]);
    expect(one).toEqual([{ experiment: 'quick', runs: 2, perConfiguration: { configurations: 2, min: 1, max: 1 }, epochs: [base.config.epochs] }]);
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

  test('is the seed program as core defines it, whatever the training length and schedule', () => {
    const seed = { ...SEED_CONFIG, layers: [...SEED_CONFIG.layers], dataset: 'mnist', negative: true, seed: 3 };
    expect(isSeedConfig(seed)).toBe(true);
    expect(isSeedConfig({ ...seed, epochs: 2, evalEvery: 10, evalSchedule: 'global' })).toBe(true);
    expect(isSeedConfig({ ...seed, hidden: 'sigmoid' })).toBe(false);
    expect(isSeedConfig({ ...seed, output: 'none' })).toBe(false);
  });
});

describe('finiteSeedStat', () => {
  test('is seedStat of the finite values, null when there are none', () => {
    expect(finiteSeedStat([0.2, null, 0.6, Number.NaN])).toEqual({ mean: 0.4, min: 0.2, max: 0.6, values: [0.2, 0.6] });
    expect(finiteSeedStat([null])).toBeNull();
  });
});

describe('deadFc1Headline', () => {
  const group = (runs: number, deadFc1: Omit<SeedStat, 'values'> | null): GroupFindings => ({
    runs,
    finalAccuracy: null,
    deadFc1: deadFc1 === null ? null : { ...deadFc1, values: [] },
    deadOutput: null,
    outcomes: { smooth: runs, erratic: 0, collapsed: 0, diverged: 0 },
    drops: 0,
    seeds: [],
    epochs: [],
  });

  test('claims "most of the first layer" only when every negative run is above every positive run and the mean is over half', () => {
    const text = deadFc1Headline(group(3, { mean: 0.7, min: 0.56, max: 0.8 }), group(3, { mean: 0, min: 0, max: 0 }));
    expect(text).toMatch(/^Negative images kill most of the first layer: every negative run/);
    expect(text).toContain('3 negative runs and 3 positive runs');
  });

  test('says seed noise could explain it when the ranges overlap', () => {
    const text = deadFc1Headline(group(2, { mean: 0.3, min: 0.1, max: 0.5 }), group(2, { mean: 0.2, min: 0.15, max: 0.25 }));
    expect(text).toMatch(/^Negative images kill more first-layer units than positive images on average/);
    expect(text).toContain('seed noise could explain');
  });

  test('with one run per side, says a single pair cannot be told from seed noise', () => {
    const text = deadFc1Headline(group(1, { mean: 0.7, min: 0.7, max: 0.7 }), group(1, { mean: 0, min: 0, max: 0 }));
    expect(text).toMatch(/^Negative images kill most of the first layer in this pair of runs, one seed each/);
    expect(text).not.toMatch(/every negative run/);
  });

  test('makes no claim when negative runs have no more dead units, or when nothing was probed', () => {
    expect(deadFc1Headline(group(1, { mean: 0.1, min: 0.1, max: 0.1 }), group(1, { mean: 0.2, min: 0.2, max: 0.2 }))).toMatch(/do not leave more/);
    expect(deadFc1Headline(group(1, null), group(1, null))).toMatch(/cannot say/);
  });
});
