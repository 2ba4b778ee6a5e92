import { createMlpEnsemble } from '@negmnist/models';
import { train } from '@negmnist/train';
import { syntheticDataset } from '@negmnist/train/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { activationBytes, maxMembers } from './capacity';
import { DeviceLimitError } from './context';
import { webgpuEngine } from './engine';
import { webgpuSuite } from './test-gate';

// lavapipe's limits (Mesa 25.0.7): 128 MiB per storage binding, 4 GiB per buffer
const LAVAPIPE = { maxStorageBufferBindingSize: 134_217_728, maxBufferSize: 4_294_967_295 };
const SEED = { layerSizes: [784, 200, 100, 10], batchSize: 64, probeSize: 1000 };

describe('maxMembers', () => {
  it('fits 50 seed networks in 128 MiB: each needs 310 units x 2 x (1000 probe + 64 batch) rows of activations, 2.64 MB', () => {
    // 134,217,728 / (4 · 310 · 2 · 1064 = 2,638,720) = 50.9; the weights alone (712,440 bytes) would allow 188
    expect(maxMembers(LAVAPIPE, SEED)).toBe(50);
  });

  it('counts the sharpness batch forward and backward: 13 with 2,048 images', () => {
    // 4 · 310 · 2 · (2048 + 2048) = 10,158,080 bytes per member
    expect(maxMembers(LAVAPIPE, { ...SEED, sharpnessImages: 2048 })).toBe(13);
  });

  it('keeps activations within the smaller of the binding, the buffer size and 1 GiB', () => {
    // 268,435,456 / 2,638,720 = 101.7
    expect(maxMembers({ maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 28 }, SEED)).toBe(101);
    // 1,073,741,824 / 2,638,720 = 406.9
    expect(maxMembers({ maxStorageBufferBindingSize: 2 ** 32 - 4, maxBufferSize: 2 ** 40 }, SEED)).toBe(406);
  });

  it('is bounded by the weights of a wide network, and 0 when one member does not fit', () => {
    // [784, 4096, 10]: 4 · (784 · 4096 + 4096 + 4096 · 10 + 10) = 13,025,320 bytes of weights; probe 100, batch 64
    expect(maxMembers(LAVAPIPE, { layerSizes: [784, 4096, 10], batchSize: 64, probeSize: 100 })).toBe(10);
    // [784, 65536, 10]: 208 MB of weights per member
    expect(maxMembers(LAVAPIPE, { layerSizes: [784, 65536, 10], batchSize: 64, probeSize: 100 })).toBe(0);
  });

  it('counts the predictions of every validation image', () => {
    // a 784-10 network, batch 1, probe 1, 1 step per call: the 4 · (6 + 5 + 10,000,000) bytes of statistics bound it (3)
    expect(maxMembers(LAVAPIPE, { layerSizes: [784, 10], batchSize: 1, probeSize: 1, stepsPerCall: 1, validationImages: 10_000_000 })).toBe(3);
  });
});

const engine = webgpuEngine();
afterAll(() => engine.destroy());

describe.runIf(await webgpuSuite('engine-webgpu capacity'))('an ensemble of maxMembers on the device', () => {
  it('trains at K = maxMembers and the engine refuses one member more', async () => {
    const limits = await engine.limits();
    // 6-8192-3 (8,195 units) with a probe of P images takes 4 · 8195 · 2 · (P + 64) bytes of activations per member:
    // the largest P whose member fits the activation budget leaves no room for a second member
    const probeSize = Math.floor(activationBytes(limits) / (4 * 8195 * 2)) - 64;
    const shape = { layerSizes: [6, 8192, 3], batchSize: 64, probeSize, validationImages: probeSize };
    expect(maxMembers(limits, shape)).toBe(1);
    const data = { train: syntheticDataset('capacity-train', 128, 6, 3, 1), validation: syntheticDataset('capacity-val', probeSize, 6, 3, 2) };
    const run = async (members: number) => {
      const model = createMlpEnsemble(Array.from({ length: members }, (_, seed) => ({ layerSizes: shape.layerSizes, seed })));
      try {
        return await train(model, data, { engine, batchSize: shape.batchSize, probeSize, maxSteps: 1, evalEvery: 1000 });
      } finally {
        model.dispose();
      }
    };
    expect((await run(1)).step).toBe(1);
    await expect(run(2)).rejects.toThrow(/2 members x .* binding limit/);
  });

  it("refuses a sharpness batch whose activations pass the budget with DeviceLimitError naming sharpness.images", async () => {
    const limits = await engine.limits();
    // 6-8192-3: the sharpness batch of n images holds n forward and n backward rows, 4 · 8195 · 2 · 2n bytes;
    // n = the rows the budget holds for one pass (forward + backward) is twice too many
    const images = Math.floor(activationBytes(limits) / (4 * 8195 * 2));
    const data = { train: syntheticDataset('sharpness-train', images, 6, 3, 1), validation: syntheticDataset('sharpness-val', 64, 6, 3, 2) };
    const model = createMlpEnsemble([{ layerSizes: [6, 8192, 3], seed: 0 }]);
    try {
      const training = train(model, data, { engine, batchSize: 64, probeSize: 64, maxSteps: 1, evalEvery: 1000, sharpness: { every: 1000, images } });
      await expect(training).rejects.toThrow(DeviceLimitError);
      await expect(training).rejects.toThrow(/^webgpu engine: 1 members x \d+ rows of activations \(\d+ bytes\) need more than the \d+-byte binding limit; lower sharpness\.images \(the probe batch\) or the members$/);
    } finally {
      model.dispose();
    }
  });
});
