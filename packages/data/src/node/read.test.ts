import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { requireComponent } from '@negmnist/system';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DatasetError, IdxFormatError } from '../errors';
import { encodeIdx } from '../testing/idx-builder';
import { loadIdxDataset } from './load';
import { gunzipChunkSize, readIdx } from './read';

const fashionDir = '/usr/share/datasets/fashion-mnist';
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'negmnist-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readIdx', () => {
  test('detects gzip by content: a gzipped file named .idx and a raw file named .gz both load', async () => {
    const file = encodeIdx('i16', [2, 2], [1, -2, 300, -400]);
    await writeFile(join(dir, 'looks-raw.idx'), gzipSync(file));
    await writeFile(join(dir, 'looks-gzipped.gz'), file);
    for (const name of ['looks-raw.idx', 'looks-gzipped.gz']) {
      const parsed = await readIdx(join(dir, name));
      expect(parsed.shape).toEqual([2, 2]);
      expect(Array.from(parsed.data)).toEqual([1, -2, 300, -400]);
    }
  });

  test('a gzip file of several members loads whole (the trailer size, a hint, names only the last)', async () => {
    const file = encodeIdx('u8', [3, 2], [1, 2, 3, 4, 5, 6]);
    const path = join(dir, 'two-members.gz');
    await writeFile(path, Buffer.concat([gzipSync(file.subarray(0, 7)), gzipSync(file.subarray(7))]));
    const parsed = await readIdx(path);
    expect(parsed.shape).toEqual([3, 2]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('gunzipChunkSize: the trailer size plus one, at least 16 KiB, at most 1032 x the compressed size', () => {
    const big = gzipSync(new Uint8Array(100_000));
    expect(gunzipChunkSize(big)).toBe(100_001);
    expect(gunzipChunkSize(gzipSync(new Uint8Array(10)))).toBe(16 * 1024);
    const lying = new Uint8Array(100).fill(0xff);
    expect(gunzipChunkSize(lying)).toBe(100 * 1032);
  });

  test('a missing file is a DatasetError naming the path', async () => {
    const path = join(dir, 'no-such-file');
    await expect(readIdx(path)).rejects.toThrow(DatasetError);
    await expect(readIdx(path)).rejects.toThrow(`${path}: reading the file: expected a readable IDX file, received ENOENT`);
  });

  test('truncated gzip is an IdxFormatError naming the path', async () => {
    const path = join(dir, 'cut.gz');
    const gz = gzipSync(encodeIdx('u8', [100], new Array<number>(100).fill(7)));
    await writeFile(path, gz.subarray(0, gz.length - 10));
    await expect(readIdx(path)).rejects.toThrow(IdxFormatError);
    await expect(readIdx(path)).rejects.toThrow(`${path}: gzip stream`);
  });

  test('a file that lies about its size is an IdxFormatError naming the path', async () => {
    const path = join(dir, 'liar.idx');
    await writeFile(path, encodeIdx('u8', [1000, 28, 28], [1, 2, 3]));
    await expect(readIdx(path)).rejects.toThrow(new RegExp(`^${path}: declared size`));
  });
});

const fashion = requireComponent('fashion-mnist', 'data: Fashion-MNIST loader test');
describe.skipIf(!fashion.available)('Fashion-MNIST (gzip IDX from the system package)', () => {
  test('train: 60000 images of 28x28, 6000 per class, labels match the gunzipped file', async () => {
    const ds = await loadIdxDataset({
      images: join(fashionDir, 'train-images-idx3-ubyte.gz'),
      labels: join(fashionDir, 'train-labels-idx1-ubyte.gz'),
      name: 'fashion-train',
    });
    expect(ds).toMatchObject({ name: 'fashion-train', count: 60000, rows: 28, cols: 28, numClasses: 10 });
    const counts = new Array<number>(10).fill(0);
    for (const label of ds.labels) counts[label]! += 1;
    expect(counts).toEqual(new Array<number>(10).fill(6000));
    const { gunzipSync } = await import('node:zlib');
    const rawLabels = gunzipSync(await readFile(join(fashionDir, 'train-labels-idx1-ubyte.gz')));
    expect(Buffer.from(ds.labels).equals(rawLabels.subarray(8))).toBe(true);
  });
});
