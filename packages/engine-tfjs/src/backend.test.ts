import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createMlp } from '@negmnist/models';
import { beforeAll, expect, it } from 'vitest';
import { tinyData } from '@negmnist/train/testing';
import { train as trainOn, type TrainOptions } from '@negmnist/train';
import { tfjsEngine } from './engine';

const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

const data = tinyData();
const options = { batchSize: 8, epochs: 2, evalEvery: 6, seed: 1 } as const;

async function valAccuracies(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = createMlp({ layerSizes: [6, 8, 3], seed: 3 });
  const result = await train(model, data, options);
  model.dispose();
  return result.evaluations.flatMap((e) => [e.valAccuracy, e.trainLoss ?? -1]);
}

beforeAll(async () => {
  // the wasm backend is initialised once per test file
  await tf.setBackend('wasm');
  await tf.ready();
});

it('gives the same numbers on the wasm backend as on cpu', async () => {
  const wasm = await valAccuracies('wasm');
  const cpu = await valAccuracies('cpu');
  expect(wasm).toEqual(cpu.map((v) => expect.closeTo(v, 4)));
});
