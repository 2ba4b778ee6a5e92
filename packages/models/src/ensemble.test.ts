import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlpEnsemble } from './ensemble';
import { ConfigError } from './errors';
import { createMlp } from './mlp';
import type { MlpOptions } from './options';
import { getWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const members: MlpOptions[] = [
  { layerSizes: [6, 5, 3], seed: 0 },
  { layerSizes: [6, 5, 3], seed: 1, hidden: 'tanh', output: 'none' },
  { layerSizes: [6, 5, 3], seed: 2, hidden: 'gelu', init: 'he', output: 'sigmoid' },
];

describe('createMlpEnsemble', () => {
  it('stacks member k with the exact initial weights createMlp(members[k]) gives', async () => {
    const ensemble = createMlpEnsemble(members);
    expect(ensemble.layers[0]!.kernel.shape).toEqual([3, 6, 5]);
    expect(ensemble.layers[0]!.bias.shape).toEqual([3, 5]);
    const stacked = await getWeights(ensemble);
    for (const [k, options] of members.entries()) {
      const alone = createMlp(options);
      const own = await getWeights(alone);
      own.forEach((t, i) => {
        const all = stacked[i]!;
        expect(all.shape).toEqual([3, ...t.shape]);
        expect(all.data.subarray(k * t.data.length, (k + 1) * t.data.length)).toEqual(t.data);
      });
      alone.dispose();
    }
    ensemble.dispose();
  });

  it('gives each member the outputs it has alone, mixed activations included', () => {
    const ensemble = createMlpEnsemble(members);
    const x = tf.randomUniform([3, 4, 6], -1, 1, 'float32', 5) as tf.Tensor3D;
    const stacked = ensemble.apply(x);
    members.forEach((options, k) => {
      const alone = createMlp(options);
      const own = alone.apply(tf.gather(x, k) as unknown as tf.Tensor2D);
      const mine = tf.gather(stacked, k);
      expect(Array.from(mine.dataSync())).toEqual(Array.from(own.dataSync()).map((v) => expect.closeTo(v, 6)));
      alone.dispose();
    });
    ensemble.dispose();
  });

  it('rejects members of different layer sizes, naming the member', () => {
    expect(() => createMlpEnsemble([{ layerSizes: [4, 2] }, { layerSizes: [4, 3] }])).toThrow(ConfigError);
    expect(() => createMlpEnsemble([{ layerSizes: [4, 2] }, { layerSizes: [4, 3] }])).toThrow(/members\[1\]\.layerSizes/);
    expect(() => createMlpEnsemble([{}, { hidden: 'bad' as never }])).toThrow(/members\[1\]\.hidden/);
    expect(() => createMlpEnsemble([])).toThrow(ConfigError);
  });
});
