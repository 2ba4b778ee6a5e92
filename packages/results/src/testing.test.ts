import { describe, expect, it } from 'vitest';
import { runRecordSchema } from './schema';
import type { RunRecord } from './schema';
import { parseExplanation } from './explanation-parse';
import { syntheticExplanation, syntheticRecords } from './testing';

const configs = [
  { negative: false, hidden: 'relu' },
  { negative: true, hidden: 'relu' },
  { negative: false, hidden: 'sigmoid' },
  { negative: true, hidden: 'sigmoid', output: 'none' },
] as const;

describe('syntheticRecords', () => {
  const records = syntheticRecords({ seed: 3, configs });

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
    const [run] = syntheticRecords({ epochs: 2, stepsPerEpoch: 250, evalEvery: 100, seedsPerConfig: 1, layers: [16, 8, 10] });
    expect(run!.evaluations.map((e) => e.step)).toEqual([100, 200, 300, 400, 500]);
    expect(run!.gradientHistograms.map((h) => h.step)).toEqual([250, 500]);
    for (const h of run!.gradientHistograms) {
      expect(h.binEdges).toHaveLength(h.counts.length + 1);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(16 * 8);
    }
    expect(run!.confusion!.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('reports a dead fraction exactly for the ReLU layers of each configuration', () => {
    const deadReported = (record: RunRecord) => record.evaluations[0]!.layers.map((probe) => probe.deadFraction !== null);
    const byLabel = (label: string) => records.find((r) => r.label === label)!;
    expect(deadReported(byLabel('positive · relu'))).toEqual([true, true, true]);
    expect(deadReported(byLabel('positive · sigmoid'))).toEqual([false, false, true]);
    expect(deadReported(byLabel('negative · sigmoid'))).toEqual([false, false, false]);
  });

  it('encodes no outcome: the numbers depend on a run\'s position, never on its configuration', () => {
    // Swapping the configurations swaps the configs only: every accuracy, loss and norm stays in place.
    const numbers = (runs: RunRecord[]) => runs.map((r) => r.evaluations.map((e) => [e.valAccuracy, e.valLoss, e.layers[0]!.gradNorm]));
    const swapped = syntheticRecords({ seed: 3, configs: [configs[1], configs[0], configs[3], configs[2]] });
    expect(numbers(swapped)).toEqual(numbers(records));
    expect(swapped.map((r) => r.config.negative)).not.toEqual(records.map((r) => r.config.negative));
  });
});

describe('syntheticExplanation', () => {
  it('is schema-valid and deterministic per seed, with the requested shape', () => {
    const options = { seed: 3, interventions: ['x', 'y'], seeds: 2, phase: { offsets: [0, 1], lrs: [0.1] } };
    const record = syntheticExplanation(options);
    expect(parseExplanation(JSON.parse(JSON.stringify(record)), 'synthetic.json')).toEqual(record);
    expect(syntheticExplanation(options)).toEqual(record);
    expect(syntheticExplanation({ ...options, seed: 4 })).not.toEqual(record);
    expect(record.interventions.map((i) => i.id)).toEqual(['baseline', 'x', 'y']);
    expect(record.configurations).toHaveLength(3 * 2);
    expect(record.configurations.every((c) => c.seeds.length === 2)).toBe(true);
    expect(record.phase!.cells).toHaveLength((2 + 1) * 1);
    expect(syntheticExplanation({ phase: null }).phase).toBeNull();
  });
});
