import { parseIdx, prepareInputs, toImageDataset } from '@negmnist/data';
import type { ImageDataset, PreparedInputs } from '@negmnist/data';
import type { InputSettings } from '@negmnist/core';

/** Where the page serves its MNIST subset (written by scripts/lab-assets.mjs). */
export const LAB_DATA_PATH = '/lab/data/';

const FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

/** Fetches one gzip IDX file and parses it; errors name the URL and the HTTP status. */
async function fetchIdx(url: string): Promise<ReturnType<typeof parseIdx>> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) throw new Error(`${url}: expected a gzip IDX file, received HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return parseIdx(bytes, { fileName: url });
}

/** The lab's training and test subsets, as served. */
export interface LabImages {
  train: ImageDataset;
  test: ImageDataset;
}

/** Downloads and parses both splits (base: the site's origin plus {@link LAB_DATA_PATH}). */
export async function fetchLabImages(base: string): Promise<LabImages> {
  const load = async (split: 'train' | 'test'): Promise<ImageDataset> => {
    const files = FILES[split];
    const [images, labels] = await Promise.all([fetchIdx(base + files.images), fetchIdx(base + files.labels)]);
    return toImageDataset(images, labels, { name: `mnist-lab-${split}`, imagesFile: files.images, labelsFile: files.labels });
  };
  const [train, test] = await Promise.all([load('train'), load('test')]);
  return { train, test };
}

/**
 * Float features of one run: x = pixel / 255, then 1 − x for negative images, then the input scaling
 * with the statistics of that run's own training images (so both runs are centred alike), by
 * @negmnist/data's `prepareInputs`; `inputs` from core's `runSettings` of the run's config.
 */
export function labFloatData(images: LabImages, inputs: InputSettings): PreparedInputs {
  return prepareInputs({ train: images.train, validation: images.test }, inputs);
}
