import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createMlpEnsemble } from './ensemble';
import { WeightsFormatError } from './errors';
import { createMlp } from './mlp';
import { getWeights, setWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('copies weights into a fresh model, which then computes the same outputs', async () => {
  const source = createMlp({ layerSizes: [7, 5, 3], seed: 4 });
  const weights = await getWeights(source);
  expect(weights.map((t) => t.name)).toEqual(['fc1.kernel', 'fc1.bias', 'fc2.kernel', 'fc2.bias']);
  const target = createMlp({ layerSizes: [7, 5, 3], seed: 99 });
  setWeights(target, weights);
  expect(await getWeights(target)).toEqual(weights);
  const x = tf.randomNormal([2, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
  expect(target.apply(x).dataSync()).toEqual(source.apply(x).dataSync());
  source.dispose();
  target.dispose();
});

it('round-trips ensemble weights', async () => {
  const ensemble = createMlpEnsemble([{ layerSizes: [3, 2], seed: 1 }, { layerSizes: [3, 2], seed: 2 }]);
  const weights = await getWeights(ensemble);
  expect(weights[0]!.shape).toEqual([2, 3, 2]);
  const other = createMlpEnsemble([{ layerSizes: [3, 2], seed: 5 }, { layerSizes: [3, 2], seed: 6 }]);
  setWeights(other, weights);
  expect(await getWeights(other)).toEqual(weights);
  ensemble.dispose();
  other.dispose();
});

it('rejects missing or misshapen tensors with WeightsFormatError', async () => {
  const model = createMlp({ layerSizes: [3, 2] });
  const [kernel] = await getWeights(model);
  expect(() => setWeights(model, [kernel!])).toThrow(/fc1\.bias.*missing/);
  expect(() => setWeights(model, [{ ...kernel!, shape: [2, 3] }, { name: 'fc1.bias', shape: [2], data: new Float32Array(2) }])).toThrow(
    WeightsFormatError,
  );
  model.dispose();
});
