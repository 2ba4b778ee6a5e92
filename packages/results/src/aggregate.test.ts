import { describe, expect, it } from 'vitest';
import { aggregateRuns, AggregateOptionsError, bestAccuracy, finalAccuracy, instability, quantileSorted, runSummary } from './aggregate';
import { syntheticRecords } from './testing';
import type { Evaluation, RunRecord } from './schema';

/** A record whose evaluations carry the given validation accuracies (other fields from a synthetic run). */
function withAccuracies(base: RunRecord, accuracies: number[], steps = accuracies.map((_, i) => (i + 1) * 100)): RunRecord {
  const template = base.evaluations[0]!;
  const evaluations: Evaluation[] = accuracies.map((valAccuracy, i) => ({ ...template, step: steps[i]!, valAccuracy, valCorrect: Math.round(valAccuracy * 10_000), valCount: 10_000 }));
  return { ...base, evaluations };
}

describe('aggregateRuns', () => {
  const [base] = syntheticRecords({ seedsPerConfig: 1, configs: [{ negative: false, hidden: 'relu' }] });

  it('groups by label and reduces each step to mean, min, max and count', () => {
    const a = { ...withAccuracies(base!, [0.5, 0.6, 0.7]), id: 'a' };
    const b = { ...withAccuracies(base!, [0.7, 0.8]), id: 'b' };
    const c = { ...withAccuracies(base!, [0.1]), id: 'c', label: 'other' };
    const [first, second] = aggregateRuns([a, b, c], { metrics: ['valAccuracy'] });
    expect(first!.key).toBe(base!.label);
    expect(first!.runIds).toEqual(['a', 'b']);
    const points = first!.series[0]!.points;
    expect(points.map((p) => p.step)).toEqual([100, 200, 300]);
    expect(points[0]!.mean).toBeCloseTo(0.6);
    expect(points[0]).toMatchObject({ min: 0.5, max: 0.7, count: 2 });
    expect(points[2]).toMatchObject({ mean: 0.7, min: 0.7, max: 0.7, count: 1 });
    expect(second!.key).toBe('other');
    expect(second!.series[0]!.points).toHaveLength(1);
  });

  it('aligns by step, not by index, and honours a key function', () => {
    const a = { ...withAccuracies(base!, [0.2, 0.4], [100, 300]), id: 'a' };
    const b = { ...withAccuracies(base!, [0.6], [300]), id: 'b', label: 'b' };
    const [only] = aggregateRuns([a, b], { metrics: ['valAccuracy'], groupBy: (r) => r.config.dataset });
    expect(only!.series[0]!.points.map((p) => [p.step, p.count])).toEqual([[100, 1], [300, 2]]);
    expect(only!.series[0]!.points[1]!.mean).toBeCloseTo(0.5);
  });

  it('skips null values and adds quantile bands', () => {
    const runs = [0.1, 0.2, 0.3, 0.4].map((v, i) => {
      const run = withAccuracies(base!, [v]);
      const evaluation = { ...run.evaluations[0]!, valLoss: i === 3 ? null : v };
      return { ...run, id: `r${i}`, evaluations: [evaluation] };
    });
    const [agg] = aggregateRuns(runs, { metrics: ['valLoss', 'valAccuracy'], quantiles: [0.25, 0.75] });
    const [loss, accuracy] = agg!.series;
    expect(loss!.points[0]!.count).toBe(3);
    expect(loss!.points[0]!.max).toBe(0.3);
    expect(accuracy!.points[0]!.lower).toBeCloseTo(0.175);
    expect(accuracy!.points[0]!.upper).toBeCloseTo(0.325);
  });

  it('makes one series per layer for layer metrics and drops steps with no value', () => {
    const sigmoid = syntheticRecords({ seedsPerConfig: 2, configs: [{ negative: false, hidden: 'sigmoid' }] });
    const [agg] = aggregateRuns(sigmoid, { metrics: ['deadFraction', 'gradNorm'] });
    expect(agg!.series.map((s) => `${s.metric}:${s.layer}`)).toEqual([
      'deadFraction:fc1', 'deadFraction:fc2', 'deadFraction:fc3', 'gradNorm:fc1', 'gradNorm:fc2', 'gradNorm:fc3',
    ]);
    expect(agg!.series[0]!.points).toEqual([]); // sigmoid hidden layers have no dead fraction
    expect(agg!.series[2]!.points.length).toBe(sigmoid[0]!.evaluations.length);
    expect(agg!.seeds).toEqual([0, 1]);
  });

  it('rejects quantiles outside [0, 1]', () => {
    expect(() => aggregateRuns([base!], { quantiles: [0.1, 1.5] })).toThrow(AggregateOptionsError);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly between ranks', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2], 0.25)).toBeCloseTo(1.25);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });
});

describe('instability and runSummary', () => {
  const [base] = syntheticRecords({ seedsPerConfig: 1 });

  it('counts drops of more than 500 of 10000 images between consecutive evaluations', () => {
    const run = withAccuracies(base!, [0.5, 0.9, 0.85, 0.7, 0.95, 0.94, 0.6]);
    expect(instability(run)).toBe(2); // 0.85→0.7 and 0.94→0.6; 0.90→0.85 is exactly 500 images
  });

  it('summarises final/best accuracy, instability, fc1 dead fraction and wall time', () => {
    const run = withAccuracies(base!, [0.5, 0.9, 0.7]);
    const summary = runSummary(run);
    expect(summary).toMatchObject({ finalValAccuracy: 0.7, bestValAccuracy: 0.9, bestStep: 200, instability: 1 });
    expect(summary.finalDeadFraction).toBe(run.evaluations[2]!.layers[0]!.deadFraction);
    expect(summary.wallTimeMs).toBe(base!.wallTimeMs);
    expect(runSummary({ ...run, evaluations: [] })).toMatchObject({ finalValAccuracy: null, bestStep: null, finalDeadFraction: null });
  });

  it('finalAccuracy and bestAccuracy: the last and the highest validation accuracy, null without evaluations', () => {
    const run = withAccuracies(base!, [0.5, 0.9, 0.7]);
    expect([finalAccuracy(run), bestAccuracy(run)]).toEqual([0.7, 0.9]);
    expect([finalAccuracy({ evaluations: [] }), bestAccuracy({ evaluations: [] })]).toEqual([null, null]);
  });
});
