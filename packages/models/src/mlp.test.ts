import * as tf from '@tensorflow/tfjs';
import { createRng } from '@negmnist/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { countParameters, createMlp, seedNetwork } from './mlp';
import { getWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createMlp', () => {
  it('builds the seed Network2 with 178,110 parameters and [in, out] kernels', () => {
    const net = seedNetwork();
    expect(net.parameterCount()).toBe(178_110);
    expect(net.layers.map((l) => [l.name, l.kernel.shape, l.bias.shape])).toEqual([
      ['fc1', [784, 200], [200]],
      ['fc2', [200, 100], [100]],
      ['fc3', [100, 10], [10]],
    ]);
    expect([net.hidden, net.output, net.init]).toEqual(['relu', 'relu', 'torch']);
    net.dispose();
  });

  it('torch init draws weights and biases from U(±1/√fan_in)', async () => {
    const net = createMlp({ layerSizes: [400, 300, 10], seed: 3 });
    const [w, b] = await getWeights(net);
    const bound = 1 / Math.sqrt(400);
    for (const t of [w, b]) {
      const values = Array.from(t!.data);
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    }
    const values = Array.from(w!.data);
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.01 * bound);
    expect(variance / (bound * bound / 3)).toBeCloseTo(1, 1);
    net.dispose();
  });

  it("draws from @negmnist/data's createRng(seed) stream: fc1 kernel, fc1 bias, fc2 kernel, ...", async () => {
    const net = createMlp({ layerSizes: [3, 2, 2], seed: 11 });
    const rng = createRng(11);
    const draw = (n: number, bound: number): number[] => Array.from({ length: n }, () => Math.fround((2 * rng.nextFloat() - 1) * bound));
    const expected = [draw(6, 1 / Math.sqrt(3)), draw(2, 1 / Math.sqrt(3)), draw(4, 1 / Math.sqrt(2)), draw(2, 1 / Math.sqrt(2))];
    expect((await getWeights(net)).map((t) => Array.from(t.data))).toEqual(expected);
    net.dispose();
  });

  it('glorot and he use their bounds and zero biases', async () => {
    for (const [init, bound] of [['glorot', Math.sqrt(6 / 60)], ['he', Math.sqrt(6 / 50)]] as const) {
      const net = createMlp({ layerSizes: [50, 10], init, seed: 1 });
      const [w, b] = await getWeights(net);
      const max = Math.max(...Array.from(w!.data, Math.abs));
      expect(max).toBeLessThanOrEqual(bound);
      expect(max).toBeGreaterThan(0.9 * bound);
      expect(Array.from(b!.data).every((v) => v === 0)).toBe(true);
      net.dispose();
    }
  });

  it('is seeded: same seed same weights, other seed other weights', async () => {
    const a = createMlp({ layerSizes: [20, 5, 3], seed: 7 });
    const b = createMlp({ layerSizes: [20, 5, 3], seed: 7 });
    const c = createMlp({ layerSizes: [20, 5, 3], seed: 8 });
    expect(await getWeights(a)).toEqual(await getWeights(b));
    expect((await getWeights(a))[0]!.data).not.toEqual((await getWeights(c))[0]!.data);
    for (const m of [a, b, c]) m.dispose();
  });

  it('computes relu(x W + b) per layer, ReLU on the logits included', async () => {
    const net = createMlp({ layerSizes: [3, 4, 2], seed: 2 });
    const [w1, b1, w2, b2] = (await getWeights(net)).map((t) => Array.from(t.data)) as number[][];
    const x = [0.5, -1, 2];
    const relu = (v: number): number => Math.max(0, v);
    const h = [0, 1, 2, 3].map((j) => relu(x.reduce((a, xi, i) => a + xi * w1![i * 4 + j]!, b1![j]!)));
    const out = [0, 1].map((j) => relu(h.reduce((a, hi, i) => a + hi * w2![i * 2 + j]!, b2![j]!)));
    const [hidden, output] = net.applyLayers(tf.tensor2d([x]));
    expect(Array.from(hidden!.dataSync())).toEqual(h.map((v) => expect.closeTo(v, 5)));
    expect(Array.from(output!.dataSync())).toEqual(out.map((v) => expect.closeTo(v, 5)));
    tf.dispose([hidden!, output!]);
    net.dispose();
  });

  it('rejects bad options with a ConfigError naming the option and the allowed values', () => {
    const cases: [Parameters<typeof createMlp>[0], string, RegExp][] = [
      [{ hidden: 'swish' as never }, 'hidden', /relu, sigmoid, tanh, leakyRelu, gelu/],
      [{ output: 'softmax' as never }, 'output', /relu, sigmoid, none/],
      [{ init: 'xavier' as never }, 'init', /torch, glorot, he/],
      [{ layerSizes: [784] }, 'layerSizes', /at least 2 positive integers/],
      [{ layerSizes: [784, 0, 10] }, 'layerSizes', /positive integers/],
      [{ seed: -1 }, 'seed', /integer/],
    ];
    for (const [options, option, allowed] of cases) {
      let error: unknown;
      try {
        createMlp(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe(option);
      expect((error as ConfigError).message).toMatch(allowed);
    }
  });

  it('counts parameters from layer sizes', () => {
    expect(countParameters([784, 200, 100, 10])).toBe(178_110);
    expect(countParameters([2, 3])).toBe(9);
  });
});
