import * as tf from '@tensorflow/tfjs';
import { batchIndices, createRng, withPolarity } from '@negmnist/data';
import { beforeAll, expect, it } from 'vitest';
import { disposeDataset, disposeSplit, gatherMembers, memberBatch, memberRows, sharedRows, uploadDataset, uploadSplit } from './device-data';
import { syntheticDataset } from '@negmnist/train/testing';

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

it('gives each member the rows of its own polarity, shared order or not, in member order', async () => {
  const negatives = [false, true, false];
  const split = uploadSplit(ds, negatives, 7 * 6 * 4);
  expect(split.sets).toHaveLength(2);
  const rowsOf = (negative: boolean, indices: ArrayLike<number>): number[] => {
    const x = withPolarity(ds, negative).x;
    return Array.from(indices).flatMap((i) => Array.from(x.subarray(i * 6, i * 6 + 6)));
  };
  const indices = [3, 4, 5].map((seed) => batchIndices(50, { batchSize: 8, rng: createRng(seed) })[0] as Uint32Array);
  for (const shared of [true, false]) {
    const batch = memberBatch(split, indices, shared);
    const own = (k: number): Uint32Array => (shared ? indices[0]! : indices[k]!);
    expect(batch.x.shape).toEqual([3, 8, 6]);
    expect(Array.from(await batch.x.data())).toEqual(negatives.flatMap((n, k) => rowsOf(n, own(k))).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(await batch.labels.data())).toEqual((shared ? [0] : [0, 1, 2]).flatMap((k) => Array.from(own(k), (i) => ds.labels[i])));
    tf.dispose([batch.x, batch.labels]);
  }
  const rows = memberRows(split, 5, 10);
  const window = Array.from({ length: 10 }, (_, i) => 5 + i);
  expect(Array.from(await rows.x.data())).toEqual(negatives.flatMap((n) => rowsOf(n, window)).map((v) => expect.closeTo(v, 6)));
  tf.dispose([rows.x, rows.labels]);
  disposeSplit(split);
});
