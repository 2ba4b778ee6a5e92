import { describe, expect, test } from 'vitest';
import { classCounts, toImageDataset } from './dataset';
import { DatasetError } from './errors';
import { parseIdx } from './idx';
import { encodeIdx } from './testing/idx-builder';

const images = parseIdx(encodeIdx('u8', [3, 2, 2], [...Array(12).keys()]));
const labels = parseIdx(encodeIdx('u8', [3], [0, 2, 1]));

describe('toImageDataset', () => {
  test('pairs images and labels without copying', () => {
    const ds = toImageDataset(images, labels, { name: 'toy', numClasses: 3 });
    expect(ds).toMatchObject({ name: 'toy', count: 3, rows: 2, cols: 2, numClasses: 3 });
    expect(ds.images).toBe(images.data);
    expect(ds.labels).toBe(labels.data);
  });

  test('names the dataset after the images file by default', () => {
    expect(toImageDataset(images, labels, { imagesFile: '/data/emnist/train-images.gz' }).name).toBe('train-images.gz');
  });

  test.each([
    ['label count differs', images, parseIdx(encodeIdx('u8', [2], [0, 1])), /labels\.idx: label count: expected 3 .*, received 2/],
    ['images not rank 3', parseIdx(encodeIdx('u8', [3, 4], [...Array(12).keys()])), labels, /images\.idx: images: expected u8 of rank 3 .*, received u8 of shape \[3, 4\]/],
    ['images not u8', parseIdx(encodeIdx('f32', [3, 2, 2], [...Array(12).keys()])), labels, /images: expected u8 of rank 3/],
    ['labels not rank 1', images, parseIdx(encodeIdx('u8', [3, 1], [0, 1, 2])), /labels\.idx: labels: expected u8 of rank 1/],
    ['label out of range', images, parseIdx(encodeIdx('u8', [3], [0, 10, 1])), /labels\.idx: label of item 1: expected 0 to 9 \(numClasses 10\), received 10/],
  ])('%s: DatasetError naming the file', (_, imgs, labs, message) => {
    const run = () => toImageDataset(imgs, labs, { imagesFile: 'images.idx', labelsFile: 'labels.idx' });
    expect(run).toThrow(DatasetError);
    expect(run).toThrow(message);
  });

  test('classCounts counts each label', () => {
    expect(classCounts(Uint8Array.from([2, 0, 2, 2]), 4)).toEqual([1, 0, 3, 0]);
  });
});
