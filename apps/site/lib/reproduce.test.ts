import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CHAOS_FILE, COMPARE_FILE, compareEpochs, compareRows, loadReproduce, reproduceDir, separationRows, separationSentence } from './reproduce';
import type { ChaosFile, CompareFile, CompareSample } from '@negmnist/results';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** One run of a compare sample: its seed and statistics. */
const sample = (seed: number): CompareSample => ({ seed, final: 0.5, best: 0.6, drops: 1, fc1Dead: 0.5, collapsed: 0 });

/** A compare file of two statistics on one polarity, 3 seeds ours and 2 PyTorch's. */
const compare: CompareFile = {
  command: 'node experiments/reproduce/compare.mjs --seeds 3 --epochs 4 --images negative',
  machine: 'test machine',
  minutes: 1,
  versions: { tfjs: 'x' },
  protocol: 'test protocol',
  rows: [
    { images: 'negative', statistic: 'drops', meanA: 1.5, meanB: 2.25, difference: -0.75, interval: [-2, 0.5], p: 0.4 },
    { images: 'negative', statistic: 'final', meanA: 0.5, meanB: 0.6, difference: -0.1, interval: [-0.3, 0.1], p: 0.7 },
  ],
  samples: { negative: { ours: [0, 1, 2].map(sample), torch: [0, 1].map(sample) } },
};

const run = (kind: string, seed: number, negative: boolean, separation: Record<string, number | null>, control?: boolean) => ({
  kind, seed, negative, horizon: 100, separation, steps: [10, 20], diff: [0, 0.5], ...(control ? { control } : {}),
});
/** Pairs of one kind: negative seeds separate at 30 / never / 10 (threshold 0.01); positive never; one control. */
const chaos: ChaosFile = {
  parts: [{ command: 'c', machine: 'm', minutes: 1, versions: {}, config: { perturb: 1e-7, thresholds: [0.001, 0.01], every: 10, probe: 10 } }],
  runs: [
    run('twin', 1, true, { '0.001': 20, '0.01': 30 }),
    run('twin', 0, true, { '0.001': null, '0.01': null }),
    run('twin', 2, true, { '0.001': 10, '0.01': 10 }),
    run('twin', 0, false, { '0.001': null, '0.01': null }),
    run('twin', 0, true, { '0.001': 5, '0.01': 5 }, true),
  ],
};

describe('compare.json', () => {
  test('rows in file order with the means, interval, p and the seed counts of their samples', () => {
    expect(compareRows(compare)).toEqual(
      compare.rows.map((row) => ({
        images: row.images, statistic: row.statistic, ours: row.meanA, torch: row.meanB, difference: row.difference, interval: row.interval, p: row.p,
        oursSeeds: 3, torchSeeds: 2,
      })),
    );
  });

  test('epochs come from the command that wrote the file, null when it does not say', () => {
    expect(compareEpochs(compare)).toBe(4);
    expect(compareEpochs({ ...compare, command: 'node compare.mjs --seeds 3' })).toBeNull();
  });
});

describe('chaos.json', () => {
  test('one row per kind, polarity (negative first) and threshold; controls left out; never-separated pairs counted as latest', () => {
    const rows = separationRows(chaos);
    expect(rows.map((r) => [r.negative, r.threshold])).toEqual([[true, '0.001'], [true, '0.01'], [false, '0.001'], [false, '0.01']]);
    expect(rows[1]!.seeds).toEqual([{ seed: 0, step: null, horizon: 100 }, { seed: 1, step: 30, horizon: 100 }, { seed: 2, step: 10, horizon: 100 }]);
    expect(rows[1]!.median).toBe(30);
    expect(rows[0]!.median).toBe(20);
    expect(rows[3]!.median).toBeNull();
  });

  test('the sentence states the median and every seed\'s step, "> horizon" for the pairs that never separated', () => {
    const text = separationSentence(separationRows(chaos), 'twin', '0.01', 'Twins');
    expect(text).toBe('Twins stayed within 0.01 of each other in validation loss for 30 steps on negative images (median of 3 seeds: > 100, 30, 10) and more than 100 steps on positive images (1 seed: > 100).');
    expect(separationSentence(separationRows(chaos), 'absent', '0.01', 'X')).toBeNull();
  });
});

describe('loadReproduce', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'site-reproduce-'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  test('a missing file and a malformed file come back as their errors', async () => {
    await mkdir(path.join(dir, path.dirname(COMPARE_FILE)), { recursive: true });
    await writeFile(path.join(dir, COMPARE_FILE), JSON.stringify({ ...compare, rows: [{ ...compare.rows[0], p: 'small' }] }));
    const loaded = await loadReproduce(dir);
    expect(loaded.compare).toEqual({ file: path.join(dir, COMPARE_FILE), error: expect.stringMatching(/^at rows\.0\.p: /) });
    expect(loaded.chaos).toEqual({ file: path.join(dir, CHAOS_FILE), error: 'not found' });
  });

  test('the committed experiments/reproduce files parse', async () => {
    const loaded = await loadReproduce(reproduceDir(appDir));
    expect('data' in loaded.compare && loaded.compare.data.rows.length).toBeGreaterThan(0);
    expect('data' in loaded.chaos && loaded.chaos.data.runs.length).toBeGreaterThan(0);
  });
});
