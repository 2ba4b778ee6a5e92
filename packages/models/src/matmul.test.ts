import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { dense, denseFromInput, memberMatMul } from './matmul';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (t: tf.Tensor): unknown => Array.from(t.dataSync()).map((v) => expect.closeTo(v, 5));

it('dense has the gradients of a plain matMul, in 2-D and batched 3-D', () => {
  for (const [xs, ws] of [[[5, 4], [4, 3]], [[2, 5, 4], [2, 4, 3]]] as const) {
    const x = tf.randomNormal([...xs], 0, 1, 'float32', 1);
    const w = tf.randomNormal([...ws], 0, 1, 'float32', 2);
    const dy = tf.randomNormal([...xs.slice(0, -1), 3], 0, 1, 'float32', 3);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(a, b), dy)))([x, w]);
    const plain = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), dy)))([x, w]);
    expect(Array.from(dense(x, w).dataSync())).toEqual(close(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D)));
    ours.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(close(plain[i]!)));
  }
});

it('shares a leading-1 input across members, and sums its gradient back', () => {
  const x = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 1);
  const w = tf.randomNormal([3, 4, 2], 0, 1, 'float32', 2);
  const tiled = tf.tile(x, [3, 1, 1]);
  expect(Array.from(memberMatMul(x, w).dataSync())).toEqual(close(tf.matMul(tiled as tf.Tensor3D, w as tf.Tensor3D)));
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(dense(a, b))))([x, w]);
  const [tx, tw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(tf.tile(a, [3, 1, 1]) as tf.Tensor3D, b as tf.Tensor3D))))([x, w]);
  expect(gx!.shape).toEqual([1, 5, 4]);
  expect(Array.from(gx!.dataSync())).toEqual(close(tx!));
  expect(Array.from(gw!.dataSync())).toEqual(close(tw!));
});

it('denseFromInput skips the input gradient but keeps the weight gradient', () => {
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
  const w = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(denseFromInput(a, b)))([x, w]);
  const [, tw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)))([x, w]);
  expect(Array.from(gx!.dataSync()).every((v) => v === 0)).toBe(true);
  expect(Array.from(gw!.dataSync())).toEqual(close(tw!));
});
