import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeTinyIdx } from './tiny-idx';

/** Settings every tiny experiment shares: a 784-16-10 network, batches of 32, 16 probe images. */
export const TINY_BASE = { layers: [784, 16, 10], batchSize: 32, probeSize: 16 } as const;

/** Options of {@link writeTinyExperiment}. */
export interface TinyExperimentOptions {
  /** The experiment's name: its results folder under `--out`. */
  name: string;
  /** Experiment `base` settings over {@link TINY_BASE}, e.g. `{ epochs: 2, evalEvery: 6 }`. */
  base?: Readonly<Record<string, unknown>>;
  /** Experiment `grid`. Default: `{ negative: [false, true] }`. */
  grid?: Readonly<Record<string, readonly unknown[]>>;
  /** Experiment `seeds`: a count (0..n-1) or a list. */
  seeds: number | readonly number[];
  /** Training images of the dataset. Default 256 (as `writeTinyIdx`). */
  trainImages?: number;
  /** Validation images of the dataset. Default 64 (as `writeTinyIdx`). */
  testImages?: number;
  /** The experiment file, relative to `dir`. Default `exp.json`. */
  file?: string;
}

/**
 * Writes a tiny synthetic IDX dataset into `dir/data` and an experiment file over it into `dir`
 * (`negmnist grid <file>` trains it); returns the file's path.
 */
export async function writeTinyExperiment(dir: string, options: TinyExperimentOptions): Promise<string> {
  const file = join(dir, options.file ?? 'exp.json');
  const data = await writeTinyIdx(join(dir, 'data'), options.trainImages, options.testImages);
  // paths relative to the experiment file, as an experiment committed beside its data names them
  const local = (path: string) => relative(dirname(file), path);
  const experiment = {
    name: options.name,
    dataset: { images: local(data.images), labels: local(data.labels), testImages: local(data.testImages), testLabels: local(data.testLabels) },
    base: { ...TINY_BASE, ...options.base },
    grid: options.grid ?? { negative: [false, true] },
    seeds: options.seeds,
  };
  await writeFile(file, JSON.stringify(experiment));
  return file;
}
