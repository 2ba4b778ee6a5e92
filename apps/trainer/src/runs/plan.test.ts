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
});
