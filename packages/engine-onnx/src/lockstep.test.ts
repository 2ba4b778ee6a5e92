import * as tf from '@tensorflow/tfjs';
import { toFloatDataset, type FloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { seedNetwork } from '@negmnist/models';
import { train, type TrainData, type TrainResult } from '@negmnist/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxEngine } from './engine';

/** The first `count` images of a dataset. */
function head(ds: FloatDataset, count: number): FloatDataset {
  return { ...ds, count, x: ds.x.subarray(0, count * ds.features), labels: ds.labels.subarray(0, count) };
}

let data: TrainData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  // real MNIST: 100 batches of 16 per epoch, validation on 200 test images
  data = { train: head(toFloatDataset(await loadMnist({ split: 'train' })), 1600), validation: head(toFloatDataset(await loadMnist({ split: 'test' })), 200) };
});

async function bothEngines(negative: boolean, epochs: number): Promise<[TrainResult, TrainResult]> {
  const options = { negative, epochs, batchSize: 16, evalEvery: 10, probeSize: 200, lr: 0.1 };
  const tfjs = await train(seedNetwork({ seed: 0 }), data, options);
  const onnx = await train(seedNetwork({ seed: 0 }), data, { ...options, engine: onnxEngine() });
  return [tfjs, onnx];
}

describe('ONNX Runtime and TensorFlow.js (wasm) in lockstep on the seed network, same weights and batches', () => {
  it.each([
    [true, 1],
    [false, 3],
  ])('negative %s: %i epoch(s) of 100 steps', async (negative, epochs) => {
    const [tfjs, onnx] = await bothEngines(negative, epochs);
    expect(onnx.evaluations.map((e) => e.step)).toEqual(tfjs.evaluations.map((e) => e.step));
    const gap = onnx.evaluations.map((e, i) => Math.abs((e.valLoss ?? NaN) - (tfjs.evaluations[i]?.valLoss ?? NaN)));
    console.log(negative, gap.map((g) => g.toExponential(1)).join(' '));
    console.log(onnx.evaluations.map((e, i) => `${e.valAccuracy}/${tfjs.evaluations[i]?.valAccuracy}`).join(' '));
  });
});
