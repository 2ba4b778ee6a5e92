import { toFloatDataset, type ImageDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import type { TrainData } from '@negmnist/core';
import { onnxEngine } from '@negmnist/engine-onnx';
import { seedNetwork } from '@negmnist/models';
import { train, type TrainOptions } from '@negmnist/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webgpuEngine } from './engine';
import { webgpuSuite } from './test-gate';

/** The first `count` images of a dataset. */
function head(ds: ImageDataset, count: number): ImageDataset {
  return { ...ds, count, images: ds.images.subarray(0, count * ds.rows * ds.cols), labels: ds.labels.subarray(0, count) };
}

const engine = webgpuEngine();
afterAll(() => engine.destroy());

let data: TrainData;
beforeAll(async () => {
  // real MNIST, small: 2,000 training images (31 batches of 64 per epoch), 1,000 validation images
  data = { train: toFloatDataset(head(await loadMnist({ split: 'train' }), 2000)), validation: toFloatDataset(head(await loadMnist({ split: 'test' }), 1000)) };
});

/** Validation losses every 10 steps of the seed network (seed 0) trained by `on` for `steps` steps. */
async function valLosses(on: TrainOptions['engine'], negative: boolean, steps: number): Promise<number[]> {
  const result = await train(seedNetwork({ seed: 0 }), data, { engine: on, negative, epochs: 10, maxSteps: steps, batchSize: 64, evalEvery: 10, probeSize: 100 });
  return result.evaluations.map((e) => e.valLoss as number);
}

// Both engines in float32 from the same weights and batches. Negative images amplify rounding
// differences (chaos: two float32 implementations part after tens to hundreds of steps, see
// experiments/reproduce/lockstep/chaos.md), positive images do not.
describe.runIf(await webgpuSuite('engine-webgpu lockstep with onnx-cpu'))('WebGPU and ONNX Runtime (cpu) in lockstep on the seed network, real MNIST', () => {
  it('positive images: validation losses within 1e-5 at every evaluation of 100 steps', async () => {
    const onnx = await valLosses(onnxEngine(), false, 100);
    const gpu = await valLosses(engine, false, 100);
    expect(gpu).toHaveLength(10);
    gpu.forEach((loss, i) => expect(Math.abs(loss - (onnx[i] as number)), `valLoss at step ${10 * (i + 1)}`).toBeLessThan(1e-5));
  }, 600_000);

  it('negative images: validation losses within 1e-5 for the first 50 steps (before the chaos separation)', async () => {
    const onnx = await valLosses(onnxEngine(), true, 50);
    const gpu = await valLosses(engine, true, 50);
    expect(gpu).toHaveLength(5);
    gpu.forEach((loss, i) => expect(Math.abs(loss - (onnx[i] as number)), `valLoss at step ${10 * (i + 1)}`).toBeLessThan(1e-5));
  }, 600_000);
});
