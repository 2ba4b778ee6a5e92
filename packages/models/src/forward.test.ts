import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { dense } from './forward';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('dense has the gradients of a plain matMul, in 2-D and batched 3-D', () => {
  for (const [xs, ws] of [[[5, 4], [4, 3]], [[2, 5, 4], [2, 4, 3]]] as const) {
    const x = tf.randomNormal([...xs], 0, 1, 'float32', 1);
    const w = tf.randomNormal([...ws], 0, 1, 'float32', 2);
    const dy = tf.randomNormal([...xs.slice(0, -1), 3], 0, 1, 'float32', 3);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(a, b), dy)))([x, w]);
    const plain = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), dy)))([x, w]);
    expect(dense(x, w).arraySync()).toEqual(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D).arraySync());
    ours.forEach((g, i) => {
      expect(Array.from(g.dataSync())).toEqual(Array.from(plain[i]!.dataSync()).map((v) => expect.closeTo(v, 5)));
    });
  }
});
