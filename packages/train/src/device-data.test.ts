import * as tf from '@tensorflow/tfjs';
import { batchIndices, createRng } from '@negmnist/data';
import { beforeAll, expect, it } from 'vitest';
import { disposeDataset, gatherMembers, sharedRows, uploadDataset } from './device-data';
import { syntheticDataset } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ds = syntheticDataset('rows', 50, 6, 3, 7);

/** The host rows `indices` of the dataset, `[n * features]`. */
function hostRows(indices: ArrayLike<number>): number[] {
  return Array.from(indices).flatMap((i) => Array.from(ds.x.subarray(i * 6, i * 6 + 6)));
}

it('splits the upload into row blocks under a byte limit (WebGPU caps a binding) and reads the same rows', async () => {
  const whole = uploadDataset(ds);
  const blocked = uploadDataset(ds, 7 * 6 * 4 + 5);
  expect([whole.blocks.length, blocked.blocks.length, blocked.rowsPerBlock]).toEqual([1, 8, 7]);
  expect(blocked.blocks.map((b) => b.shape[0])).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
  const members = [1, 2].map((seed) => batchIndices(50, { batchSize: 16, rng: createRng(seed) })[0] as Uint32Array);
  for (const set of [whole, blocked]) {
    const batch = gatherMembers(set, members);
    expect(batch.x.shape).toEqual([2, 16, 6]);
    expect(Array.from(await batch.x.data())).toEqual(hostRows([...members[0]!, ...members[1]!]).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(await batch.labels.data())).toEqual(Array.from([...members[0]!, ...members[1]!], (i) => ds.labels[i]));
    // a window across four blocks, and one inside a block
    for (const [start, n] of [[5, 17], [8, 3]] as const) {
      const rows = sharedRows(set, start, n);
      expect(rows.x.shape).toEqual([1, n, 6]);
      expect(Array.from(await rows.x.data())).toEqual(hostRows(Array.from({ length: n }, (_, i) => start + i)).map((v) => expect.closeTo(v, 6)));
      tf.dispose([rows.x, rows.labels]);
    }
    tf.dispose([batch.x, batch.labels]);
  }
  const before = tf.memory().numTensors;
  disposeDataset(blocked);
  expect(tf.memory().numTensors).toBe(before - 9);
  disposeDataset(whole);
});
