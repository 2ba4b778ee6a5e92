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

describe.runIf(await webgpuSuite('engine-webgpu GPU timing'))('onStepsTimed', () => {
  it('reports each submission of training steps with its GPU time, where the adapter has timestamp-query', async () => {
    const features = (await (await findGpu())?.requestAdapter())?.features;
    const { result } = await trainTwo(timed);
    if (features?.has('timestamp-query') !== true) {
      expect(timings).toEqual([]);
      return;
    }
    expect(result.evaluations.map((e) => e.step)).toEqual([10, 20]);
    // every step timed once: 20 steps in submissions of at most 8 between evaluations (8 + 2, 8 + 2)
    expect(timings.map((t) => t.steps).reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.max(...timings.map((t) => t.steps))).toBeLessThanOrEqual(8);
    for (const t of timings) expect(t.gpuMs).toBeGreaterThan(0);
  });

  it('changes nothing about training: the same weights and evaluations as without timing', async () => {
    const a = await trainTwo(timed);
    const b = await trainTwo(plain);
    expect(a.weights).toEqual(b.weights);
    expect(a.result.evaluations.map((e) => e.valLoss)).toEqual(b.result.evaluations.map((e) => e.valLoss));
  });
});
