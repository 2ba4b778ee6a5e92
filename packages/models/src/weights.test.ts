import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createMlpEnsemble } from './ensemble';
import { WeightsFormatError } from './errors';
import { createMlp } from './mlp';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { getWeights, setWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('round-trips a model through safetensors bytes into a fresh model', async () => {
  const source = createMlp({ layerSizes: [7, 5, 3], seed: 4 });
  const bytes = encodeSafetensors(await getWeights(source), { step: '12' });
  const { tensors, metadata } = decodeSafetensors(bytes);
  expect(metadata).toEqual({ step: '12' });
  expect(tensors.map((t) => t.name)).toEqual(['fc1.kernel', 'fc1.bias', 'fc2.kernel', 'fc2.bias']);
  const target = createMlp({ layerSizes: [7, 5, 3], seed: 99 });
  setWeights(target, tensors);
  expect(await getWeights(target)).toEqual(await getWeights(source));
  const x = tf.randomNormal([2, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
  expect(target.apply(x).dataSync()).toEqual(source.apply(x).dataSync());
  source.dispose();
  target.dispose();
});

it('writes the layout safetensors readers expect', () => {
  const bytes = encodeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1.5, -2]) }]);
  const view = new DataView(bytes.buffer);
  const headerLength = Number(view.getBigUint64(0, true));
  expect(headerLength % 8).toBe(0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  expect(header).toEqual({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
  expect(view.getFloat32(8 + headerLength, true)).toBe(1.5);
  expect(view.getFloat32(12 + headerLength, true)).toBe(-2);
});

it('round-trips ensemble weights', async () => {
  const ensemble = createMlpEnsemble([{ layerSizes: [3, 2], seed: 1 }, { layerSizes: [3, 2], seed: 2 }]);
  const weights = await getWeights(ensemble);
  expect(weights[0]!.shape).toEqual([2, 3, 2]);
  const other = createMlpEnsemble([{ layerSizes: [3, 2], seed: 5 }, { layerSizes: [3, 2], seed: 6 }]);
  setWeights(other, decodeSafetensors(encodeSafetensors(weights)).tensors);
  expect(await getWeights(other)).toEqual(weights);
  ensemble.dispose();
  other.dispose();
});

it('rejects missing or misshapen tensors and corrupt files with WeightsFormatError', async () => {
  const model = createMlp({ layerSizes: [3, 2] });
  const [kernel] = await getWeights(model);
  expect(() => setWeights(model, [kernel!])).toThrow(/fc1\.bias.*missing/);
  expect(() => setWeights(model, [{ ...kernel!, shape: [2, 3] }, { name: 'fc1.bias', shape: [2], data: new Float32Array(2) }])).toThrow(
    WeightsFormatError,
  );
  const bytes = encodeSafetensors(await getWeights(model));
  expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), { fileName: 'w.safetensors' })).toThrow(/w\.safetensors: tensor `fc1\.bias`/);
  expect(() => decodeSafetensors(new Uint8Array(4))).toThrow(WeightsFormatError);
  model.dispose();
});
