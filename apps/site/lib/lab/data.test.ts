import { datasetStats } from '@negmnist/data';
import type { ImageDataset } from '@negmnist/data';
import { inputSettings } from '@negmnist/core';
import type { InputScaling, Polarity } from '@negmnist/core';
import { describe, expect, test } from 'vitest';
import { labFloatData as labFloatDataOf } from './data';

/** Two 2×2 images with arbitrary bytes: neutral inputs, no answer built in. */
const images = (bytes: number[]): ImageDataset => ({ name: 't', images: Uint8Array.from(bytes), labels: Uint8Array.from([1, 2]), count: 2, rows: 2, cols: 2, numClasses: 10 });
const lab = { train: images([0, 51, 102, 255, 255, 0, 204, 153]), test: images([10, 20, 30, 40, 50, 60, 70, 80]) };

/** The features of one run of the given polarity and scaling, its inputs as core maps a run config. */
const labFloatData = (images: typeof lab, polarity: Polarity, input: InputScaling) => labFloatDataOf(images, inputSettings({ negative: polarity === 'negative', input }));

describe('labFloatData', () => {
  test('unit: pixel / 255, and 1 − that for negative images', () => {
    const positive = labFloatData(lab, 'positive', 'unit');
    const negative = labFloatData(lab, 'negative', 'unit');
    expect(Array.from(positive.train.x)).toEqual(Array.from(lab.train.images, (v) => Math.fround(v / 255)));
    negative.validation.x.forEach((v, i) => expect(v).toBeCloseTo(1 - lab.test.images[i]! / 255, 6));
  });

  test.each(['positive', 'negative'] as const)('centred and standardised with the %s training images’ own statistics', (polarity) => {
    const centred = labFloatData(lab, polarity, 'centred');
    const standardised = labFloatData(lab, polarity, 'standardised');
    expect(datasetStats(centred.train.x).mean).toBeCloseTo(0, 6);
    const stats = datasetStats(standardised.train.x);
    expect(stats.mean).toBeCloseTo(0, 6);
    expect(stats.std).toBeCloseTo(1, 5);
    // validation images go through the same transform (training statistics, not their own)
    const unit = labFloatData(lab, polarity, 'unit');
    const trainStats = datasetStats(unit.train.x);
    standardised.validation.x.forEach((v, i) => expect(v).toBeCloseTo((unit.validation.x[i]! - trainStats.mean) / trainStats.std, 5));
  });
});
