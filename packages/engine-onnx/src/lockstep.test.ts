import * as tf from '@tensorflow/tfjs';
import { toFloatDataset, type ImageDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { train as trainOn, type TrainOptions } from '@negmnist/train';
import type { TrainData } from '@negmnist/core';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxEngine } from './engine';

// tfjs unless a test names its engine
const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

/** The first `count` images of a dataset. */
function head(ds: ImageDataset, count: number): ImageDataset {
  return { ...ds, count, images: ds.images.subarray(0, count * ds.rows * ds.cols), labels: ds.labels.subarray(0, count) };
}

let data: TrainData;
beforeAll(async () => {
  // tfjs's cpu backend: plain float32 JavaScript kernels, the reference side
  await tf.setBackend('cpu');
  // real MNIST, small so the tfjs side stays quick: 100 batches of 8 per epoch, 100 validation images
  data = { train: toFloatDataset(head(await loadMnist({ split: 'train' }), 800)), validation: toFloatDataset(head(await loadMnist({ split: 'test' }), 100)) };
});

// Negative-image training amplifies float32 rounding (two float32 implementations part after ~90
// steps), positive-image training does not: so 100 steps on negative images, 300 on positive ones.
describe('ONNX Runtime and TensorFlow.js (cpu) in lockstep on the seed network: same weights, same batches', () => {
  it.each([
    { negative: true, epochs: 1 },
    { negative: false, epochs: 3 },
  ])('negative $negative: $epochs x 100 steps, losses equal to float32 rounding at every evaluation', async ({ negative, epochs }) => {
    const options = { negative, epochs, batchSize: 8, evalEvery: 10, probeSize: 100 };
    const tfjs = await train(seedNetwork({ seed: 0 }), data, options);
    const onnx = await train(seedNetwork({ seed: 0 }), data, { ...options, engine: onnxEngine() });
    expect(onnx.evaluations.map((e) => e.step)).toEqual(tfjs.evaluations.map((e) => e.step));
    expect(onnx.evaluations).toHaveLength(10 * epochs);
    onnx.evaluations.forEach((e, i) => {
      const ref = tfjs.evaluations[i] as (typeof tfjs.evaluations)[number];
      expect(Math.abs((e.valLoss as number) - (ref.valLoss as number)), `valLoss at step ${e.step}`).toBeLessThan(1e-5);
      expect(Math.abs((e.trainLoss as number) - (ref.trainLoss as number)), `trainLoss at step ${e.step}`).toBeLessThan(1e-5);
      expect(e.layers.map((l) => l.deadFraction)).toEqual(ref.layers.map((l) => expect.closeTo(l.deadFraction as number, 6)));
    });
  }, 300_000);
});
