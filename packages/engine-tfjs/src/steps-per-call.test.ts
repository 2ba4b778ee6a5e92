import * as tf from '@tensorflow/tfjs';
import { createMlp } from '@negmnist/models';
import { beforeAll, expect, it } from 'vitest';
import type { TrainEngine } from '@negmnist/core';
import { tfjsEngine } from './engine';
import { train } from '@negmnist/train';
import { tinyData, withoutWallTime } from '@negmnist/train/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs, plus a `steps` that does each step with `step` and logs the steps every call did. */
function loggingEngine(calls: number[][]): TrainEngine {
  return {
    name: 'tfjs',
    async open(setup) {
      const session = await tfjsEngine.open(setup);
      session.steps = async (batches, first) => {
        const done: number[] = [];
        calls.push(done);
        for (const [i, indices] of batches.entries()) {
          await session.step(indices, first + i, { gradNorms: false, fc1Grad: false });
          done.push(first + i);
          if (session.divergedAt.every((at) => at >= 0)) break;
        }
        return done.length;
      };
      return session;
    },
  };
}

const data = tinyData();
// 96 images in batches of 8: 12 steps per epoch, 36 in all
const options = { batchSize: 8, epochs: 3, evalEvery: 5, seed: 2, lr: 0.3 } as const;

it('hands an engine the plain steps between evaluations and epoch ends, never across a multiple of stepsPerCall', async () => {
  const calls: number[][] = [];
  const batches: number[] = [];
  const result = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, {
    ...options,
    stepsPerCall: 4,
    engine: loggingEngine(calls),
    hooks: { onBatchEnd: (r) => void batches.push(r.step) },
  });
  // evaluations after steps 5, 10, 15, ..., 35 and the last (36); epoch ends 12, 24, 36: steps of their own
  const evaluated = [5, 10, 15, 20, 25, 30, 35, 36];
  expect(result.evaluations.map((e) => e.step)).toEqual(evaluated);
  expect(calls).toEqual([[1, 2, 3, 4], [6, 7, 8], [9], [11], [13, 14], [16], [17, 18, 19], [21, 22, 23], [26, 27, 28], [29], [31, 32], [33, 34]]);
  const singles = Array.from({ length: 36 }, (_, i) => i + 1).filter((s) => !calls.flat().includes(s));
  expect(singles).toEqual([5, 10, 12, 15, 20, 24, 25, 30, 35, 36]);
  // hooks still see every step once, in order
  expect(batches).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
});

it('ends a call after firstCallSteps steps too, then follows stepsPerCall', async () => {
  const calls: number[][] = [];
  await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...options, maxSteps: 12, stepsPerCall: 4, firstCallSteps: 3, engine: loggingEngine(calls) });
  // 3 steps, then up to the multiple of 4 (4), then 6-8 (5 and 10 evaluated, 12 the epoch's end)
  expect(calls).toEqual([[1, 2, 3], [4], [6, 7, 8], [9], [11]]);
});

it('gives the same records with any stepsPerCall', async () => {
  const run = async (stepsPerCall: number) =>
    withoutWallTime(await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...options, stepsPerCall, engine: loggingEngine([]) }));
  const one = await run(1);
  expect(await run(4)).toEqual(one);
  expect(await run(100)).toEqual(one);
});

it('stops the run at the step where the last member diverged inside a call, and evaluates there', async () => {
  const calls: number[][] = [];
  const result = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...options, lr: 1e37, evalEvery: 100, engine: loggingEngine(calls) });
  expect(result.status).toBe('diverged');
  expect(result.divergence?.reason).toBe('non-finite training loss');
  const at = result.divergence?.step as number;
  expect(at).toBeLessThan(12);
  expect(result.step).toBe(at);
  expect(result.evaluations.at(-1)?.step).toBe(at);
  // the call that held the divergence ended there, and no other followed
  expect(calls.at(-1)?.at(-1)).toBe(at);
});
