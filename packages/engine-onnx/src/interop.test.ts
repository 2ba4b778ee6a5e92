import * as tf from '@tensorflow/tfjs';
import { createMlpEnsemble } from '@negmnist/models';
import type { Evaluation } from '@negmnist/results';
import { train as trainOn, type Checkpoint, type TrainOptions } from '@negmnist/train';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import type { TrainEngine } from '@negmnist/core';
import { decodeCheckpoint, encodeCheckpoint } from '@negmnist/train/checkpoint';
import { beforeAll, expect, it } from 'vitest';
import { tinyData } from '@negmnist/train/testing';
import { onnxEngine } from './engine';

// tfjs unless a test names its engine
const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = tinyData();
const options: Partial<TrainOptions> = { batchSize: 8, epochs: 3, evalEvery: 5, members: [{ seed: 2, lr: 0.3 }, { seed: 3, lr: 0.2, negative: true }] };
const model = () => createMlpEnsemble([{ layerSizes: [6, 5, 3], seed: 1 }, { layerSizes: [6, 5, 3], seed: 4, hidden: 'tanh' }]);

function numbers(e: Evaluation): number[] {
  return [e.step, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, ...e.layers.flatMap((l) => [l.gradNorm, l.weightNorm, l.activationMean])].map((v) => v ?? -1);
}

/** Trains on `first` until step 13, then from its checkpoint (through the file encoding) on `second`. */
async function handOver(first: TrainEngine | undefined, second: TrainEngine | undefined) {
  const stop = new AbortController();
  // one step per call: both engines stop at step 13, mid-window
  const partial = await train(model(), data, { ...options, ...(first ? { engine: first } : {}), stepsPerCall: 1, signal: stop.signal, hooks: { onBatchEnd: (r) => void (r.step === 13 && stop.abort()) } });
  expect([partial.status, partial.step]).toEqual(['interrupted', 13]);
  const checkpoint = decodeCheckpoint(encodeCheckpoint(partial.checkpoint as Checkpoint));
  return train(model(), data, { ...options, ...(second ? { engine: second } : {}), resumeFrom: checkpoint });
}

it.each([
  ['onnxruntime', 'tfjs'],
  ['tfjs', 'onnxruntime'],
] as const)('a checkpoint written by %s resumes on %s to the records of an uninterrupted run', async (from, to) => {
  const engine = (name: string) => (name === 'onnxruntime' ? onnxEngine() : undefined);
  const whole = await train(model(), data, options);
  const resumed = await handOver(engine(from), engine(to));
  expect(resumed.status).toBe('done');
  resumed.members.forEach((m, k) => {
    expect(m.evaluations.map(numbers)).toEqual(whole.members[k]?.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 5))));
  });
});
