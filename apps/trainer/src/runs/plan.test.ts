import type { RunConfig } from '@negmnist/core';
import { describe, expect, it } from 'vitest';
import { groupRuns, type PlannedRun } from './plan';
import { SEED_PRESET } from '../config/presets';

const run = (id: string, overrides: Partial<RunConfig>): PlannedRun => ({
  spec: { experiment: 'x', id, label: id, config: { ...SEED_PRESET, dataset: 'mnist', seed: 0, ...overrides } },
  dir: `/tmp/${id}`,
});

describe('groupRuns', () => {
  it('keeps runs with other inputs or step limits in other ensembles; fc1 rate, perturbation and polarity may differ within one', () => {
    const runs = [
      run('a', {}),
      run('b', { fc1LrScale: 0.1, perturbation: 1e-7, negative: true }),
      run('c', { input: 'standardised' }),
      run('d', { inputOffset: 0.25 }),
      run('e', { maxSteps: 100 }),
      run('f', { input: 'standardised', negative: true }),
    ];
    expect(groupRuns(runs, true).map((g) => g.map((r) => r.spec.id))).toEqual([['a', 'b'], ['c', 'f'], ['d'], ['e']]);
  });

  it("cuts each shape's ensembles to the backend's limit for that shape, never above 64", () => {
    const wide = Array.from({ length: 5 }, (_, seed) => run(`wide-s${seed}`, { layers: [784, 1000, 10], seed }));
    const seeds = Array.from({ length: 70 }, (_, seed) => run(`seed-s${seed}`, { seed }));
    // a backend that holds 2 wide networks per ensemble and places no limit of its own on the seed network
    const limit = (config: RunConfig) => (config.layers[1] === 1000 ? 2 : Infinity);
    expect(groupRuns([...wide, ...seeds], true, limit).map((g) => g.length)).toEqual([2, 2, 1, 64, 6]);
    // a limit of 0 (not even one fits) still trains each run alone
    expect(groupRuns(wide, true, () => 0).map((g) => g.length)).toEqual([1, 1, 1, 1, 1]);
  });
});
