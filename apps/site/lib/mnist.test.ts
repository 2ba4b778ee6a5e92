import { expect, test } from 'vitest';
import { sampleDigits, summarizeMnist } from './mnist';

// Four 2×2 images: classes 1, 0, 1, 2; pixel bytes chosen so statistics are easy to check by hand.
const dataset = {
  name: 'tiny',
  numClasses: 10,
  images: Uint8Array.from([0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255]),
  labels: Uint8Array.from([1, 0, 1, 2]),
  count: 4,
  rows: 2,
  cols: 2,
};

test('summarizeMnist: negative statistics mirror positive ones', () => {
  const { positive, negative } = summarizeMnist(dataset);
  expect(positive.mean).toBeCloseTo(9 / 16);
  expect(negative.mean).toBeCloseTo(1 - positive.mean);
  expect(negative.std).toBeCloseTo(positive.std);
  expect(positive.brightPixels).toBe(9 / 4);
  expect(negative.brightPixels).toBe(7 / 4);
  expect(positive.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  expect(positive.histogram[0]).toBeCloseTo(negative.histogram.at(-1)!);
  expect(Array.from(negative.meanImage, (v) => v.toFixed(5))).toEqual(Array.from(positive.meanImage, (v) => (1 - v).toFixed(5)));
  // sqrt((E‖x‖² + 1) / (3 · 4)): E‖x‖² over the positive images is (1 + 2 + 2 + 4) / 4.
  expect(positive.initPreactivationStd).toBeCloseTo(Math.sqrt((9 / 4 + 1) / 12));
});

test('sampleDigits picks the first images of each class, in class order', () => {
  const sample = sampleDigits(dataset, 2);
  expect(sample.indices).toEqual([1, 0, 2, 3]);
  expect(sample.labels).toEqual([0, 1, 1, 2]);
  expect(Array.from(sample.images.subarray(0, 4))).toEqual([255, 255, 0, 0]);
});
