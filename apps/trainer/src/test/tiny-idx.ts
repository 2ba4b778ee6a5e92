import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint8(2, 0x08); // unsigned byte
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

// A learnable toy: class c is a bright bar on rows 2c+4..2c+5 plus deterministic speckle.
function images(count: number, offset: number): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = (i * 7 + offset) % 10;
    labels[i] = c;
    for (let p = 0; p < 784; p++) {
      const row = Math.floor(p / 28);
      const bar = row === 2 * c + 4 || row === 2 * c + 5;
      pixels[i * 784 + p] = bar ? 200 + ((p * 13 + i) % 56) : ((p * 31 + i * 17 + offset) % 97 === 0 ? 255 : 0);
    }
  }
  return { pixels, labels };
}

/** Paths of a tiny synthetic IDX dataset (28x28 u8 images, 10 classes). */
export interface TinyIdx {
  images: string;
  labels: string;
  testImages: string;
  testLabels: string;
}

/** Writes train/test IDX files (`train` and `test` images) into `dir`. */
export async function writeTinyIdx(dir: string, train = 256, test = 64): Promise<TinyIdx> {
  await mkdir(dir, { recursive: true });
  const tr = images(train, 0);
  const te = images(test, 3);
  const paths = {
    images: join(dir, 'train-images.idx'),
    labels: join(dir, 'train-labels.idx'),
    testImages: join(dir, 'test-images.idx'),
    testLabels: join(dir, 'test-labels.idx'),
  };
  await writeFile(paths.images, idx([train, 28, 28], tr.pixels));
  await writeFile(paths.labels, idx([train], tr.labels));
  await writeFile(paths.testImages, idx([test, 28, 28], te.pixels));
  await writeFile(paths.testLabels, idx([test], te.labels));
  return paths;
}
