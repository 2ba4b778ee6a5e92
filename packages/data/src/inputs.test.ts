import { beforeAll, describe, expect, test } from 'vitest';
import type { ImageDataset } from '@negmnist/core';
import { imageStats, prepareInputs, withPolarity } from './inputs';
import { loadMnist } from './node/load';
import { datasetStats, toFloatDataset } from './transforms';

/** The first `count` images of a dataset. */
function head(ds: ImageDataset, count: number): ImageDataset {
  return { ...ds, count, images: ds.images.subarray(0, count * ds.rows * ds.cols), labels: ds.labels.subarray(0, count) };
}

/** Largest |a[i] + b[i]|: zero when `b` is the negation of `a`. */
function maxSumMagnitude(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) + (b[i] as number)));
  return max;
}

const tiny: ImageDataset = { name: 'tiny', images: Uint8Array.from([0, 51, 255, 102, 0, 0, 255, 255]), labels: Uint8Array.from([3, 1]), count: 2, rows: 2, cols: 2, numClasses: 10 };
const other: ImageDataset = { ...tiny, name: 'other', images: Uint8Array.from([255, 204, 0, 153]), labels: Uint8Array.from([2]), count: 1 };

describe('imageStats', () => {
  test('equals datasetStats of the float pixels the network sees', () => {
    for (const options of [{}, { negative: true }, { negative: true, offset: 0.25 }, { offset: -1 }]) {
      const expected = datasetStats(toFloatDataset(tiny, options).x);
      const stats = imageStats(tiny, options);
      expect(stats.mean).toBeCloseTo(expected.mean, 12);
      expect(stats.std).toBeCloseTo(expected.std, 12);
    }
  });
});

describe('prepareInputs', () => {
  test('unit: v / 255, 1 - x, + offset, for both splits', () => {
    const f = Math.fround;
    const { train, validation } = prepareInputs({ train: tiny, validation: other }, { negative: true, offset: 0.5 });
    expect(Array.from(validation.x)).toEqual(Array.from(other.images, (v) => f(f(1 - f(v / 255)) + 0.5)));
    expect(train).toMatchObject({ negative: true, offset: 0.5, normalize: undefined, scaling: undefined });
  });

  test('centred and standardised use the training statistics for the validation split too', () => {
    const f = Math.fround;
    // training pixels after 1 - x and + 0.25, computed by hand: 1.25, 1.05, 0.25, 0.85, 1.25, 1.25, 0.25, 0.25
    const seen = [1.25, 1.05, 0.25, 0.85, 1.25, 1.25, 0.25, 0.25];
    const mean = seen.reduce((a, b) => a + b) / seen.length;
    const std = Math.sqrt(seen.reduce((a, v) => a + (v - mean) ** 2, 0) / seen.length);
    const options = { negative: true, offset: 0.25 };
    const standardised = prepareInputs({ train: tiny, validation: other }, { ...options, input: 'standardised' });
    const centred = prepareInputs({ train: tiny, validation: other }, { ...options, input: 'centred' });
    const pixel = (v: number): number => f(f(1 - f(v / 255)) + 0.25);
    expect(Array.from(standardised.validation.x)).toEqual(Array.from(other.images, (v) => expect.closeTo((pixel(v) - mean) / std, 6)));
    expect(Array.from(centred.validation.x)).toEqual(Array.from(other.images, (v) => expect.closeTo(pixel(v) - mean, 6)));
    expect(standardised.validation.normalize?.mean).toBeCloseTo(mean, 6);
    expect(standardised.validation.normalize?.std).toBeCloseTo(std, 6);
  });

  test('pixel-centred subtracts each pixel\'s training mean; mean-swapped puts 1 - μ in its place; gain multiplies last', () => {
    // training pixels x = v / 255 of the two tiny images: [0, 0.2, 1, 0.4] and [0, 0, 1, 1]; per-pixel means [0, 0.1, 1, 0.7]
    const means = [0, 0.1, 1, 0.7];
    const x = (v: number) => v / 255;
    const centred = prepareInputs({ train: tiny, validation: other }, { input: 'pixel-centred' });
    expect(Array.from(centred.validation.x)).toEqual(Array.from(other.images, (v, i) => expect.closeTo(x(v) - (means[i] as number), 6)));
    expect(Array.from(centred.train.x.subarray(0, 4))).toEqual([0, 0.1, 0, -0.3].map((v) => expect.closeTo(v, 6)));
    const swapped = prepareInputs({ train: tiny, validation: other }, { input: 'mean-swapped', gain: 2 });
    expect(Array.from(swapped.validation.x)).toEqual(Array.from(other.images, (v, i) => expect.closeTo(2 * (x(v) - (means[i] as number) + (1 - (means[i] as number))), 6)));
    // the mean of swapped training inputs is 2 (1 - μ)
    const train = swapped.train.x;
    expect([0, 1, 2, 3].map((i) => ((train[i] as number) + (train[4 + i] as number)) / 2)).toEqual(means.map((m) => expect.closeTo(2 * (1 - m), 6)));
    expect(swapped.train).toMatchObject({ gain: 2, scaling: { input: 'mean-swapped' } });
    expect(swapped.train.pixelShift).toHaveLength(4);
    // negative images: their own per-pixel means (1 - μ), recomputed for the other polarity
    const negative = prepareInputs({ train: tiny, validation: other }, { negative: true, input: 'pixel-centred' });
    expect(Array.from(withPolarity(negative.validation, false).x)).toEqual(Array.from(centred.validation.x));
    const unitGain = prepareInputs({ train: tiny, validation: other }, { gain: 3 });
    expect(Array.from(unitGain.validation.x)).toEqual(Array.from(other.images, (v) => expect.closeTo(3 * x(v), 6)));
  });

  test('rejects an unknown scaling and training images without spread', () => {
    expect(() => prepareInputs({ train: tiny, validation: other }, { input: 'whitened' as 'unit' })).toThrow(/input: expected one of unit, centred, standardised, pixel-centred, mean-swapped, received whitened/);
    expect(() => prepareInputs({ train: tiny, validation: other }, { gain: 0 })).toThrow(/gain: expected a finite number > 0/);
    const flat = { ...tiny, images: new Uint8Array(8).fill(7) };
    expect(() => prepareInputs({ train: flat, validation: other }, { input: 'standardised' })).toThrow(/pixel std of 0/);
  });

  test('withPolarity of a standardised split gives the split prepared in that polarity (statistics recomputed, not reused)', () => {
    const positive = prepareInputs({ train: tiny, validation: other }, { offset: 0.25, input: 'standardised' });
    const negative = prepareInputs({ train: tiny, validation: other }, { negative: true, offset: 0.25, input: 'standardised' });
    expect(withPolarity(positive.validation, true).x).toEqual(negative.validation.x);
    expect(withPolarity(negative.train, false).x).toEqual(positive.train.x);
    expect(withPolarity(positive.train, true).normalize).toEqual(negative.train.normalize);
  });

  test('withPolarity gives one twin per dataset: runs that ask in turn share its float values', () => {
    const positive = prepareInputs({ train: tiny, validation: other }, { offset: 0.25 });
    const twin = withPolarity(positive.validation, true);
    expect(twin.negative).toBe(true);
    expect(withPolarity(positive.validation, true)).toBe(twin);
    expect(withPolarity(twin, false)).toBe(positive.validation);
    expect(withPolarity(twin, true)).toBe(twin);
  });
});

describe('the standardisation identity on real MNIST', () => {
  let images: { train: ImageDataset; validation: ImageDataset };
  beforeAll(async () => {
    images = { train: head(await loadMnist({ split: 'train' }), 10000), validation: await loadMnist({ split: 'test' }) };
  });

  test.each([
    { input: 'standardised', offset: 0 },
    { input: 'centred', offset: 0 },
    { input: 'standardised', offset: 0.25 },
  ] as const)('$input negative images (offset $offset) are the negated $input positive images', ({ input, offset }) => {
    const positive = prepareInputs(images, { input, offset });
    const negative = prepareInputs(images, { input, offset, negative: true });
    for (const split of ['train', 'validation'] as const) {
      // the values are not trivially zero: standardised training pixels have mean 0 and std 1
      if (split === 'train' && input === 'standardised') {
        const stats = datasetStats(positive.train.x);
        expect(Math.abs(stats.mean)).toBeLessThan(1e-6);
        expect(stats.std).toBeCloseTo(1, 5);
      }
      expect(maxSumMagnitude(positive[split].x, negative[split].x), split).toBeLessThanOrEqual(1e-6);
    }
  });

  test('the identity needs the statistics after the polarity: positive statistics on negative images break it', () => {
    const positive = prepareInputs(images, { input: 'standardised' });
    const misordered = toFloatDataset(images.validation, { negative: true, normalize: positive.train.normalize as { mean: number; std: number } });
    expect(maxSumMagnitude(positive.validation.x, misordered.x)).toBeGreaterThan(1);
  });
});
