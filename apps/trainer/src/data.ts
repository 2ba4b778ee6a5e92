import { basename } from 'node:path';
import { toFloatDataset } from '@negmnist/data';
import type { FloatDataset, ImageDataset } from '@negmnist/data';
import { loadIdxDataset, loadMnist } from '@negmnist/data/node';
import { stringFlag } from './args';
import type { Values } from './args';
import { UsageError } from './errors';
import type { DataSource } from './experiment';

const DATA_FLAGS = ['images', 'labels', 'test-images', 'test-labels'] as const;

/** The data source the flags name (all four IDX flags), or undefined when none is given. */
export function dataSourceFromFlags(values: Values): DataSource | undefined {
  const given = DATA_FLAGS.filter((flag) => stringFlag(values, flag) !== undefined);
  if (given.length === 0) return undefined;
  const missing = DATA_FLAGS.filter((flag) => !given.includes(flag));
  if (missing.length > 0) {
    throw new UsageError(`--${given[0]}: a custom dataset needs all of --images, --labels, --test-images, --test-labels; missing ${missing.map((f) => `--${f}`).join(', ')}`);
  }
  const images = stringFlag(values, 'images') as string;
  return {
    kind: 'idx',
    name: basename(images).replace(/\.gz$/, '').replace(/[^A-Za-z0-9._-]/g, '_'),
    images,
    labels: stringFlag(values, 'labels') as string,
    testImages: stringFlag(values, 'test-images') as string,
    testLabels: stringFlag(values, 'test-labels') as string,
  };
}

/** The dataset name stored in run records for a source. */
export function datasetName(source: DataSource): string {
  return source.kind === 'mnist' ? 'mnist' : (source.name ?? 'idx');
}

/** Train and validation images of a source, as float datasets on demand (positive or negative). */
export interface LoadedData {
  name: string;
  /** Input features per image (rows x cols). */
  features: number;
  numClasses: number;
  get(negative: boolean): { train: FloatDataset; validation: FloatDataset };
}

/** Reads the IDX files once; float conversions are cached per polarity. */
export async function loadData(source: DataSource): Promise<LoadedData> {
  let train: ImageDataset;
  let test: ImageDataset;
  if (source.kind === 'mnist') {
    [train, test] = await Promise.all([loadMnist({ split: 'train' }), loadMnist({ split: 'test' })]);
  } else {
    [train, test] = await Promise.all([
      loadIdxDataset({ images: source.images, labels: source.labels }),
      loadIdxDataset({ images: source.testImages, labels: source.testLabels }),
    ]);
  }
  const cache = new Map<boolean, { train: FloatDataset; validation: FloatDataset }>();
  return {
    name: datasetName(source),
    features: train.rows * train.cols,
    numClasses: Math.max(train.numClasses, test.numClasses),
    get(negative) {
      let pair = cache.get(negative);
      if (pair === undefined) {
        pair = { train: toFloatDataset(train, { negative }), validation: toFloatDataset(test, { negative }) };
        cache.set(negative, pair);
      }
      return pair;
    },
  };
}
