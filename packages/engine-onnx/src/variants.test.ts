import * as tf from '@tensorflow/tfjs';
import { createMlp, createMlpEnsemble, type MlpOptions } from '@negmnist/models';
import { type Evaluation } from '@negmnist/results';
import { hiddenActivations, initializers, outputActivations } from '@negmnist/core';
import { train as trainOn, type TrainOptions } from '@negmnist/train';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import { beforeAll, expect, it } from 'vitest';
import { tinyData } from '@negmnist/train/testing';
import { onnxEngine } from './engine';

// tfjs unless a test names its engine
const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) => trainOn(model, data, { engine: tfjsEngine, ...options });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = tinyData();
const options = { batchSize: 8, epochs: 2, evalEvery: 4, lr: 0.3 } as const;

/** Every number of an evaluation but wall time. */
function numbers(e: Evaluation): number[] {
  const probes = e.layers.flatMap((l) => [l.deadFraction, l.gradNorm, l.weightNorm, l.activationMean, l.activationStd]);
  return [e.step, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.deadOutputFraction, ...probes].map((v) => v ?? -1);
}

// every hidden activation, every output activation and every initialiser, each at least once
const variants: MlpOptions[] = hiddenActivations.map((hidden, i) => ({
  layerSizes: [6, 5, 4, 3],
  hidden,
  output: outputActivations[i % outputActivations.length],
  init: initializers[i % initializers.length],
  seed: i,
}));

it.each(variants.map((v) => [`${v.hidden} / ${v.output} / ${v.init}`, v] as const))('%s: the same records on both engines', async (_, variant) => {
  const tfjs = await train(createMlp(variant), data, { ...options, negative: true });
  const onnx = await train(createMlp(variant), data, { ...options, negative: true, engine: onnxEngine() });
  expect(onnx.evaluations.map(numbers)).toEqual(tfjs.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 5))));
  expect(onnx.gradientHistograms.map((h) => h.counts)).toEqual(tfjs.gradientHistograms.map((h) => h.counts));
  expect(onnx.confusion).toEqual(tfjs.confusion);
});

it('an ensemble of all the variants, with per-member data orders, rates and inputs, gives the tfjs records', async () => {
  const members = variants.map((_, k) => ({ seed: k, lr: 0.1 * (k + 1), negative: k % 2 === 0 }));
  const tfjs = await train(createMlpEnsemble(variants), data, { ...options, members });
  const onnx = await train(createMlpEnsemble(variants), data, { ...options, members, engine: onnxEngine() });
  onnx.members.forEach((m, k) => {
    expect(m.evaluations.map(numbers)).toEqual(tfjs.members[k]?.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 5))));
  });
});
