import { basename } from 'node:path';
import { prepareInputs } from '@negmnist/data';
import type { ImageDataset, PreparedInputs } from '@negmnist/data';
import { inputSettings, type RunConfig } from '@negmnist/core';
import { loadIdxDataset, loadMnist } from '@negmnist/data/node';
import { stringFlag } from '../cli/args';
import type { Values } from '../cli/args';
import { UsageError } from '../errors';
import type { IdxDatasetFiles } from './experiment-schema';

/** Where a run's images come from: MNIST (downloaded once), or IDX files. */
export type DataSource = { kind: 'mnist' } | ({ kind: 'idx' } & IdxDatasetFiles);

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

/** Train and validation images of a source, as read; each group of runs makes its float inputs with {@link runInputs}. */
export interface LoadedData {
  train: ImageDataset;
  validation: ImageDataset;
}

/**
 * The float inputs of a run: @negmnist/data's `prepareInputs` with the run's polarity, `inputOffset` and
 * `input` scaling (statistics of the training images as the network sees them). Runs of one ensemble
 * share offset and scaling; members of the other polarity get theirs from `withPolarity` in training.
 */
export function runInputs(data: LoadedData, config: Pick<RunConfig, 'negative' | 'input' | 'inputOffset' | 'inputGain'>): PreparedInputs {
  return prepareInputs(data, inputSettings(config));
}

/** Reads the IDX files once. */
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
  return { train, validation: test };
}
