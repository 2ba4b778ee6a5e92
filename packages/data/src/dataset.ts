import { DatasetError } from './errors';
import type { IdxArray } from './idx';

/** Images and labels as stored in IDX files: u8 pixels, one label per image. */
export interface ImageDataset {
  /** Label for reports, e.g. `mnist-train`. */
  name: string;
  /** count * rows * cols pixels in 0..255, row-major, image after image. */
  images: Uint8Array;
  /** count labels in 0..numClasses-1. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  rows: number;
  /** Image width in pixels. */
  cols: number;
  /** Number of classes; every label is below it. */
  numClasses: number;
}

/**
 * Images as float features, ready for a model. Made only by `toFloatDataset` (and `withPolarity`),
 * which record how: the polarity, the normalisation and the source images.
 */
export interface FloatDataset {
  /** Label for reports, e.g. `mnist-train (negative)`. */
  name: string;
  /** True when `x` holds negative images `1 - pixel / 255` (before any offset and normalisation). */
  readonly negative: boolean;
  /** Constant added to every pixel after the polarity and before the normalisation (0: none). */
  readonly offset: number;
  /** The standardisation applied last, if any. */
  readonly normalize: { readonly mean: number; readonly std: number } | undefined;
  /**
   * Set by `prepareInputs` for `centred` and `standardised` inputs: `normalize` holds the statistics of
   * `training` (the training images, in this polarity and offset), so `withPolarity` recomputes them for
   * the other polarity instead of reusing them. Undefined when `normalize` is fixed or absent.
   */
  readonly scaling: { readonly input: 'centred' | 'standardised' | 'pixel-centred' | 'mean-swapped'; readonly training: ImageDataset } | undefined;
  /** Factor applied last, after any scaling (1: none); already in `pixelValues` and `pixelShift`. */
  readonly gain: number;
  /**
   * Per-pixel inputs (`pixel-centred`, `mean-swapped`): a value per feature added to the byte's value, so
   * `x[n * features + i] = pixelValues[byte] + pixelShift[i]` (float32). Undefined: `x` is the byte table alone.
   */
  readonly pixelShift: Float32Array | undefined;
  /** The u8 images `x` was computed from (lets `withPolarity` recompute exactly instead of inverting floats). */
  readonly source: ImageDataset;
  /** What each pixel byte of `source.images` becomes in `x` (256 values, float32): `x[i] = pixelValues[source.images[i]]` (plus `pixelShift` where set). */
  readonly pixelValues: Float32Array;
  /** count * features values, row-major (one image per row); computed from `source` on first read. */
  readonly x: Float32Array;
  /** count labels in 0..numClasses-1. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Values per image (rows * cols). */
  features: number;
  /** Number of classes. */
  numClasses: number;
}

/** Options of {@link toImageDataset}. */
export interface ToImageDatasetOptions {
  /** Dataset name. Default: the images file name, else `dataset`. */
  name?: string;
  /** Number of classes; every label must be below it. Default: 10. */
  numClasses?: number;
  /** Images file name for error messages. Default: none. */
  imagesFile?: string;
  /** Labels file name for error messages. Default: none. */
  labelsFile?: string;
}

/**
 * Pairs parsed image and label IDX arrays into an {@link ImageDataset} (browser-safe; no copy).
 *
 * @throws {DatasetError} unless images are rank-3 u8, labels rank-1 u8, counts equal and labels < numClasses.
 */
export function toImageDataset(images: IdxArray, labels: IdxArray, options: ToImageDatasetOptions = {}): ImageDataset {
  const { imagesFile, labelsFile, numClasses = 10 } = options;
  const fail = (fileName: string | undefined, what: string, expected: string, received: string): never => {
    throw new DatasetError({ fileName, what, expected, received });
  };
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 256) {
    fail(undefined, 'numClasses', 'an integer from 1 to 256', String(numClasses));
  }
  if (images.dtype !== 'u8' || images.shape.length !== 3) {
    fail(imagesFile, 'images', 'u8 of rank 3 [count, rows, cols]', `${images.dtype} of shape [${images.shape.join(', ')}]`);
  }
  if (labels.dtype !== 'u8' || labels.shape.length !== 1) {
    fail(labelsFile, 'labels', 'u8 of rank 1 [count]', `${labels.dtype} of shape [${labels.shape.join(', ')}]`);
  }
  const [count, rows, cols] = images.shape as [number, number, number];
  const labelData = labels.data as Uint8Array;
  if (labelData.length !== count) {
    fail(labelsFile, 'label count', `${count} (one per image in ${imagesFile ?? 'the images'})`, String(labelData.length));
  }
  for (let i = 0; i < labelData.length; i++) {
    const label = labelData[i] as number;
    if (label >= numClasses) {
      fail(labelsFile, `label of item ${i}`, `0 to ${numClasses - 1} (numClasses ${numClasses})`, String(label));
    }
  }
  const name = options.name ?? imagesFile?.split(/[\\/]/).pop() ?? 'dataset';
  return { name, images: images.data as Uint8Array, labels: labelData, count, rows, cols, numClasses };
}

/** Number of images of each class: result[c] = count of label c. */
export function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
