import { createMlp, createMlpEnsemble, getWeights, type MlpOptions } from '@negmnist/models';
import type { Evaluation } from '@negmnist/results';
import { expect, it } from 'vitest';
import type { MemberTrainOptions } from '../../options';
import { tinyData } from '../fixtures';
import type { TrainEngine } from '@negmnist/core';
import type { TrainOptions } from '../../options';
import { train as trainOn } from '../../train';

/** Registers the ensemble reference tests on `engine` (see {@link describeEngine}). */
export function ensembleTests(engine: TrainEngine): void {
  const train = (model: Parameters<typeof trainOn>[0], data: Parameters<typeof trainOn>[1], options: Partial<TrainOptions> = {}) =>
    trainOn(model, data, { engine, ...options });

  const data = tinyData();
  const common = { batchSize: 8, epochs: 2, evalEvery: 5 } as const;

  /** Every number of an evaluation, wall time left out, for close comparison. */
  function numbers(e: Evaluation): number[] {
    const probes = e.layers.flatMap((l) => [l.deadFraction, l.gradNorm, l.weightNorm, l.activationMean, l.activationStd]);
    return [e.step, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.deadOutputFraction, ...probes].map((v) => v ?? -1);
  }

  async function alone(model: MlpOptions, member: MemberTrainOptions): Promise<Awaited<ReturnType<typeof train>>> {
    const mlp = createMlp(model);
    const result = await train(mlp, data, { ...common, ...member });
    mlp.dispose();
    return result;
  }

  it('trains each member exactly as it would train alone (seeds, lrs, negative inputs, activations)', async () => {
    const models: MlpOptions[] = [
      { layerSizes: [6, 5, 3], seed: 0 },
      { layerSizes: [6, 5, 3], seed: 1, hidden: 'tanh', output: 'none' },
      { layerSizes: [6, 5, 3], seed: 2, hidden: 'leakyRelu' },
    ];
    const members: MemberTrainOptions[] = [
      { lr: 0.1, seed: 0 },
      { lr: 0.3, seed: 1, negative: true },
      { lr: 0.05, seed: 2 },
    ];
    const ensemble = createMlpEnsemble(models);
    const together = await train(ensemble, data, { ...common, members });
    expect(together.members).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      const solo = await alone(models[k]!, members[k]!);
      const mine = together.members[k]!;
      expect(mine.status).toBe('done');
      expect(mine.evaluations).toHaveLength(solo.evaluations.length);
      mine.evaluations.forEach((e, i) => {
        expect(numbers(e)).toEqual(numbers(solo.evaluations[i]!).map((v) => expect.closeTo(v, 4)));
      });
      expect(mine.confusion).toEqual(solo.confusion);
      expect(mine.gradientHistograms.map((h) => h.counts.reduce((a, c) => a + c, 0))).toEqual([30, 30]);
    }
    ensemble.dispose();
  });

  it('freezes a diverged member and lets the others train on', async () => {
    const models: MlpOptions[] = [0, 1, 2].map((seed) => ({ layerSizes: [6, 5, 3], seed }));
    const members: MemberTrainOptions[] = [{ lr: 0.1 }, { lr: 1e37 }, { lr: 0.2, seed: 4 }];
    const ensemble = createMlpEnsemble(models);
    let frozen: Float32Array | undefined;
    const together = await train(ensemble, data, {
      ...common,
      members,
      hooks: {
        async onEvalEnd(r) {
          if (r.evaluations[1] === undefined) frozen ??= (await r.checkpoint()).weights[0]!.data.slice(30, 60);
        },
      },
    });
    const bad = together.members[1]!;
    expect(bad.status).toBe('diverged');
    expect(bad.divergence?.reason).toMatch(/non-finite/);
    expect(bad.evaluations.at(-1)!.step).toBeLessThan(24);
    // its slice of fc1 has not moved since it was found diverged (the model holds the final weights)
    expect((await getWeights(ensemble))[0]!.data.slice(30, 60)).toEqual(frozen);
    for (const k of [0, 2]) {
      const solo = await alone(models[k]!, members[k]!);
      expect(together.members[k]!.status).toBe('done');
      expect(together.members[k]!.evaluations.map(numbers)).toEqual(solo.evaluations.map((e) => numbers(e).map((v) => expect.closeTo(v, 4))));
    }
    ensemble.dispose();
  });
}
