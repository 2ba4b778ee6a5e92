import * as tf from '@tensorflow/tfjs';
import { createMlpEnsemble, getWeights } from '@negmnist/models';
import { train as trainOn, type TrainOptions } from '@negmnist/train';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import type { TrainEngine } from '@negmnist/core';
import { beforeAll, expect, it } from 'vitest';
import { tinyData, withoutWallTime } from '@negmnist/train/testing';
import { onnxEngine } from './engine';

// tfjs unless a test names its engine
const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = tinyData();

/** onnx-cpu that runs every step with `step` (`loop` false) or counts its Loop calls in `calls`. */
function engine(loop: boolean, calls: { count: number }): TrainEngine {
  const onnx = onnxEngine();
  return {
    name: onnx.name,
    async open(setup) {
      const session = await onnx.open(setup);
      const steps = session.steps;
      session.steps = loop && steps !== undefined ? (batches, first) => (calls.count++, steps(batches, first)) : undefined;
      return session;
    },
  };
}

/** Records, final weights and Loop calls of one run on onnx-cpu: one session run per step (`'step'`), or Loops of at most n steps. */
async function trained(members: { seed: number; lr: number; negative?: boolean }[], mode: 'step' | number, extra: Partial<TrainOptions> = {}) {
  const model = createMlpEnsemble(members.map((m, i) => ({ layerSizes: [6, 5, 3], seed: 10 + i, ...(i === 1 ? { hidden: 'tanh' as const } : {}) })));
  const calls = { count: 0 };
  const result = await train(model, data, { batchSize: 8, epochs: 3, evalEvery: 7, members, stepsPerCall: mode === 'step' ? 1 : mode, engine: engine(mode !== 'step', calls), ...extra });
  const weights = (await getWeights(model)).map((w) => Array.from(w.data));
  model.dispose();
  return { records: withoutWallTime(result.members), weights, calls: calls.count };
}

it('the Loop over many steps gives the records and weights of one run per step, bit for bit', async () => {
  const members = [
    { seed: 2, lr: 0.3 },
    { seed: 3, lr: 0.2, negative: true },
  ];
  const perStep = await trained(members, 'step');
  const looped = await trained(members, 100);
  // 36 steps; evaluations after 7, 14, 21, 28, 35 and 36, epoch ends 12, 24, 36: 8 steps of their own, and
  // 28 in 7 Loops (1-6, 8-11, 13, 15-20, 22-23, 25-27, 29-34)
  expect([perStep.calls, looped.calls]).toEqual([0, 7]);
  expect(looped.records).toEqual(perStep.records);
  expect(looped.weights).toEqual(perStep.weights);
  const single = await trained(members, 1);
  expect(single.calls).toBe(28);
  expect([single.records, single.weights]).toEqual([perStep.records, perStep.weights]);
  // the weights moved: the comparison is not between two untrained models
  const untrained = await trained(members, 'step', { maxSteps: 1 });
  expect(looped.weights).not.toEqual(untrained.weights);
});

it('a member that diverges inside a Loop freezes at that step, as it does one step at a time', async () => {
  const members = [
    { seed: 3, lr: 1e37, negative: true },
    { seed: 2, lr: 0.3 },
  ];
  const perStep = await trained(members, 'step');
  const looped = await trained(members, 100);
  expect(looped.records.map((m) => m.status)).toEqual(['diverged', 'done']);
  // between two evaluations, so inside a Loop call
  expect((looped.records[0]?.divergence?.step ?? 0) % 7).not.toBe(0);
  expect(looped.records).toEqual(perStep.records);
  expect(looped.weights).toEqual(perStep.weights);
});

it('the run stops at the step where the last member diverged inside a Loop', async () => {
  const members = [{ seed: 3, lr: 1e37 }];
  const looped = await trained(members, 100);
  const perStep = await trained(members, 'step');
  const at = looped.records[0]?.divergence?.step;
  expect(looped.records[0]?.status).toBe('diverged');
  expect(at === undefined ? 0 : at % 7).not.toBe(0);
  expect(looped.records[0]?.evaluations.at(-1)?.step).toBe(at);
  expect([looped.records, looped.weights]).toEqual([perStep.records, perStep.weights]);
});
