import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseIdx } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { afterAll, describe, expect, test } from 'vitest';
import { labFiles, writeLabAssets } from './lab-assets.mjs';

const root = await mkdtemp(path.join(tmpdir(), 'negmnist-lab-assets-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('lab assets', () => {
  test('the gzip IDX files hold the first images and labels of each MNIST split; the wasm binaries are beside them', async () => {
    await writeLabAssets({ root, train: 300, test: 50 });
    for (const [split, count] of [['train', 300], ['test', 50]] as const) {
      const mnist = await loadMnist({ split });
      const files = labFiles(split);
      const images = parseIdx(gunzipSync(await readFile(path.join(root, 'data', files.images))));
      const labels = parseIdx(gunzipSync(await readFile(path.join(root, 'data', files.labels))));
      expect(images.shape).toEqual([count, 28, 28]);
      expect(Buffer.from(images.data.buffer, images.data.byteOffset, images.data.byteLength).equals(Buffer.from(mnist.images.subarray(0, count * 784)))).toBe(true);
      expect(Array.from(labels.data)).toEqual(Array.from(mnist.labels.subarray(0, count)));
    }
    expect((await stat(path.join(root, 'tfjs', 'tfjs-backend-wasm-simd.wasm'))).size).toBeGreaterThan(0);
  });
});
