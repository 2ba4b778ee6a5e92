import { createMlp, getWeights } from '@negmnist/models';
import { describe, expect, it } from 'vitest';
import { tinyData } from '../fixtures';
import type { EngineSession, TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the sharpness-reference reference tests on `engine` (see {@link describeEngine}). */
export function sharpnessTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

  /**
   * An independent float64 reference: the mean cross-entropy of a [4, 3, 3] ReLU network (ReLU on the logits too)
   * whose ReLU units keep their pattern at `anchor`, its full Hessian by central second differences, and the
   * largest eigenvalue of that matrix.
   */
  function referenceSharpness(params: Float64Array, x: Float32Array, labels: Uint8Array, count: number): number {
    const [inputs, hidden, classes] = [4, 3, 3];
    const forward = (w: Float64Array, image: number, masks?: { h: boolean[]; o: boolean[] }) => {
      const W1 = (i: number, j: number) => w[i * hidden + j] as number;
      const b1 = (j: number) => w[inputs * hidden + j] as number;
      const o2 = inputs * hidden + hidden;
      const W2 = (i: number, j: number) => w[o2 + i * classes + j] as number;
      const b2 = (j: number) => w[o2 + hidden * classes + j] as number;
      const z1 = Array.from({ length: hidden }, (_, j) => b1(j) + Array.from({ length: inputs }, (_, i) => (x[image * inputs + i] as number) * W1(i, j)).reduce((a, b) => a + b, 0));
      const hMask = masks?.h ?? z1.map((z) => z > 0);
      const h = z1.map((z, j) => (hMask[j] ? z : 0));
      const z2 = Array.from({ length: classes }, (_, j) => b2(j) + h.reduce((a, v, i) => a + v * W2(i, j), 0));
      const oMask = masks?.o ?? z2.map((z) => z > 0);
      return { out: z2.map((z, j) => (oMask[j] ? z : 0)), masks: { h: hMask, o: oMask } };
    };
    const anchorMasks = Array.from({ length: count }, (_, n) => forward(params, n).masks);
    const loss = (w: Float64Array): number => {
      let sum = 0;
      for (let n = 0; n < count; n++) {
        const { out } = forward(w, n, anchorMasks[n]);
        const max = Math.max(...out);
        const lse = max + Math.log(out.reduce((a, z) => a + Math.exp(z - max), 0));
        sum += lse - (out[labels[n] as number] as number);
      }
      return sum / count;
    };
    const p = params.length;
    const h = 1e-4;
    const H = Array.from({ length: p }, () => new Float64Array(p));
    const at = (i: number, di: number, j: number, dj: number) => {
      const w = Float64Array.from(params);
      w[i] = (w[i] as number) + di;
      w[j] = (w[j] as number) + dj;
      return loss(w);
    };
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) {
      const value = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      (H[i] as Float64Array)[j] = value;
      (H[j] as Float64Array)[i] = value;
    }
    let v = new Float64Array(p).fill(1);
    let lambda = 0;
    for (let it = 0; it < 5000; it++) {
      const hv = H.map((row) => row.reduce((a, hij, j) => a + hij * (v[j] as number), 0));
      const next = hv.reduce((a, y, i) => a + y * (v[i] as number), 0);
      const norm = Math.sqrt(hv.reduce((a, y) => a + y * y, 0));
      v = Float64Array.from(hv, (y) => y / norm);
      if (Math.abs(next - lambda) < 1e-13 * Math.abs(next)) return next;
      lambda = next;
    }
    return lambda;
  }

  describe('sharpness probe', () => {
    it('gives λmax of the loss Hessian of a tiny ReLU network as an independent float64 Hessian does', async () => {
      const data = tinyData(4, 3);
      const model = createMlp({ layerSizes: [4, 3, 3], hidden: 'relu', output: 'relu', seed: 7 });
      const initial = await getWeights(model);
      const params = Float64Array.from(initial.flatMap((t) => Array.from(t.data)));
      const result = await train(model, data, {
        maxSteps: 2,
        epochs: 1,
        evalEvery: 1000,
        evalFinal: false,
        sharpness: { every: 2, images: data.train.count, iterations: 500, tolerance: 1e-7 },
      });
      model.dispose();
      const expected = referenceSharpness(params, data.train.x, data.train.labels, data.train.count);
      expect(expected).toBeGreaterThan(0);
      const first = result.sharpness?.[0];
      expect(first?.step).toBe(0);
      expect(Math.abs((first?.lambdaMax ?? 0) - expected) / expected).toBeLessThan(1e-3);
      // measured again after the last step, at step 2
      expect(result.sharpness?.map((p) => p.step)).toEqual([0, 2]);
    });

    it('refuses an engine without lossGradient by name', async () => {
      const data = tinyData(4, 3);
      const model = createMlp({ layerSizes: [4, 3, 3], seed: 1 });
      const without: TrainEngine = {
        name: 'no-gradient',
        open: async (setup) => {
          const session: EngineSession = await engine.open(setup);
          // the same session with lossGradient hidden (a class method would survive a delete)
          return new Proxy(session, {
            get: (target, key) => {
              if (key === 'lossGradient') return undefined;
              const value: unknown = Reflect.get(target, key, target);
              return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
            },
          });
        },
      };
      await expect(train(model, data, { maxSteps: 1, sharpness: { every: 1 }, engine: without })).rejects.toThrow(/sharpness.*lossGradient.*no-gradient/);
      model.dispose();
    });
  });
}
