import type { Chaos, Mechanism, MechanismLayer, RunRecord } from '@negmnist/results';
import type { Polarity } from '@negmnist/core';
import { separationStep } from '@negmnist/results/aggregate';
import type { LoadedData } from '../config/data';
import { recordsOf } from './evidence';
import { initialPreActivation } from './inputs';
import type { ChaosSettings, ExplainPlan, MechanismSettings } from './runs';

type Records = ReadonlyMap<string, RunRecord>;

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The chaos measure: for every twin pair, the first evaluated step where |valLoss difference| exceeds `threshold`. */
export function chaosOf(plan: ExplainPlan, settings: ChaosSettings, threshold: number, records: Records): Chaos {
  return {
    perturbation: settings.perturbation,
    maxSteps: settings.maxSteps,
    evalEvery: settings.evalEvery,
    threshold,
    seeds: settings.seeds,
    pairs: plan.chaosPairs.map((pair) => {
      const [a, b] = recordsOf(pair.runIds, records) as [RunRecord, RunRecord];
      // Only the steps within maxSteps count (a run trained past it, e.g. by a trainer without maxSteps, is cut).
      const within = (r: RunRecord) => r.evaluations.filter((e) => e.step <= settings.maxSteps);
      return { ...pair, separationStep: separationStep(within(a), within(b), threshold) };
    }),
  };
}

const meanOrNull = (xs: ReadonlyArray<number | null | undefined>): number | null => {
  const values = xs.filter((x): x is number => x !== null && x !== undefined && Number.isFinite(x));
  return values.length === 0 ? null : mean(values);
};

/**
 * Mechanism at initialisation and over the first steps, per polarity: fc1 pre-activations from the initial
 * weights and the first `images` training images, and per step the probes averaged over seeds with the
 * update-to-weight ratio lr x gradNorm / weightNorm (exact for plain SGD, which has no momentum or decay).
 */
export async function mechanismOf(plan: ExplainPlan, settings: MechanismSettings, records: Records, data: LoadedData, images: number, meanSquaredNorms: ReadonlyMap<string, number>): Promise<Mechanism> {
  const polarities = [];
  // the mechanism compares the two polarities as given; the other mechanism forms feed the mean-direction summary
  for (const { form, runIds } of plan.mechanism.filter((m) => m.form === 'positive' || m.form === 'negative')) {
    const polarity = form as Polarity;
    const runs = recordsOf(runIds, records);
    const inits = [];
    for (const run of runs) inits.push(await initialPreActivation(run.config, data, { split: 'train', images }));
    const first = runs[0] as RunRecord;
    const steps = [...new Set(runs.flatMap((r) => r.evaluations.map((e) => e.step)))].filter((s) => s <= settings.steps).sort((a, b) => a - b);
    const layerNames = first.evaluations[0]?.layers.map((l) => l.name) ?? [];
    polarities.push({
      polarity,
      runIds: runs.map((r) => r.id),
      init: {
        fc1PreActivationMean: mean(inits.map((s) => s.mean)),
        fc1PreActivationStd: mean(inits.map((s) => s.std)),
        fc1NonPositiveShare: mean(inits.map((s) => s.nonPositiveShare)),
        inputMeanSquaredNorm: meanSquaredNorms.get(form) ?? 0,
      },
      steps: steps.map((step) => ({
        step,
        layers: layerNames.map((name): MechanismLayer => {
          const probes = runs.map((r) => ({ lr: r.config.lr, probe: r.evaluations.find((e) => e.step === step)?.layers.find((l) => l.name === name) }));
          const ratio = probes.map(({ lr, probe }) => (probe?.gradNorm != null && probe.weightNorm != null && probe.weightNorm > 0 ? (lr * probe.gradNorm) / probe.weightNorm : null));
          return {
            name,
            deadFraction: meanOrNull(probes.map((p) => p.probe?.deadFraction)),
            gradNorm: meanOrNull(probes.map((p) => p.probe?.gradNorm)),
            weightNorm: meanOrNull(probes.map((p) => p.probe?.weightNorm)),
            updateRatio: meanOrNull(ratio),
            activationMean: meanOrNull(probes.map((p) => p.probe?.activationMean)),
            activationStd: meanOrNull(probes.map((p) => p.probe?.activationStd)),
          };
        }),
      })),
    });
  }
  return { steps: settings.steps, seeds: settings.seeds, images: Math.min(images, data.train.count), polarities };
}
