import { toFloatDataset, withPolarity } from '@negmnist/data';
import { createMlpEnsemble, getWeights } from '@negmnist/models';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, expect, it } from 'vitest';
import { networkSpec } from './network';
import { encodeModel } from './onnx-model';
import { pixelOps } from './pixels';
import { stepGraph } from './step-graph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 40 images of 6 pixels covering every byte value, 3 classes
const images = Uint8Array.from({ length: 240 }, (_, i) => (i * 67) % 256);
const source = { name: 'bytes', images, labels: Uint8Array.from({ length: 40 }, (_, i) => i % 3), count: 40, rows: 1, cols: 6, numClasses: 3 };

it("pixelOps reproduces the dataset's pixel table bit for bit, or declines", () => {
  const stats = { mean: 0.1307, std: 0.3081 };
  const datasets = [
    toFloatDataset(source),
    toFloatDataset(source, { negative: true }),
    toFloatDataset(source, { negative: true, normalize: stats }),
    toFloatDataset(source, { negative: true, offset: 0.5, normalize: stats }),
  ];
  for (const ds of datasets) {
    const ops = pixelOps(ds);
    expect(ops).toBeDefined();
    expect(ops?.length).toBe(1 + (ds.negative ? 1 : 0) + (ds.offset !== 0 ? 1 : 0) + (ds.normalize ? 2 : 0));
  }
  const unknown = { ...toFloatDataset(source), pixelValues: Float32Array.from({ length: 256 }, (_, v) => Math.fround(v / 256)) };
  expect(pixelOps(unknown)).toBeUndefined();
});

it('a step on the training bytes, converted inside the graph, equals the step on the float copies', async () => {
  const model = createMlpEnsemble([{ layerSizes: [6, 5, 3], seed: 1 }, { layerSizes: [6, 5, 3], seed: 2 }]);
  const members = [
    { seed: 1, lr: 0.3, negative: false, fc1LrScale: 1, perturbation: 0 },
    { seed: 2, lr: 0.2, negative: true, fc1LrScale: 0.5, perturbation: 0 },
  ];
  const spec = networkSpec(model, members);
  const positive = toFloatDataset(source, { offset: -0.5, normalize: { mean: 0.25, std: 0.5 } });
  const sets = spec.polarities.map((negative) => withPolarity(positive, negative));
  const weights = Object.fromEntries(
    (await getWeights(model)).map((w, i) => [`${i % 2 === 0 ? 'W' : 'b'}${Math.floor(i / 2)}`, new ort.Tensor('float32', Float32Array.from(w.data), i % 2 === 0 ? [2, ...w.shape.slice(-2)] : [2, 1, w.shape.at(-1) as number])]),
  );
  const common = {
    ...weights,
    labels: new ort.Tensor('int64', BigInt64Array.from(source.labels, (v) => BigInt(v)), [40]),
    indices: new ort.Tensor('int64', BigInt64Array.from([3, 17, 0, 39, 22, 8, 3, 30, 11, 25], (v) => BigInt(v)), [2, 5]),
    lr: new ort.Tensor('float32', Float32Array.from([0.3, 0.2]), [2]),
    fc1Lr: new ort.Tensor('float32', Float32Array.from([0.3, 0.1]), [2]),
    active: new ort.Tensor('float32', Float32Array.from([1, 1]), [2]),
    windowLoss: new ort.Tensor('float32', new Float32Array(2), [2]),
    windowCorrect: new ort.Tensor('float32', new Float32Array(2), [2]),
  };
  const ops = sets.map(pixelOps);
  expect(ops.every((o) => o !== undefined)).toBe(true);
  const run = async (pixels: boolean, feeds: Record<string, ort.Tensor>) => {
    const session = await ort.InferenceSession.create(encodeModel(stepGraph(spec, { probes: true, guard: true, ...(pixels ? { pixels: ops as NonNullable<(typeof ops)[number]>[] } : {}) })));
    const out = await session.run({ ...common, ...feeds });
    await session.release();
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, Array.from(t.data as Float32Array)]));
  };
  const floats = await run(false, Object.fromEntries(sets.map((s, i) => [`x${i}`, new ort.Tensor('float32', s.x, [40, 6])])));
  const bytes = await run(true, { pixels: new ort.Tensor('uint8', images, [40, 6]) });
  expect(spec.polarities).toEqual([false, true]);
  expect(bytes).toEqual(floats);
  expect(bytes.W0_next).not.toEqual(Array.from(weights.W0?.data as Float32Array));
});

it('has no pixel steps for per-pixel inputs or a gain (the engine then binds float copies)', async () => {
  const { prepareInputs } = await import('@negmnist/data');
  const images = { name: 't', images: Uint8Array.from([0, 51, 255, 102, 0, 0, 255, 255]), labels: Uint8Array.from([1, 2]), count: 2, rows: 2, cols: 2, numClasses: 3 };
  const split = { train: images, validation: images };
  expect(pixelOps(prepareInputs(split, { input: 'pixel-centred' }).train)).toBeUndefined();
  expect(pixelOps(prepareInputs(split, { input: 'mean-swapped' }).train)).toBeUndefined();
  expect(pixelOps(prepareInputs(split, { gain: 3 }).train)).toBeUndefined();
  expect(pixelOps(prepareInputs(split, { input: 'standardised' }).train)).toBeDefined();
});
