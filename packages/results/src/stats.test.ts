import { describe, expect, it } from 'vitest';
import { bootstrapDifferenceCi, compareSamples, permutationTest } from './stats';

// A small seeded uniform source for the tests (the library takes any; callers pass @negmnist/data's).
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Exact two-sided permutation p by enumerating every split of the pooled values.
function exactP(a: number[], b: number[]): number {
  const pooled = [...a, ...b];
  const observed = Math.abs(a.reduce((s, x) => s + x, 0) / a.length - b.reduce((s, x) => s + x, 0) / b.length);
  let hits = 0;
  let splits = 0;
  const total = pooled.reduce((s, x) => s + x, 0);
  const choose = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      splits++;
      if (Math.abs(sum / a.length - (total - sum) / b.length) >= observed - 1e-12) hits++;
      return;
    }
    for (let i = start; i <= pooled.length - left; i++) choose(i + 1, left - 1, sum + (pooled[i] as number));
  };
  choose(0, a.length, 0);
  return hits / splits;
}

describe('permutation test', () => {
  it('matches the exact p-value of full enumeration', () => {
    const a = [3, 5, 4, 8, 6, 7];
    const b = [2, 4, 1, 3, 5, 2];
    const exact = exactP(a, b);
    expect(exact).toBeGreaterThan(0.005);
    expect(permutationTest(a, b, { random: lcg(1), rounds: 20_000 })).toBeCloseTo(exact, 2);
    const far = permutationTest([10, 11, 12, 13, 14], [0, 1, 2, 3, 4], { random: lcg(2), rounds: 20_000 });
    expect(far).toBeCloseTo(exactP([10, 11, 12, 13, 14], [0, 1, 2, 3, 4]), 2); // 2 / 252
  });

  it('gives p = 1 for samples with equal means and rejects empty ones', () => {
    expect(permutationTest([1, 2, 3], [3, 2, 1], { random: lcg(3), rounds: 500 })).toBe(1);
    expect(() => permutationTest([], [1], { random: lcg(4) })).toThrow(/at least one value/);
  });
});

describe('bootstrap interval', () => {
  it('brackets the difference of means and narrows with less spread', () => {
    const a = [10, 11, 12, 13, 14];
    const b = [0, 1, 2, 3, 4];
    const [lo, hi] = bootstrapDifferenceCi(a, b, { random: lcg(5), rounds: 5000 });
    expect(lo).toBeLessThan(10);
    expect(hi).toBeGreaterThan(10);
    expect([lo > 7, hi < 13]).toEqual([true, true]);
    const [tightLo, tightHi] = bootstrapDifferenceCi([10, 10, 10, 10, 10], [0, 0, 0, 0, 0], { random: lcg(6), rounds: 100 });
    expect([tightLo, tightHi]).toEqual([10, 10]);
  });

  it('compareSamples reports means, difference, interval and p together', () => {
    const r = compareSamples([2, 4], [1, 1], { random: lcg(7), rounds: 200 });
    expect([r.meanA, r.meanB, r.difference]).toEqual([3, 1, 2]);
    expect(r.interval[0]).toBeLessThanOrEqual(2);
    expect(r.p).toBeGreaterThan(0);
  });
});
