import type { ImageDataset } from '@negmnist/core';
import { DatasetError } from './errors';
import type { IdxArray } from './idx';

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
