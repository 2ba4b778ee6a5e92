import { describe, expect, it } from 'vitest';
import { SEED_PRESET } from '../config/presets';
import type { RunSpec } from '../config/experiment';
import { gridSample, torchRunSpec } from './jobs';

const spec = (negative: boolean, hidden: 'relu' | 'sigmoid', seed: number): RunSpec => ({
  experiment: 'seed',
  id: `${negative ? 'neg' : 'pos'}-${hidden}-s${seed}`,
  label: `${negative ? 'neg' : 'pos'} ${hidden}`,
  config: { ...SEED_PRESET, dataset: 'mnist', negative, hidden, seed },
});

// Configurations x seeds, in the order a grid expands them (all seeds of one configuration first).
const GRID = [false, true].flatMap((negative) => (['relu', 'sigmoid'] as const).flatMap((hidden) => [0, 1, 2].map((seed) => spec(negative, hidden, seed))));

describe('gridSample', () => {
  it('covers every configuration before a second seed, with the epochs asked for', () => {
    const sample = gridSample(GRID, 5, 1);
    expect(sample.map((r) => r.id)).toEqual(['pos-relu-s0', 'pos-sigmoid-s0', 'neg-relu-s0', 'neg-sigmoid-s0', 'pos-relu-s1']);
    expect(sample.every((r) => r.config.epochs === 1 && r.experiment === 'bench')).toBe(true);
    expect(GRID[0]?.config.epochs).toBe(20);
  });

  it('returns the whole grid when asked for more runs than it has', () => {
    expect(gridSample(GRID, 100, 2)).toHaveLength(GRID.length);
  });
});

describe('torchRunSpec', () => {
  it('writes negative:hidden:seed for the torch script', () => {
    expect(GRID.slice(0, 1).concat(GRID.slice(-1)).map(torchRunSpec)).toEqual(['0:relu:0', '1:sigmoid:2']);
  });
});
