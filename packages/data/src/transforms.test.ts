import { describe, expect, test } from 'vitest';
import type { ImageDataset } from '@negmnist/core';
import * as publicApi from './index';
import { withPolarity } from './inputs';
import { datasetStats, normalize, toFloatDataset, toUnit } from './transforms';

const tiny: ImageDataset = { name: 'tiny', images: Uint8Array.from([0, 51, 255, 102]), labels: Uint8Array.from([3]), count: 1, rows: 2, cols: 2, numClasses: 10 };

describe('pixel transforms', () => {
  test('toUnit divides by 255 in float32', () => {
    expect(Array.from(toUnit(Uint8Array.from([0, 51, 255])))).toEqual([0, Math.fround(0.2), 1]);
  });

  test('normalize subtracts the mean and divides by the std, rounding to float32 after each step', () => {
    const out = normalize(Float32Array.from([0.5, 1]), { mean: 0.5, std: 0.25 });
    expect(Array.from(out)).toEqual([0, 2]);
    const [v] = normalize(Float32Array.from([1]), { mean: 0.1307, std: 0.3081 });
    expect(v).toBe(Math.fround(Math.fround(1 - Math.fround(0.1307)) / Math.fround(0.3081)));
  });

  test('normalize rejects a zero std and out arrays of the wrong length', () => {
    expect(() => normalize(new Float32Array(2), { mean: 0, std: 0 })).toThrow(RangeError);
    expect(() => toUnit(new Uint8Array(3), new Float32Array(2))).toThrow(/out length: expected 3, received 2/);
  });

  test('datasetStats gives the mean and population std', () => {
    expect(datasetStats(Float32Array.from([1, 3, 1, 3]))).toEqual({ mean: 2, std: 1 });
  });
});

describe('toFloatDataset', () => {
  test('positive images are toUnit of the pixels', () => {
    const ds = toFloatDataset(tiny);
    expect(ds).toMatchObject({ name: 'tiny', count: 1, features: 4, numClasses: 10 });
    expect(ds.x).toEqual(toUnit(tiny.images));
    expect(ds.labels).toBe(tiny.labels);
  });

  test('negative then normalised: 1 - v/255 in float32, then (x - mean) / std', () => {
    const stats = { mean: 0.8693, std: 0.3081 };
    const ds = toFloatDataset(tiny, { negative: true, normalize: stats });
    expect(ds.name).toBe('tiny (negative)');
    expect(ds.negative).toBe(true);
    const f = Math.fround;
    const expected = Array.from(tiny.images, (v) => f(f(f(1 - f(v / 255)) - f(stats.mean)) / f(stats.std)));
    expect(Array.from(ds.x)).toEqual(expected);
  });

  test('an offset is added after the polarity and before the normalisation, in float32', () => {
    const f = Math.fround;
    const stats = { mean: 0.3, std: 0.5 };
    const ds = toFloatDataset(tiny, { negative: true, offset: 0.25, normalize: stats });
    expect(ds.offset).toBe(0.25);
    expect(Array.from(ds.x)).toEqual(Array.from(tiny.images, (v) => f(f(f(f(1 - f(v / 255)) + 0.25) - f(0.3)) / f(0.5))));
    expect(() => toFloatDataset(tiny, { offset: Number.NaN })).toThrow(/offset: expected a finite number, received NaN/);
  });

  test('a per-pixel shift is added to each image in float32: x = pixelValues[byte] + pixelShift[i]', () => {
    const f = Math.fround;
    const three: ImageDataset = { ...tiny, name: 'three', images: Uint8Array.from([0, 51, 255, 102, 7, 8, 9, 10, 200, 1, 0, 99]), labels: Uint8Array.from([1, 2, 3]), count: 3 };
    const shift = Float32Array.from([0.1, -0.2, 0.3, -0.4]);
    const ds = toFloatDataset(three, { negative: true, shift, gain: 1.5 });
    const expected = Array.from(three.images, (v, i) => f((ds.pixelValues[v] as number) + f((shift[i % 4] as number) * 1.5)));
    expect(Array.from(ds.x)).toEqual(expected);
  });

  test('pixelValues maps every byte to its value in x (what consumers of source.images use)', () => {
    const f = Math.fround;
    const ds = toFloatDataset(tiny, { negative: true });
    expect(Array.from(ds.pixelValues)).toEqual(Array.from({ length: 256 }, (_, v) => f(1 - f(v / 255))));
    expect(Array.from(ds.source.images, (v) => ds.pixelValues[v])).toEqual(Array.from(ds.x));
  });
});

describe('polarity', () => {
  test('asking for the negative of negative images is a no-op: no double inversion', () => {
    const negative = toFloatDataset(tiny, { negative: true });
    expect(withPolarity(negative, true)).toBe(negative);
    expect(Array.from(withPolarity(withPolarity(toFloatDataset(tiny), true), true).x)).toEqual(Array.from(tiny.images, (v) => Math.fround(1 - Math.fround(v / 255))));
  });

  test('switching polarity recomputes from the source pixels with the same normalisation', () => {
    const stats = { mean: 0.5, std: 0.25 };
    const positive = toFloatDataset(tiny, { normalize: stats });
    const negative = withPolarity(positive, true);
    expect(negative).toMatchObject({ negative: true, normalize: stats, name: 'tiny (negative)' });
    expect(negative.x).toEqual(toFloatDataset(tiny, { negative: true, normalize: stats }).x);
    expect(withPolarity(negative, false).x).toEqual(positive.x);
  });

  test('the public API has no free-standing inversion of float arrays', () => {
    expect(Object.keys(publicApi)).not.toContain('invert');
  });
});
