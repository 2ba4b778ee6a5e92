import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { expandExperiment, expandRuns, loadExperiment } from './experiment';
import { SEED_PRESET } from './presets';

const valid = { name: 'x', grid: { negative: [false, true] }, seeds: 2 };

function errorOf(input: unknown): string {
  try {
    expandExperiment(input, 'exp.json', '/data');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('built-in experiments', () => {
  it('seed: positive/negative x relu/sigmoid hidden, output relu, 20 epochs, 5 seeds', async () => {
    const seed = await loadExperiment('seed');
    expect(seed.runs).toHaveLength(20);
    expect(new Set(seed.runs.map((r) => r.label))).toEqual(new Set(['positive · relu hidden', 'positive · sigmoid hidden', 'negative · relu hidden', 'negative · sigmoid hidden']));
    expect(seed.runs.every((r) => r.config.output === 'relu' && r.config.epochs === 20 && r.config.lr === 0.1 && r.config.batchSize === 64)).toBe(true);
    expect(seed.runs.map((r) => r.id)).toContain('neg-sigmoid-s4');
  });

  it('quick: polarity x hidden x output activation, 2 epochs, 1 seed', async () => {
    const quick = await loadExperiment('quick');
    const ids = ['pos', 'neg'].flatMap((p) => ['relu', 'sigmoid'].flatMap((h) => ['relu', 'none'].map((o) => `${p}-${h}-out-${o}-s0`)));
    expect(quick.runs.map((r) => r.id)).toEqual(ids);
    expect(quick.runs.every((r) => r.config.epochs === 2 && r.config.dataset === 'mnist')).toBe(true);
  });
});

describe('experiment validation', () => {
  it('expands a grid into configurations x seeds and resolves dataset paths from the file', () => {
    const experiment = expandExperiment({ ...valid, dataset: { images: 'a.idx', labels: 'b.idx', testImages: 'c.idx', testLabels: 'd.idx' } }, 'exp.json', '/data');
    expect(experiment.runs.map((r) => r.id)).toEqual(['pos-s0', 'pos-s1', 'neg-s0', 'neg-s1']);
    expect(experiment.data).toMatchObject({ kind: 'idx', images: '/data/a.idx', testLabels: '/data/d.idx' });
  });

  it("evaluates on the seed's per-epoch schedule by default; base.evalSchedule global adds the final evaluation", () => {
    const seedSchedule = expandExperiment(valid, 'exp.json', '/data').runs[0]?.config;
    expect([seedSchedule?.evalSchedule, seedSchedule?.evalFinal, seedSchedule?.evalEvery]).toEqual(['per-epoch', false, 100]);
    const global = expandExperiment({ ...valid, base: { evalSchedule: 'global' } }, 'exp.json', '/data').runs[0]?.config;
    expect([global?.evalSchedule, global?.evalFinal]).toEqual(['global', true]);
  });

  it('names the JSON path, the bad value and what is allowed', () => {
    expect(errorOf({ ...valid, grid: { hidden: ['relu', 'swish'] } })).toBe(
      'exp.json: grid.hidden[1]: Invalid option: expected one of "relu"|"sigmoid"|"tanh"|"leakyRelu"|"gelu" (received "swish")',
    );
    expect(errorOf({ ...valid, base: { lr: -1 } })).toMatch(/^exp\.json: base\.lr: Too small: expected number to be >0 \(received -1\)$/);
    expect(errorOf({ ...valid, base: { epochs: 'ten' } })).toMatch(/^exp\.json: base\.epochs: .*expected number.* \(received "ten"\)$/);
    expect(errorOf({ ...valid, seeds: 0 })).toBe('exp.json: seeds: Too small: expected number to be >0 (received 0)');
    expect(errorOf({ ...valid, seeds: 'all' })).toMatch(/^exp\.json: seeds: expected a positive count n .* \(received "all"\)$/);
    expect(errorOf({ grid: {}, seeds: 1 })).toMatch(/^exp\.json: name: .* \(received nothing\)$/);
    expect(errorOf({ ...valid, name: 'a b' })).toMatch(/^exp\.json: name: expected letters, digits.* \(received "a b"\)$/);
  });

  it('lists the allowed keys for an unknown key', () => {
    expect(errorOf({ ...valid, base: { learningRate: 0.1 } })).toBe(
      'exp.json: base.learningRate: unknown key; allowed keys: preset, negative, layers, hidden, output, init, lr, batchSize, epochs, evalEvery, evalSchedule, probeSize, input, inputOffset, inputGain, fc1LrScale, perturbation, maxSteps, meanDirectionProbe, sharpnessEvery',
    );
    expect(errorOf({ ...valid, extra: 1 })).toMatch(/^exp\.json: extra: unknown key; allowed keys: \$schema, name, description, dataset, base, grid, seeds$/);
  });

  it('rejects duplicate seeds and unreadable or non-JSON files', async () => {
    expect(errorOf({ ...valid, seeds: [1, 1] })).toBe('exp.json: seeds: expected distinct seeds, received duplicates');
    const dir = await mkdtemp(join(tmpdir(), 'negmnist-exp-'));
    await writeFile(join(dir, 'broken.json'), '{ "name": "x", ');
    await expect(loadExperiment(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: expected JSON/);
    await expect(loadExperiment(join(dir, 'absent.json'))).rejects.toThrow(/cannot read experiment .*absent\.json.*received ENOENT/);
  });
});

describe('intervention fields', () => {
  it('grid axes name the runs; values at their defaults are left out of the config and the id keeps its parts', () => {
    const experiment = expandExperiment({ name: 'phase', grid: { inputOffset: [0, 0.25], lr: [0.03] }, seeds: 1 }, 'exp.json', '/data');
    expect(experiment.runs.map((r) => r.id)).toEqual(['c0-lr0.03-s0', 'c0.25-lr0.03-s0']);
    expect(experiment.runs.map((r) => r.label)).toEqual(['offset 0 · lr 0.03', 'offset 0.25 · lr 0.03']);
    expect(experiment.runs[0]?.config).not.toHaveProperty('inputOffset');
    expect(experiment.runs[1]?.config.inputOffset).toBe(0.25);
  });

  it('the seed configuration with negative images on the phase plane: pos-relu-out-relu-c0.25-lr0.03-s0', () => {
    const grid = { negative: [false], hidden: ['relu'], output: ['relu'], inputOffset: [0.25], lr: [0.03] };
    expect(expandExperiment({ name: 'phase', grid, seeds: 1 }, 'exp.json', '/data').runs.map((r) => r.id)).toEqual(['pos-relu-out-relu-c0.25-lr0.03-s0']);
  });

  it('every intervention axis gives distinct, readable ids; base fields are stored, defaults dropped', () => {
    const grid = { input: ['unit', 'centred', 'standardised'], fc1LrScale: [1, 0.1], perturbation: [0, 1e-7] };
    const base = { maxSteps: 100, fc1LrScale: 1, inputOffset: 0 };
    const runs = expandExperiment({ name: 'x', base, grid, seeds: 1 }, 'exp.json', '/data').runs;
    expect(new Set(runs.map((r) => r.id)).size).toBe(12);
    expect(runs.map((r) => r.id)).toContain('in-standardised-fc1x0.1-p1e-7-s0');
    expect(runs[0]?.id).toBe('in-unit-fc1x1-p0-s0');
    expect(runs[0]?.config).toMatchObject({ maxSteps: 100 });
    for (const key of ['input', 'inputOffset', 'fc1LrScale', 'perturbation']) expect(runs[0]?.config).not.toHaveProperty(key);
    expect(runs.at(-1)?.config).toMatchObject({ input: 'standardised', fc1LrScale: 0.1, perturbation: 1e-7 });
  });

  it('rejects bad values with the JSON path', () => {
    expect(errorOf({ ...valid, grid: { fc1LrScale: [0] } })).toMatch(/^exp\.json: grid\.fc1LrScale\[0\]: Too small: expected number to be >0/);
    expect(errorOf({ ...valid, grid: { input: ['whitened'] } })).toMatch(/^exp\.json: grid\.input\[0\]: Invalid option: expected one of "unit"\|"centred"\|"standardised"/);
    expect(errorOf({ ...valid, base: { maxSteps: 2.5 } })).toMatch(/^exp\.json: base\.maxSteps: /);
    expect(errorOf({ ...valid, grid: { maxSteps: [10] } })).toMatch(/^exp\.json: grid\.maxSteps: unknown key/);
  });
});

describe('expandRuns: an explicit list of configurations', () => {
  const base = { ...SEED_PRESET, epochs: 1 };

  it('trains the listed points (not their product) x seeds, named by the fields the points set', () => {
    const points = [{}, { output: 'none' as const }, { fc1LrScale: 0.1 }, { input: 'standardised' as const }];
    const runs = expandRuns({ experiment: 'explain', base, points, seeds: [0, 1], dataset: 'mnist' });
    expect(runs.map((r) => r.id)).toEqual([
      'out-relu-in-unit-fc1x1-s0', 'out-relu-in-unit-fc1x1-s1',
      'out-none-in-unit-fc1x1-s0', 'out-none-in-unit-fc1x1-s1',
      'out-relu-in-unit-fc1x0.1-s0', 'out-relu-in-unit-fc1x0.1-s1',
      'out-relu-in-standardised-fc1x1-s0', 'out-relu-in-standardised-fc1x1-s1',
    ]);
    expect(runs[0]?.config).toEqual({ ...base, dataset: 'mnist', seed: 0 });
    expect(runs[4]?.config.fc1LrScale).toBe(0.1);
  });

  it('names runs by the given fields and rejects points that would share an id', () => {
    const runs = expandRuns({ experiment: 'e', base, points: [{ negative: false }, { negative: true, perturbation: 1e-7 }], seeds: [0], dataset: 'mnist', varied: ['negative', 'perturbation'] });
    expect(runs.map((r) => r.id)).toEqual(['pos-p0-s0', 'neg-p1e-7-s0']);
    expect(() => expandRuns({ experiment: 'e', base, points: [{ epochs: 1 }, { epochs: 2 }], seeds: [0], dataset: 'mnist' })).toThrow(
      /^runs of e: expected distinct run ids, received s0 twice/,
    );
  });
});
