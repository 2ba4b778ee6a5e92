import { createMlp, createMlpEnsemble, getWeights, type AnyMlp } from '@negmnist/models';
import type { NamedTensor } from '@negmnist/core';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../checkpoint/checkpoint';
import { centrePixel, perturbCentreWeight } from '../../perturb';
import { tinyData, withoutWallTime } from '../fixtures';
import type { TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the interventions reference tests on `engine` (see {@link describeEngine}). */
export function interventionTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

  const data = tinyData();
  const layerSizes = [6, 5, 4, 3];
  const F32_EPS = 2 ** -23;

  /** Per variable, the weights after minus the weights before (float64 differences of float32 values). */
  function moves(before: readonly NamedTensor[], after: readonly NamedTensor[]): Map<string, Float64Array> {
    return new Map(before.map((b, i) => [b.name, Float64Array.from(b.data, (v, j) => (after[i]?.data[j] as number) - v)]));
  }

  /** Moves of every variable over the first step of a fresh model (seed 7) trained with `options`. */
  async function firstStepMoves(model: () => AnyMlp, options: Parameters<typeof train>[2]): Promise<{ before: NamedTensor[]; moved: Map<string, Float64Array> }> {
    const m = model();
    const before = await getWeights(m);
    await train(m, data, { batchSize: 8, epochs: 1, maxSteps: 1, lr: 0.5, seed: 3, ...options });
    const moved = moves(before, await getWeights(m));
    m.dispose();
    return { before, moved };
  }

  /**
   * |scaled - s * plain| against float32 rounding: each move is `round(w - r g) - w`, off from `-r g` by
   * at most half an ulp of the new weight, so the bound is an ulp of the weight (with margin).
   */
  function expectScaledMoves(scaled: Float64Array, plain: Float64Array, s: number, weights: Float32Array): void {
    let biggest = 0;
    scaled.forEach((d, j) => {
      const w = Math.abs(weights[j] as number) + Math.abs(plain[j] as number);
      expect(Math.abs(d - s * (plain[j] as number)), `entry ${j}`).toBeLessThanOrEqual(2 * F32_EPS * w + 1e-12);
      biggest = Math.max(biggest, Math.abs(plain[j] as number));
    });
    // the bound is far below the moves themselves, so the check is not vacuous
    expect(biggest).toBeGreaterThan(1e-4);
  }

  describe('fc1LrScale', () => {
    it.each([0.1, 3])('s = %s moves fc1 by s times its move at the plain rate, and fc2/fc3 exactly as before', async (s) => {
      const model = () => createMlp({ layerSizes, seed: 7 });
      const plain = await firstStepMoves(model, {});
      const scaled = await firstStepMoves(model, { fc1LrScale: s });
      for (const name of ['fc1.kernel', 'fc1.bias']) {
        const weights = plain.before.find((t) => t.name === name)?.data as Float32Array;
        expectScaledMoves(scaled.moved.get(name) as Float64Array, plain.moved.get(name) as Float64Array, s, weights);
      }
      for (const name of ['fc2.kernel', 'fc2.bias', 'fc3.kernel', 'fc3.bias']) expect(scaled.moved.get(name)).toEqual(plain.moved.get(name));
    });

    it('an ensemble trains each member at its own fc1 rate', async () => {
      // two members with the same initial weights and batches, one at fc1 lr/10
      const model = () => createMlpEnsemble([{ layerSizes, seed: 7 }, { layerSizes, seed: 7 }]);
      const { before, moved } = await firstStepMoves(model, { members: [{}, { fc1LrScale: 0.1 }] });
      for (const name of ['fc1.kernel', 'fc1.bias', 'fc2.kernel']) {
        const all = moved.get(name) as Float64Array;
        const half = all.length / 2;
        const weights = (before.find((t) => t.name === name)?.data as Float32Array).subarray(0, half);
        if (name === 'fc2.kernel') expect(all.subarray(half)).toEqual(all.subarray(0, half));
        else expectScaledMoves(all.subarray(half), all.subarray(0, half), 0.1, weights);
      }
    });

    it('rejects a scale that is not > 0', async () => {
      await expect(train(createMlp({ layerSizes, seed: 7 }), data, { fc1LrScale: 0 })).rejects.toThrow(/fc1LrScale/);
    });
  });

  describe('perturbation', () => {
    it('the centre pixel: row 14, column 14 of a 28x28 image (406), pixel 3 of a 1x6 one', () => {
      expect(centrePixel({ rows: 28, cols: 28 })).toBe(406);
      expect(centrePixel({ rows: 1, cols: 6 })).toBe(3);
      expect(centrePixel({ rows: 5, cols: 5 })).toBe(12);
    });

    it('perturbCentreWeight changes exactly fc1 kernel [centre, 0] of each perturbed member, by the given amount', async () => {
      const model = createMlpEnsemble([{ layerSizes, seed: 7 }, { layerSizes, seed: 8 }, { layerSizes, seed: 9 }]);
      const before = await getWeights(model);
      const after = perturbCentreWeight(before, 3, [1e-3, 0, -2e-3], { rows: 2, cols: 3 });
      const moved = moves(before, after);
      // kernels [K, 6, 5]: the centre of a 2x3 image is pixel 1 * 3 + 1 = 4, entry [4, 0] is 4 * 5 = 20 into a member's 30
      const changed = [...moved].flatMap(([name, d]) => Array.from(d).flatMap((v, j) => (v === 0 ? [] : [[name, j, v] as const])));
      expect(changed.map(([name, j]) => [name, j])).toEqual([
        ['fc1.kernel', 20],
        ['fc1.kernel', 2 * 30 + 20],
      ]);
      const kernel = before[0]?.data as Float32Array;
      // float32 addition: off from the delta by at most an ulp of the weight
      expect(changed[0]?.[2]).toBeCloseTo(1e-3, 8);
      expect(Math.abs((changed[0]?.[2] as number) - 1e-3)).toBeLessThanOrEqual(F32_EPS * Math.abs(kernel[20] as number) + 1e-12);
      expect(changed[1]?.[2]).toBeCloseTo(-2e-3, 8);
      model.dispose();
    });

    it('train applies it before the first step: the weights the first step sees differ in that one weight (the 1x6 images\' pixel 3)', async () => {
      const seen: NamedTensor[][] = [];
      for (const perturbation of [0, 1e-3]) {
        const model = createMlp({ layerSizes, seed: 7 });
        // the weights the engine is opened with are the ones its first step sees
        const watching: TrainEngine = { name: engine.name, open: (setup) => (seen.push([...setup.weights]), engine.open(setup)) };
        await train(model, data, { batchSize: 8, epochs: 1, maxSteps: 1, perturbation, engine: watching });
        model.dispose();
      }
      const moved = moves(seen[0] as NamedTensor[], seen[1] as NamedTensor[]);
      const nonZero = [...moved].flatMap(([name, d]) => Array.from(d).flatMap((v, j) => (v === 0 ? [] : [`${name}[${j}]`])));
      // pixel 3 to hidden unit 0 of a [6, 5] kernel: entry 3 * 5 = 15
      expect(nonZero).toEqual(['fc1.kernel[15]']);
      expect(moved.get('fc1.kernel')?.[15]).toBeCloseTo(1e-3, 8);
    });
  });

  describe('maxSteps', () => {
    const options = { batchSize: 8, epochs: 3, evalEvery: 5, seed: 2, lr: 0.3 } as const;

    it('stops after that step, mid-epoch, done, with the final evaluation at it', async () => {
      // 96 images in batches of 8: 12 steps per epoch, 36 in all; evaluations every 5 steps, then the last
      const result = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...options, maxSteps: 17 });
      expect([result.status, result.step, result.totalSteps]).toEqual(['done', 17, 17]);
      expect(result.evaluations.map((e) => e.step)).toEqual([5, 10, 15, 17]);
      expect(result.checkpoint).toBeUndefined();
    });

    it('per-epoch schedule without a final evaluation: only the scheduled points before the limit', async () => {
      const result = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...options, evalSchedule: 'per-epoch', maxSteps: 17 });
      // per epoch of 12 batches: batches 5 and 10 (steps 5, 10), then steps 17 and 22 of the next epoch
      expect(result.evaluations.map((e) => e.step)).toEqual([5, 10, 17]);
    });

    it('a limited run with fc1LrScale and perturbation, interrupted and resumed, ends as the uninterrupted one', async () => {
      const settings = { ...options, maxSteps: 20, fc1LrScale: 0.25, perturbation: 1e-3 };
      const whole = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, settings);
      const stop = new AbortController();
      // one step per call, so the abort lands at step 13 on every engine
      const partial = await train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...settings, stepsPerCall: 1, signal: stop.signal, hooks: { onBatchEnd: (r) => void (r.step === 13 && stop.abort()) } });
      expect([partial.status, partial.step]).toEqual(['interrupted', 13]);
      const checkpoint = decodeCheckpoint(encodeCheckpoint(partial.checkpoint as Checkpoint));
      const resumed = await train(createMlp({ layerSizes: [6, 5, 3], seed: 99 }), data, { ...settings, resumeFrom: checkpoint });
      expect(withoutWallTime(resumed.evaluations)).toEqual(withoutWallTime(whole.evaluations));
      expect([resumed.status, resumed.step]).toEqual(['done', 20]);
      // another fc1 rate is another run: the checkpoint refuses it
      await expect(train(createMlp({ layerSizes: [6, 5, 3], seed: 1 }), data, { ...settings, fc1LrScale: 1, resumeFrom: checkpoint })).rejects.toThrow(/setup/);
    });
  });
}
