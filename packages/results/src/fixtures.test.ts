import { describe, expect, it } from 'vitest';
import { aggregateRuns, instability } from './aggregate';
import { syntheticRecords } from './fixtures';
import { runRecordSchema } from './schema';

describe('syntheticRecords', () => {
  const records = syntheticRecords({
    seed: 3,
    configs: [
      { negative: false, hidden: 'relu' },
      { negative: true, hidden: 'relu' },
      { negative: false, hidden: 'sigmoid' },
      { negative: true, hidden: 'sigmoid' },
    ],
  });

  it('produces schema-valid records, several seeds per configuration, with unique ids', () => {
    expect(records).toHaveLength(12);
    for (const record of records) expect(() => runRecordSchema.parse(record)).not.toThrow();
    expect(new Set(records.map((r) => r.id)).size).toBe(12);
    expect(new Set(records.map((r) => r.label))).toEqual(
      new Set(['positive · relu', 'negative · relu', 'positive · sigmoid', 'negative · sigmoid']),
    );
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(syntheticRecords({ seed: 3 })).toEqual(syntheticRecords({ seed: 3 }));
    expect(syntheticRecords({ seed: 4 })).not.toEqual(syntheticRecords({ seed: 3 }));
  });

  it('evaluates every evalEvery steps and at the end, with fc1 histograms per epoch', () => {
    const [run] = syntheticRecords({ epochs: 2, stepsPerEpoch: 250, evalEvery: 100, seedsPerConfig: 1 });
    expect(run!.evaluations.map((e) => e.step)).toEqual([100, 200, 300, 400, 500]);
    expect(run!.gradientHistograms.map((h) => h.step)).toEqual([250, 500]);
    for (const h of run!.gradientHistograms) {
      expect(h.binEdges).toHaveLength(h.counts.length + 1);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(784 * 200);
    }
    expect(run!.confusion!.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('makes negative ReLU runs erratic with mostly dead fc1, positive runs smooth', () => {
    const summary = aggregateRuns(records, { metrics: ['deadFraction'], layers: ['fc1'] });
    const finalDead = (label: string) => summary.find((a) => a.key === label)!.series[0]!.points.at(-1)!.mean;
    expect(finalDead('negative · relu')).toBeGreaterThan(0.5);
    expect(finalDead('positive · relu')).toBeLessThan(0.2);
    const drops = (label: string) => records.filter((r) => r.label === label).reduce((n, r) => n + instability(r), 0);
    expect(drops('negative · relu')).toBeGreaterThan(3);
    expect(drops('positive · relu')).toBe(0);
    expect(drops('positive · sigmoid')).toBe(0);
  });
});
