import { loadMnist } from '@negmnist/data/node';
import { describe, expect, it } from 'vitest';
import { SEED_PRESET } from '../config/presets';
import { webgpuGate } from '../test/webgpu-gate';
import { timedMsPerStep, wgslGpuTime } from './gpu-time';

describe('timedMsPerStep', () => {
  it('skips the warm-up submissions and averages the rest per step', () => {
    const timings = [
      { gpuMs: 50, steps: 5 },
      { gpuMs: 8, steps: 4 },
      { gpuMs: 2, steps: 1 },
    ];
    expect(timedMsPerStep(timings, 5)).toBe(2);
    expect(timedMsPerStep(timings, 0)).toBe(6);
  });

  it('has no time when nothing after the warm-up was timed', () => {
    expect(timedMsPerStep([], 0)).toBeUndefined();
    expect(timedMsPerStep([{ gpuMs: 50, steps: 5 }], 5)).toBeUndefined();
  });
});

// lavapipe offers timestamp-query (Mesa 25, webgpu 0.6.2's Dawn), so the whole path runs there
const webgpu = webgpuGate('bench: GPU time of the WGSL engine');
describe.runIf(webgpu.available)('wgslGpuTime', () => {
  it('gives a GPU time per step for 3 members trained in the groups a session made (2 + 1)', async () => {
    const [train, test] = await Promise.all([loadMnist({ split: 'train' }), loadMnist({ split: 'test' })]);
    const head = (ds: typeof train, count: number) => ({ ...ds, count, images: ds.images.subarray(0, count * 784), labels: ds.labels.subarray(0, count) });
    const batches = 4;
    const configs = [0, 1, 2].map((seed) => ({ ...SEED_PRESET, layers: [784, 16, 10], dataset: 'bench', seed, epochs: 1, evalEvery: batches, probeSize: 64 }));
    const time = await wgslGpuTime({ configs, groups: [2, 1], data: { train: head(train, batches * 64), validation: head(test, 64) }, warmup: 1 });
    if ('gpuMsPerStep' in time) expect(time.gpuMsPerStep).toBeGreaterThan(0);
    else if (webgpu.lavapipe) throw new Error(time.unmeasured);
    else expect(time.unmeasured).toMatch(/ has no timestamp-query$/);
  }, 120_000);
});
