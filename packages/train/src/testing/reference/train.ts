import { batchIndices, createRng, withPolarity } from '@negmnist/data';
import { createMlp, getWeights, setWeights } from '@negmnist/models';
import { evaluationSchema, gradientHistogramSchema } from '@negmnist/results';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors';
import { tinyData, withoutWallTime } from '../fixtures';
import type { TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the train reference tests on `engine` (see {@link describeEngine}). */
export function trainTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

  const data = tinyData();

  describe('train', () => {
    it('performs PyTorch SGD on cross-entropy of the ReLU outputs, step for step', async () => {
      // one layer, relu output: dL/dz = (softmax(relu z) - y) * [z > 0] / batch
      const model = createMlp({ layerSizes: [6, 3], seed: 5 });
      const [w0, b0] = (await getWeights(model)).map((t) => Array.from(t.data)) as [number[], number[]];
      const w = [...w0];
      const b = [...b0];
      const lr = 0.5;
      const batches = batchIndices(96, { batchSize: 8, rng: createRng(3) });
      const losses: number[] = [];
      for (const batch of batches.slice(0, 4)) {
        const gw = new Array<number>(18).fill(0);
        const gb = new Array<number>(3).fill(0);
        let loss = 0;
        for (const i of batch) {
          const x = Array.from(data.train.x.subarray(i * 6, i * 6 + 6));
          const z = [0, 1, 2].map((c) => x.reduce((a, xf, f) => a + xf * w[f * 3 + c]!, b[c]!));
          const out = z.map((v) => Math.max(0, v));
          const lse = Math.log(out.reduce((a, v) => a + Math.exp(v), 0));
          const label = data.train.labels[i]!;
          loss += lse - out[label]!;
          out.forEach((o, c) => {
            const dz = ((Math.exp(o - lse) - (c === label ? 1 : 0)) * (z[c]! > 0 ? 1 : 0)) / batch.length;
            gb[c]! += dz;
            x.forEach((xf, f) => (gw[f * 3 + c]! += xf * dz));
          });
        }
        losses.push(loss / batch.length);
        gw.forEach((g, j) => (w[j]! -= lr * g));
        gb.forEach((g, j) => (b[j]! -= lr * g));
      }
      const result = await train(model, data, { lr, batchSize: 8, seed: 3, epochs: 1, evalEvery: 2, hooks: { onBatchEnd: () => undefined } });
      const [first, second] = result.evaluations;
      expect(first!.trainLoss).toBeCloseTo((losses[0]! + losses[1]!) / 2, 5);
      expect(second!.trainLoss).toBeCloseTo((losses[2]! + losses[3]!) / 2, 5);
      const after = createMlp({ layerSizes: [6, 3] });
      setWeights(after, [
        { name: 'fc1.kernel', shape: [6, 3], data: Float32Array.from(w) },
        { name: 'fc1.bias', shape: [3], data: Float32Array.from(b) },
      ]);
      // the trainer's weights after 4 steps must equal the reference's
      const four = createMlp({ layerSizes: [6, 3], seed: 5 });
      const stop = new AbortController();
      await train(four, data, { lr, batchSize: 8, seed: 3, epochs: 1, evalEvery: 2, signal: stop.signal, hooks: { onBatchEnd: (r) => void (r.step === 4 && stop.abort()) } });
      const expected = await getWeights(after);
      (await getWeights(four)).forEach((t, i) => {
        expect(Array.from(t.data)).toEqual(Array.from(expected[i]!.data).map((v) => expect.closeTo(v, 5)));
      });
      for (const m of [model, after, four]) m.dispose();
    });

    it("evaluates on the seed's per-epoch schedule: batch counter restarts each epoch, no final evaluation", async () => {
      const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
      // 96 images in batches of 16: 6 batches per epoch; every 4 counted per epoch is batch 4 of each epoch.
      const result = await train(model, data, { batchSize: 16, epochs: 3, evalEvery: 4, evalSchedule: 'per-epoch', probeSize: 20 });
      expect(result.evaluations.map((e) => e.step)).toEqual([4, 10, 16]);
      expect(result.status).toBe('done');
      const withFinal = await train(model, data, { batchSize: 16, epochs: 3, evalEvery: 4, evalSchedule: 'per-epoch', evalFinal: true, probeSize: 20 });
      expect(withFinal.evaluations.map((e) => e.step)).toEqual([4, 10, 16, 18]);
      model.dispose();
    });

    it('evaluates every evalEvery steps and after the last, with records that match the results schema', async () => {
      const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
      const result = await train(model, data, { batchSize: 16, epochs: 3, evalEvery: 4, probeSize: 20, histogramBins: 9 });
      expect(result.evaluations.map((e) => e.step)).toEqual([4, 8, 12, 16, 18]);
      expect(result.evaluations.map((e) => e.epoch)).toEqual([4 / 6, 8 / 6, 2, 16 / 6, 3]);
      expect([result.status, result.step, result.stepsPerEpoch, result.totalSteps]).toEqual(['done', 18, 6, 18]);
      for (const e of result.evaluations) evaluationSchema.parse(e);
      // correct counts out of the 40 validation images, the integers drops are counted on
      for (const e of result.evaluations) expect([e.valCount, Number.isInteger(e.valCorrect), Math.abs(e.valAccuracy - e.valCorrect! / 40) < 1e-6]).toEqual([40, true, true]);
      for (const h of result.gradientHistograms) gradientHistogramSchema.parse(h);
      expect(result.gradientHistograms.map((h) => [h.epoch, h.step, h.layer, h.counts.length])).toEqual([
        [0, 6, 'fc1', 9],
        [1, 12, 'fc1', 9],
        [2, 18, 'fc1', 9],
      ]);
      for (const h of result.gradientHistograms) expect(h.counts.reduce((a, c) => a + c, 0)).toBe(6 * 5);
      const last = result.evaluations.at(-1)!;
      const confusion = result.confusion!;
      expect(confusion.flat().reduce((a, c) => a + c, 0)).toBe(40);
      expect(confusion.reduce((a, row, i) => a + row[i]!, 0) / 40).toBeCloseTo(last.valAccuracy, 6);
      // weight norm of the last evaluation is the norm of the final weights
      const [k1, b1] = await getWeights(model);
      const norm = Math.hypot(...k1!.data, ...b1!.data);
      expect(last.layers[0]!.weightNorm).toBeCloseTo(norm, 4);
      expect(last.layers[0]!.gradNorm).toBeGreaterThan(0);
      model.dispose();
    });

    it('learns the task (validation accuracy well above chance)', async () => {
      const model = createMlp({ layerSizes: [6, 16, 3], output: 'none', seed: 2 });
      const result = await train(model, data, { batchSize: 8, epochs: 30, lr: 0.5, evalEvery: 1000 });
      expect(result.evaluations.at(-1)!.valAccuracy).toBeGreaterThan(0.7);
      model.dispose();
    });

    it('is deterministic per seed, and the data-order seed matters', async () => {
      const run = async (seed: number): Promise<unknown> => {
        const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
        const r = await train(model, data, { batchSize: 8, epochs: 2, evalEvery: 5, seed });
        model.dispose();
        return withoutWallTime({ evaluations: r.evaluations, histograms: r.gradientHistograms, confusion: r.confusion });
      };
      const a = await run(4);
      expect(await run(4)).toEqual(a);
      expect(await run(5)).not.toEqual(a);
    });

    it('cannot invert twice: negative data asked for negative images trains on those same negative images', async () => {
      const run = async (d: typeof data, negative?: boolean): Promise<unknown> => {
        const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
        const r = await train(model, d, { batchSize: 8, epochs: 1, evalEvery: 6, ...(negative === undefined ? {} : { negative }) });
        model.dispose();
        return withoutWallTime(r.evaluations);
      };
      const negativeData = { train: withPolarity(data.train, true), validation: withPolarity(data.validation, true) };
      const negative = await run(data, true);
      expect(await run(negativeData, true)).toEqual(negative);
      expect(await run(negativeData)).toEqual(negative);
      expect(await run(data)).not.toEqual(negative);
    });

    it('measures dead units: a unit with a large negative bias is dead on every probe image', async () => {
      const model = createMlp({ layerSizes: [6, 4, 3], seed: 1 });
      const weights = await getWeights(model);
      weights[1]!.data.set([-1000, -1000], 0);
      setWeights(model, weights);
      const result = await train(model, data, { batchSize: 8, epochs: 1, lr: 0.01 });
      const fc1 = result.evaluations[0]!.layers[0]!;
      expect(fc1.deadFraction).toBeGreaterThanOrEqual(0.5);
      const sigmoid = createMlp({ layerSizes: [6, 4, 3], hidden: 'sigmoid', output: 'none', seed: 1 });
      const probes = (await train(sigmoid, data, { batchSize: 8, epochs: 1 })).evaluations[0]!;
      expect(probes.layers.map((l) => l.deadFraction)).toEqual([null, null]);
      expect(probes.layers[0]!.activationMean).toBeGreaterThan(0);
      expect(probes.layers[0]!.activationMean).toBeLessThan(1);
      model.dispose();
      sigmoid.dispose();
    });

    it('stops a diverging run with status diverged and the step, keeping what was recorded', async () => {
      const model = createMlp({ layerSizes: [6, 5, 3], seed: 1 });
      const result = await train(model, data, { batchSize: 8, epochs: 3, lr: 1e37, evalEvery: 1 });
      expect(result.status).toBe('diverged');
      expect(result.divergence).toEqual({ step: result.step, reason: expect.stringMatching(/^non-finite (training|validation) loss$/) });
      expect(result.step).toBeLessThan(36);
      expect(result.evaluations.at(-1)!.step).toBe(result.step);
      expect(result.evaluations.at(-1)!.valLoss === null || result.evaluations.at(-1)!.trainLoss === null).toBe(true);
      model.dispose();
    });

    it('rejects bad options with a ConfigError naming the option', async () => {
      const model = createMlp({ layerSizes: [6, 5, 3] });
      const cases: [Parameters<typeof train>[2], string][] = [
        [{ batchSize: 0 }, 'batchSize'],
        [{ lr: 0 }, 'lr'],
        [{ lr: -1 }, 'lr'],
        [{ epochs: 1.5 }, 'epochs'],
        [{ members: [{}, {}] }, 'members'],
      ];
      for (const [options, option] of cases) {
        await expect(train(model, data, options)).rejects.toMatchObject({ name: 'ConfigError', option });
      }
      const wide = createMlp({ layerSizes: [7, 5, 3] });
      await expect(train(wide, data)).rejects.toThrow(ConfigError);
      await expect(train(wide, data)).rejects.toThrow(/data\.train\.features.*7/);
      const fourClasses = createMlp({ layerSizes: [6, 5, 4] });
      await expect(train(fourClasses, data)).rejects.toMatchObject({ option: 'data.train.numClasses' });
      for (const m of [model, wide, fourClasses]) m.dispose();
    });
  });
}
