import { createRng } from '@negmnist/data';
import { describe, expect, it } from 'vitest';
import { isCollapsed } from './collapse';
import { censoredMedian, estimateEffect, median, seedStat, separationStep, stepsToAccuracy } from './explain-stats';

const seeded = (seed: number) => {
  const rng = createRng(seed);
  return () => rng.nextFloat();
};
const at = (step: number, valCorrect: number) => ({ step, valAccuracy: valCorrect / 100, valCorrect, valCount: 100 });
const loss = (step: number, valLoss: number | null) => ({ step, valLoss });

describe('seedStat', () => {
  it('gives mean, extremes and the values', () => {
    expect(seedStat([1, 2, 6])).toEqual({ mean: 3, min: 1, max: 6, values: [1, 2, 6] });
    expect(() => seedStat([])).toThrow(/at least one finite value/);
    expect(() => seedStat([1, Number.NaN])).toThrow(/at least one finite value/);
  });
});

describe('median', () => {
  it('is the middle value, the mean of the middle two for an even count, in any input order', () => {
    expect(median([300, 100, 500])).toBe(300);
    expect(median([300, 100])).toBe(200);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});

describe('censoredMedian', () => {
  it('counts null (never seen) as later than every observed step', () => {
    expect(censoredMedian([10, null, 30])).toBe(30);
    expect(censoredMedian([30, 10])).toBe(20);
    expect(censoredMedian([null, 20, 10, null, 30])).toBe(30);
  });
  it('is null when the median itself is censored, or there are no values', () => {
    expect(censoredMedian([null, null, 10])).toBeNull();
    expect(censoredMedian([10, null])).toBeNull();
    expect(censoredMedian([null])).toBeNull();
    expect(censoredMedian([])).toBeNull();
  });
});

describe('stuck near chance', () => {
  it('is a final accuracy below 0.2', () => {
    expect(isCollapsed(0.098)).toBe(true);
    expect(isCollapsed(0.199)).toBe(true);
    expect(isCollapsed(0.2)).toBe(false);
    expect(isCollapsed(0.95)).toBe(false);
  });
});

describe('stepsToAccuracy', () => {
  it('returns the first step at or above the target, counted on correct counts', () => {
    expect(stepsToAccuracy([at(100, 80), at(200, 90), at(300, 95)], 0.9)).toBe(200);
    expect(stepsToAccuracy([at(100, 95), at(200, 50)], 0.9)).toBe(100);
  });
  it('is null when the target is never reached', () => {
    expect(stepsToAccuracy([at(100, 80), at(200, 89)], 0.9)).toBeNull();
    expect(stepsToAccuracy([], 0.9)).toBeNull();
  });
});

describe('separationStep', () => {
  const a = [loss(10, 1), loss(20, 1), loss(30, 1), loss(40, 1)];
  it('is the first shared step where the losses differ by more than the threshold', () => {
    expect(separationStep(a, [loss(10, 1), loss(20, 1.005), loss(30, 1.02), loss(40, 1.5)], 0.01)).toBe(30);
  });
  it('does not count a difference equal to the threshold, and skips steps only one run evaluated', () => {
    expect(separationStep([loss(10, 1), loss(15, 9), loss(20, 1)], [loss(10, 1.5), loss(20, 3)], 0.5)).toBe(20);
  });
  it('counts a non-finite loss on one side as separated, on both sides as not', () => {
    expect(separationStep(a, [loss(10, 1), loss(20, null)], 0.01)).toBe(20);
    expect(separationStep(a, [loss(10, 1), loss(20, Number.NaN)], 0.01)).toBe(20);
    expect(separationStep([loss(10, Number.POSITIVE_INFINITY), loss(20, 1)], [loss(10, null), loss(20, 2)], 0.01)).toBe(20);
  });
  it('is null (censored) when the twins never separate', () => {
    expect(separationStep(a, [loss(10, 1), loss(20, 1.001), loss(30, 1.009), loss(40, 1)], 0.01)).toBeNull();
  });
});

describe('estimateEffect', () => {
  it('gives a degenerate interval at the difference for constant samples', () => {
    const effect = estimateEffect([2, 2, 2], [1, 1, 1], { random: seeded(1), rounds: 500 });
    expect(effect).toEqual({ baselineMean: 1, interventionMean: 2, difference: 1, interval: [1, 1], includesZero: false });
  });
  it('includes zero for identical samples, stays within the possible range and contains the difference', () => {
    const effect = estimateEffect([0, 1, 0, 1], [0, 1, 0, 1], { random: seeded(2), rounds: 2000 });
    expect(effect.difference).toBe(0);
    expect(effect.includesZero).toBe(true);
    expect(effect.interval[0]).toBeGreaterThanOrEqual(-1);
    expect(effect.interval[1]).toBeLessThanOrEqual(1);
    expect(effect.interval[0]).toBeLessThan(0);
    expect(effect.interval[1]).toBeGreaterThan(0);
  });
  it('excludes zero for well separated samples and repeats with the same seed', () => {
    const a = estimateEffect([0, 1, 0, 0, 1], [5, 6, 4, 5, 6], { random: seeded(3), rounds: 2000 });
    expect(a.difference).toBeCloseTo(-4.8, 12);
    expect(a.interval[1]).toBeLessThan(0);
    expect(a.includesZero).toBe(false);
    expect(estimateEffect([0, 1, 0, 0, 1], [5, 6, 4, 5, 6], { random: seeded(3), rounds: 2000 })).toEqual(a);
  });
});
