import type { TrainResult } from '@negmnist/train';
import { createMlpEnsemble, getWeights } from '@negmnist/models';
import { train } from '@negmnist/train';
import { tinyData } from '@negmnist/train/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { webgpuEngine } from './engine';
import { findGpu } from './gpu';
import { webgpuSuite } from './test-gate';
import { passMs, type StepsTiming } from './timing';

describe('passMs', () => {
  it('reads two u64 nanosecond timestamps as the milliseconds between them', () => {
    expect(passMs(new BigUint64Array([1_000_000n, 3_500_000n]).buffer)).toBe(2.5);
  });

  it('gives no time for timestamps out of order (an adapter that does not write them)', () => {
    expect(passMs(new BigUint64Array([0n, 0n]).buffer)).toBeUndefined();
    expect(passMs(new BigUint64Array([5n, 4n]).buffer)).toBeUndefined();
  });
});

const timings: StepsTiming[] = [];
const timed = webgpuEngine({ onStepsTimed: (t) => timings.push(t) });
const plain = webgpuEngine();
afterAll(async () => {
  await timed.destroy();
  await plain.destroy();
});

/** Two members, 20 steps in submissions of at most 8 (an evaluation every 10 steps). */
async function trainTwo(engine: typeof plain): Promise<{ result: TrainResult; weights: number[] }> {
  const model = createMlpEnsemble([0, 1].map((seed) => ({ layerSizes: [6, 5, 3], hidden: 'relu' as const, output: 'none' as const, init: 'torch' as const, seed })));
  const result = await train(model, tinyData(), { engine, epochs: 5, maxSteps: 20, batchSize: 16, evalEvery: 10, probeSize: 8, stepsPerCall: 8, members: [{}, {}] });
  const weights = (await getWeights(model)).flatMap((w) => Array.from(w.data));
  model.dispose();
  return { result, weights };
}

const suite = await webgpuSuite('engine-webgpu GPU timing');
const gpu = suite ? await findGpu() : undefined;
const hasTimestamps = (await gpu?.requestAdapter({ powerPreference: 'high-performance' }))?.features.has('timestamp-query') === true;

describe.runIf(suite)('onStepsTimed', () => {
  it.skipIf(!hasTimestamps)('reports each submission of training steps with its GPU time, where the adapter has timestamp-query', async () => {
    timings.length = 0;
    const { result } = await trainTwo(timed);
    expect(result.evaluations.map((e) => e.step)).toEqual([10, 20]);
    // every step timed once, in submissions of at most 8 (stepsPerCall)
    expect(timings.map((t) => t.steps).reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.max(...timings.map((t) => t.steps))).toBeLessThanOrEqual(8);
    for (const t of timings) expect(t.gpuMs).toBeGreaterThan(0);
  });

  it('is never called on a device without timestamp-query, and training goes on as without it', async () => {
    // a device asked for no features, whatever the adapter offers; the test holds `gpu` while the device
    // lives (Dawn's Node binding crashes once the GPU is collected)
    const adapter = await (gpu as GPU).requestAdapter({ powerPreference: 'high-performance' });
    const device = await (adapter as GPUAdapter).requestDevice();
    const calls: StepsTiming[] = [];
    const untimed = webgpuEngine({ device, onStepsTimed: (t) => calls.push(t) });
    try {
      expect(device.features.has('timestamp-query')).toBe(false);
      const a = await trainTwo(untimed);
      const b = await trainTwo(plain);
      expect(calls).toEqual([]);
      expect(a.weights).toEqual(b.weights);
    } finally {
      await untimed.destroy();
      device.destroy();
    }
  });

  it('changes nothing about training: the same weights and evaluations as without timing', async () => {
    const a = await trainTwo(timed);
    const b = await trainTwo(plain);
    expect(a.weights).toEqual(b.weights);
    expect(a.result.evaluations.map((e) => e.valLoss)).toEqual(b.result.evaluations.map((e) => e.valLoss));
  });
});
