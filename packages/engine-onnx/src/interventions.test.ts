import * as tf from '@tensorflow/tfjs';
import { prepareInputs } from '@negmnist/data';
import { createMlp, createMlpEnsemble, getWeights, type MlpOptions } from '@negmnist/models';
import type { Evaluation } from '@negmnist/results';
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

// the tiny data's images, offset by 0.25 and standardised with their training statistics
const tiny = tinyData();
const images = { train: tiny.train.source, validation: tiny.validation.source };
const options: Partial<TrainOptions> = { batchSize: 8, epochs: 2, maxSteps: 20, evalEvery: 4, lr: 0.1, fc1LrScale: 0.1 };

/** Every number of an evaluation but wall time. */
function numbers(e: Evaluation): number[] {
  const probes = e.layers.flatMap((l) => [l.deadFraction, l.gradNorm, l.weightNorm, l.activationMean, l.activationStd]);
  return [e.step, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.deadOutputFraction, ...probes].map((v) => v ?? -1);
}

it.each([false, true])('offset + standardised inputs (negative %s) with fc1 at lr/10: the same records and weights on both engines', async (negative) => {
  const data = prepareInputs(images, { negative, offset: 0.25, input: 'standardised' });
  const variant: MlpOptions = { layerSizes: [6, 5, 4, 3], seed: 3 };
  const tfjsModel = createMlp(variant);
  const onnxModel = createMlp(variant);
  const tfjs = await train(tfjsModel, data, options);
  const onnx = await train(onnxModel, data, { ...options, engine: onnxEngine() });
  expect(onnx.evaluations.map((e) => e.step)).toEqual([4, 8, 12, 16, 20]);
  expect(onnx.evaluations.map(numbers)).toEqual(tfjs.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 5))));
  const [a, b] = [await getWeights(tfjsModel), await getWeights(onnxModel)];
  a.forEach((t, i) => expect(Array.from(b[i]?.data ?? [])).toEqual(Array.from(t.data, (v) => expect.closeTo(v, 5))));
});

it('an ensemble whose members differ in polarity, fc1 rate and perturbation, on standardised inputs, gives the tfjs records', async () => {
  const data = prepareInputs(images, { offset: 0.25, input: 'standardised' });
  const variants: MlpOptions[] = [0, 1, 2].map((seed) => ({ layerSizes: [6, 5, 4, 3], seed }));
  const members = [{ fc1LrScale: 0.1 }, { negative: true, fc1LrScale: 2 }, { negative: true, perturbation: 1e-3 }];
  const tfjs = await train(createMlpEnsemble(variants), data, { ...options, members });
  const onnx = await train(createMlpEnsemble(variants), data, { ...options, members, engine: onnxEngine() });
  onnx.members.forEach((m, k) => {
    expect(m.evaluations.map(numbers)).toEqual(tfjs.members[k]?.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 5))));
  });
});
