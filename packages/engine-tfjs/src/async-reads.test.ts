import * as tf from '@tensorflow/tfjs';
import { createMlpEnsemble, getWeights, type AnyMlp } from '@negmnist/models';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Checkpoint } from '@negmnist/train';
import { tinyData, withoutWallTime } from '@negmnist/train/testing';
import { train as trainOn, type TrainOptions } from '@negmnist/train';
import { tfjsEngine } from './engine';

const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

// WebGPU in Node has no OffscreenCanvas, so any synchronous read fails there; this guards it on cpu.
const SYNC_READS = ['dataSync', 'arraySync', 'bufferSync'] as const;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const data = tinyData();
// 12 steps per epoch; stop after step 15 so the result carries a checkpoint too
const options = { batchSize: 8, epochs: 2, evalEvery: 5, members: [{ seed: 1 }, { seed: 2, negative: true }] } as const;

function ensemble(): AnyMlp {
  return createMlpEnsemble([{ layerSizes: [6, 5, 3], seed: 1 }, { layerSizes: [6, 5, 3], seed: 2 }]);
}

/** A run touching every read: steps, evaluations, epoch-end histograms, hook and final checkpoints, weights. */
async function everyRead(): Promise<unknown> {
  const model = ensemble();
  const stop = new AbortController();
  let atEval: Checkpoint | undefined;
  const result = await train(model, data, {
    ...options,
    signal: stop.signal,
    hooks: {
      async onEvalEnd(r) {
        if (r.step === 10) atEval = await r.checkpoint();
      },
      onBatchEnd: (r) => void (r.step === 15 && stop.abort()),
    },
  });
  const weights = await getWeights(model);
  model.dispose();
  return withoutWallTime({ result, atEval, weights });
}

it('trains without synchronous device reads, to the same results as with them allowed', async () => {
  const reference = await everyRead();
  for (const name of SYNC_READS) {
    vi.spyOn(tf.Tensor.prototype, name).mockImplementation(() => {
      throw new Error(`${name}() called: synchronous reads fail on WebGPU in Node`);
    });
  }
  const patched = await everyRead();
  for (const name of SYNC_READS) expect(tf.Tensor.prototype[name]).not.toHaveBeenCalled();
  expect(patched).toEqual(reference);
  expect((patched as { result: { checkpoint?: Checkpoint } }).result.checkpoint?.step).toBe(15);
});

it('reads the device once per step and once per evaluation, plus the start and final weights', async () => {
  const model = ensemble();
  const reads = vi.spyOn(tf.Tensor.prototype, 'data');
  const result = await train(model, data, options);
  expect(result.evaluations.length).toBeGreaterThan(3);
  // the loop reads the model's starting weights once and hands the engine's final weights back once
  expect(reads).toHaveBeenCalledTimes(result.totalSteps + result.evaluations.length + 2);
  model.dispose();
});
