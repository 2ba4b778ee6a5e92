import * as tf from '@tensorflow/tfjs';
import { createMlp } from '@negmnist/models';
import { train } from '@negmnist/train';
import { describeEngine, tinyData } from '@negmnist/train/testing';
import { beforeAll, expect, it } from 'vitest';
import { tfjsEngine } from './engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The shared reference tests of every engine, on the tfjs cpu backend.
describeEngine(tfjsEngine);

it('keeps the tensor count flat: the same after step 10 and step 1000', async () => {
  const model = createMlp({ layerSizes: [6, 4, 3] });
  const counts = new Map<number, number>();
  await train(model, tinyData(), {
    engine: tfjsEngine,
    batchSize: 8,
    epochs: 84,
    evalEvery: 7,
    hooks: { onBatchEnd: (r) => void ((r.step === 10 || r.step === 1000) && counts.set(r.step, tf.memory().numTensors)) },
  });
  expect(counts.size).toBe(2);
  expect(counts.get(1000)).toBe(counts.get(10));
  model.dispose();
});
