import { describe, expect, it } from 'vitest';
import { criticalLr, erraticShare, estimateCriticalLr, runOutcome, testRule, type RunOutcome } from './critical-lr';
import type { Evaluation } from './schema';

const evaluation = (correct: number, dead = 0): Evaluation => ({
  step: 0,
  epoch: 0,
  trainLoss: 1,
  trainAccuracy: 0.5,
  valLoss: 1,
  valAccuracy: correct / 1000,
  valCorrect: correct,
  valCount: 1000,
  layers: [],
  deadOutputFraction: dead,
  wallTimeMs: 0,
});

describe('runOutcome', () => {
  it('tells diverged, collapsed, erratic and smooth runs apart', () => {
    expect(runOutcome({ status: 'diverged', evaluations: [evaluation(900)] })).toBe('diverged');
    expect(runOutcome({ status: 'done', evaluations: [evaluation(900), evaluation(150)] })).toBe('collapsed');
    // all logits dead on every probe image: stuck even at a good last accuracy reading
    expect(runOutcome({ status: 'done', evaluations: [evaluation(900, 1)] })).toBe('collapsed');
    expect(runOutcome({ status: 'done', evaluations: [evaluation(900), evaluation(800), evaluation(900)] })).toBe('erratic');
    expect(runOutcome({ status: 'done', evaluations: [evaluation(900), evaluation(800), evaluation(900)] }, { dropShare: 0.05, erraticDrops: 2 })).toBe('smooth');
    expect(runOutcome({ status: 'done', evaluations: [evaluation(800), evaluation(900)] })).toBe('smooth');
  });
});

describe('erraticShare', () => {
  it('judges only the runs that learn', () => {
    expect(erraticShare(['erratic', 'smooth', 'collapsed', 'diverged'])).toBe(0.5);
    expect(erraticShare(['collapsed', 'diverged'])).toBeNull();
  });
});

describe('criticalLr', () => {
  it('interpolates the crossing of one half in log lr', () => {
    const lrc = criticalLr([
      { lr: 0.01, share: 0 },
      { lr: 0.1, share: 0.25 },
      { lr: 1, share: 0.75 },
      { lr: 10, share: 1 },
    ]);
    expect(lrc?.censored).toBeNull();
    expect(lrc?.value).toBeCloseTo(Math.sqrt(0.1), 12);
  });
  it('skips cells where nothing learns and marks censored ends', () => {
    expect(criticalLr([{ lr: 0.1, share: 0.6 }, { lr: 1, share: 1 }])).toEqual({ value: 0.1, censored: 'below' });
    expect(criticalLr([{ lr: 0.1, share: 0 }, { lr: 1, share: 0.4 }, { lr: 10, share: null }])).toEqual({ value: 1, censored: 'above' });
    expect(criticalLr([{ lr: 0.1, share: 0 }, { lr: 1, share: null }, { lr: 10, share: 1 }])?.value).toBeCloseTo(1, 12);
    expect(criticalLr([{ lr: 1, share: null }])).toBeNull();
  });
});

describe('estimateCriticalLr', () => {
  it('gives a point interval when every seed crosses at the same step, a wide one when seeds disagree', () => {
    let state = 1;
    const random = (): number => ((state = (state * 16807) % 2147483647) / 2147483647);
    const same = (lr: number, o: RunOutcome) => ({ lr, outcomes: [o, o, o, o] });
    const agreed = estimateCriticalLr([same(0.01, 'smooth'), same(0.1, 'erratic')], { random, rounds: 200 });
    expect(agreed.estimate?.value).toBeCloseTo(Math.sqrt(0.001), 12);
    expect(agreed.interval?.[0]).toBeCloseTo(Math.sqrt(0.001), 12);
    expect(agreed.interval?.[1]).toBeCloseTo(Math.sqrt(0.001), 12);
    expect(agreed.censoredShare).toBe(0);
    const split = estimateCriticalLr(
      [
        { lr: 0.01, outcomes: ['smooth', 'smooth', 'smooth', 'smooth'] },
        { lr: 0.1, outcomes: ['smooth', 'smooth', 'erratic', 'erratic'] },
        { lr: 1, outcomes: ['erratic', 'erratic', 'erratic', 'erratic'] },
      ],
      { random, rounds: 2000 },
    );
    expect(split.estimate?.censored).toBeNull();
    expect(split.estimate?.value).toBeCloseTo(0.1, 12);
    const [low, high] = split.interval as [number, number];
    expect(low).toBeLessThan(0.1);
    expect(high).toBeGreaterThan(0.1);
    expect(low).toBeGreaterThanOrEqual(0.01);
    expect(high).toBeLessThanOrEqual(1);
  });
});

describe('testRule', () => {
  it('recovers K and slope -1 when lr_c = 2 / scalar exactly, and predicts each held-out form', () => {
    const points = [1, 4, 10, 40, 100].map((s, i) => ({ form: `f${i}`, scalar: s, lrc: { value: 2 / s, censored: null } }));
    const test = testRule(points);
    expect(test.constant).toBeCloseTo(2, 12);
    expect(test.slope).toBeCloseTo(-1, 12);
    expect(test.meanLogError).toBeCloseTo(0, 12);
    expect(test.consistent).toBe(5);
  });
  it('finds the steeper slope and held-out errors when lr_c = 1 / scalar²', () => {
    const points = [1, 2, 4, 8].map((s, i) => ({ form: `f${i}`, scalar: s, lrc: { value: 1 / (s * s), censored: null } }));
    const test = testRule(points);
    expect(test.slope).toBeCloseTo(-2, 12);
    // held out f0 (scalar 1): K from the others = geometric mean of 1/s = 1/4^(1)... = (1/2 * 1/4 * 1/8)^(1/3) = 1/4
    expect(test.heldOut[0]?.predicted).toBeCloseTo(0.25, 12);
    expect(test.heldOut[0]?.logError).toBeCloseTo(Math.log(4), 12);
    expect(test.consistent).toBe(0);
  });
  it('scores censored forms by the side of their bound, and a zero scalar as no limit', () => {
    const points = [
      { form: 'a', scalar: 10, lrc: { value: 0.2, censored: null } },
      { form: 'b', scalar: 20, lrc: { value: 0.1, censored: null } },
      { form: 'zero', scalar: 0, lrc: { value: 1, censored: 'above' as const } },
      { form: 'low', scalar: 1, lrc: { value: 1, censored: 'above' as const } },
      { form: 'wrong', scalar: 1, lrc: { value: 0.01, censored: 'below' as const } },
    ];
    const test = testRule(points);
    const by = (form: string) => test.heldOut.find((h) => h.form === form);
    expect(by('zero')).toMatchObject({ predicted: null, consistent: true });
    expect(by('low')?.predicted).toBeCloseTo(2, 12);
    expect(by('low')?.consistent).toBe(true);
    expect(by('wrong')?.consistent).toBe(false);
  });
});
