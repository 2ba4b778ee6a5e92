import type { FloatDataset } from '@negmnist/data';
import type { Chaos, InputNorm, Mechanism, MechanismLayer, Phase, PhaseCell, RunRecord } from '@negmnist/results';
import { classifiedCorrectly, ERRATIC_RULE, fitThreshold, isErraticCell, separationStep } from '@negmnist/results/aggregate';
import { recordsOf, runNumbers } from './evidence';
import { initialPreActivation, meanSquaredNorm } from './inputs';
import type { ChaosSettings, ExplainPlan, MechanismSettings, PhaseSettings } from './runs';

type Records = ReadonlyMap<string, RunRecord>;
type Images = Pick<FloatDataset, 'x' | 'count' | 'features'>;

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The phase diagram: per cell the run means, E||x||² from the training images, and the fitted threshold K. */
export function phaseOf(plan: ExplainPlan, settings: PhaseSettings, records: Records, train: Images): Phase {
  const inputNorms: InputNorm[] = [
    ...settings.offsets.map((offset) => ({ offset, negative: false, meanSquaredNorm: meanSquaredNorm(train, { negative: false, offset }) })),
    { offset: null, negative: true, meanSquaredNorm: meanSquaredNorm(train, { negative: true, offset: 0 }) },
  ];
  const cells = plan.phaseCells.map((planned) => {
    const runs = recordsOf(planned.runIds, records).map(runNumbers);
    const norm = inputNorms.find((n) => n.negative === planned.negative && n.offset === planned.offset)?.meanSquaredNorm ?? 0;
    const dead = runs.map((r) => r.fc1DeadFraction).filter((d): d is number => d !== null);
    const cell = {
      offset: planned.offset,
      negative: planned.negative,
      lr: planned.lr,
      meanSquaredNorm: norm,
      scale: planned.lr * norm,
      runIds: planned.runIds,
      drops: mean(runs.map((r) => r.drops as number)),
      fc1DeadFraction: dead.length === 0 ? 0 : mean(dead),
      collapseShare: mean(runs.map((r) => r.collapse as number)),
      finalAccuracy: mean(runs.map((r) => r.finalAccuracy as number)),
    };
    return { ...cell, erratic: isErraticCell(cell) };
  });
  const positive = cells.filter((c) => !c.negative);
  const negative = cells.filter((c) => c.negative);
  const fit = fitThreshold(positive);
  const threshold = fit.threshold;
  const withPrediction: PhaseCell[] = cells.map((c) => ({ ...c, predictedErratic: threshold === null ? null : c.scale >= threshold }));
  return {
    offsets: settings.offsets,
    lrs: settings.lrs,
    seeds: settings.seeds,
    inputNorms,
    cells: withPrediction,
    erraticRule: ERRATIC_RULE,
    threshold,
    correct: fit.correct,
    total: fit.total,
    negativeCorrect: threshold === null ? negative.filter((c) => c.erratic === (positive[0]?.erratic ?? false)).length : classifiedCorrectly(negative, threshold),
    negativeTotal: negative.length,
  };
}

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
export async function mechanismOf(plan: ExplainPlan, settings: MechanismSettings, records: Records, train: Images, images: number): Promise<Mechanism> {
  const polarities = [];
  for (const { polarity, runIds } of plan.mechanism) {
    const runs = recordsOf(runIds, records);
    const inits = [];
    for (const run of runs) inits.push(await initialPreActivation(run.config, train, images));
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
        inputMeanSquaredNorm: meanSquaredNorm(train, { negative: polarity === 'negative', offset: 0 }),
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
  return { steps: settings.steps, seeds: settings.seeds, images: Math.min(images, train.count), polarities };
}
