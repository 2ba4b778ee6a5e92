import { createRng } from '@negmnist/data';
import type { Rng } from '@negmnist/data';
import { COLLAPSE_BELOW } from './collapse';
import { EXPLANATION_KIND, EXPLANATION_VERSION, effectMetrics, sentenceTopics } from './explanation';
import { polarities, type Polarity } from '@negmnist/core';
import type { Configuration, Effect, Explanation, Phase, PhaseCell, SeedStat, Sentence } from './explanation';

/** Options of {@link syntheticExplanation}. */
export interface SyntheticExplanationOptions {
  /** Seed of the generator; equal options give equal records. Default: 0. */
  seed?: number;
  /** Intervention ids besides `baseline`, in record order. Default: `change-a`, `change-b`, `change-c`. */
  interventions?: readonly string[];
  /** Seeds per intervention and polarity. Default: 3. */
  seeds?: number;
  /** Phase offsets and learning rates; null for a record without a phase diagram. Default: offsets 0, 0.5, 1 x lr 0.01, 0.1. */
  phase?: { offsets: readonly number[]; lrs: readonly number[] } | null;
  /** Sentences per topic. Default: 3. */
  sentencesPerTopic?: number;
  /** Experiment name. Default: `synthetic`. */
  experiment?: string;
  /** Also a critical-learning-rate sweep (4 forms x 4 learning rates) and sharpness series, drawn from their own generator. Default: false. */
  sweep?: boolean;
}

const round = (value: number): number => Number(value.toPrecision(4));
const uniform = (rng: Rng, low: number, high: number): number => round(low + (high - low) * rng.nextFloat());

function stat(values: number[]): SeedStat {
  return { mean: round(values.reduce((a, b) => a + b, 0) / values.length), min: Math.min(...values), max: Math.max(...values), values };
}

/**
 * A deterministic, schema-valid explanation record. Every intervention and polarity draws its numbers from
 * one random process (accuracies, drops, dead fractions, effects and their intervals, phase cells, twin
 * separations), so the record describes no experiment; it only exercises the code that reads it.
 * Sentences are generated from the drawn numbers.
 */
export function syntheticExplanation(options: SyntheticExplanationOptions = {}): Explanation {
  const rng = createRng(options.seed ?? 0);
  const seedCount = options.seeds ?? 3;
  const seeds = Array.from({ length: seedCount }, (_, i) => i);
  const ids = ['baseline', ...(options.interventions ?? ['change-a', 'change-b', 'change-c'])];
  const interventions = ids.map((id, i) => ({
    id,
    label: i === 0 ? 'seed configuration' : `intervention ${id}`,
    description: `Synthetic intervention ${id}.`,
    change: i === 0 ? {} : { lr: uniform(rng, 0.01, 0.3) },
  }));
  const configurations: Configuration[] = ids.flatMap((id) =>
    polarities.map((polarity) => {
      const draws = (low: number, high: number) => seeds.map(() => uniform(rng, low, high));
      const finalAccuracy = draws(0.05, 0.98);
      const deadSeries = (layer: string) => ({
        layer,
        points: [100, 200, 300].map((step) => ({ step, epoch: round(step / 300), mean: uniform(rng, 0, 1), count: seedCount })),
      });
      return {
        intervention: id,
        polarity,
        label: `${id} · ${polarity}`,
        runIds: seeds.map((s) => `${id}-${polarity}-s${s}`),
        seeds,
        finalAccuracy: stat(finalAccuracy),
        bestAccuracy: stat(finalAccuracy.map((a) => round(Math.min(1, a + uniform(rng, 0, 0.05))))),
        drops: stat(seeds.map(() => Math.floor(uniform(rng, 0, 6)))),
        fc1DeadFraction: stat(draws(0, 1)),
        collapseShare: round(finalAccuracy.filter((a) => a < COLLAPSE_BELOW).length / seedCount),
        stepsTo90: seeds.map(() => (rng.nextFloat() < 0.5 ? null : Math.floor(uniform(rng, 100, 900)))),
        deadOverTime: ['fc1', 'fc2'].map(deadSeries),
        accuracyOverTime: { layer: null, points: [100, 200, 300].map((step) => ({ step, epoch: round(step / 300), mean: uniform(rng, 0, 1), count: seedCount })) },
      };
    }),
  );
  const effects: Effect[] = ids.slice(1).flatMap((intervention) =>
    polarities.flatMap((polarity) =>
      effectMetrics.map((metric) => {
        const baselineMean = uniform(rng, 0, 3);
        const interventionMean = uniform(rng, 0, 3);
        const difference = round(interventionMean - baselineMean);
        const interval: [number, number] = [round(difference - uniform(rng, 0, 1.5)), round(difference + uniform(rng, 0, 1.5))];
        return { intervention, polarity, metric, baselineMean, interventionMean, difference, interval, includesZero: interval[0] <= 0 && interval[1] >= 0, baselineSeeds: seedCount, interventionSeeds: seedCount };
      }),
    ),
  );
  const order = ids.slice(1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const phase = options.phase === null ? null : syntheticPhase(rng, options.phase ?? { offsets: [0, 0.5, 1], lrs: [0.01, 0.1] }, seedCount);
  const perTopic = options.sentencesPerTopic ?? 3;
  const sentences: Sentence[] = sentenceTopics.flatMap((topic) =>
    Array.from({ length: perTopic }, (_, i) => {
      const effect = effects[Math.floor(rng.nextFloat() * effects.length)]!;
      return {
        id: `${topic}-${i}`,
        topic,
        text: `Sentence ${i + 1} on ${topic}: ${effect.intervention} changed ${effect.metric} on ${effect.polarity} images by ${effect.difference} (95% CI ${effect.interval[0]} to ${effect.interval[1]}, ${seedCount} seeds each).`,
        seeds: seedCount,
      };
    }),
  );
  const startedAt = Date.UTC(2026, 10, 27);
  return {
    kind: EXPLANATION_KIND,
    version: EXPLANATION_VERSION,
    experiment: options.experiment ?? 'synthetic',
    question: 'A synthetic question?',
    settings: {
      seeds: seedCount, epochs: 1, phaseSeeds: phase === null ? 0 : seedCount, chaosSeeds: seedCount, mechanismSeeds: 0, collapseBelow: COLLAPSE_BELOW,
      bootstrapRounds: 1000, bootstrapSeed: 0, backend: { name: 'cpu' }, dataset: 'synthetic', trainImages: 100, validationImages: 50,
      commandLine: 'negmnist explain (synthetic)', machine: { host: 'synthetic', platform: 'linux', arch: 'x64', cpus: 1, cpuModel: 'synthetic' },
      versions: {}, startedAt: new Date(startedAt).toISOString(), finishedAt: new Date(startedAt + 60_000).toISOString(),
      wallTimeMs: 60_000, trainingWallTimeMs: 60_000, runs: configurations.length * seedCount,
    },
    interventions,
    configurations,
    effects,
    ranking: { rule: 'synthetic order', order },
    phase,
    mechanism: null,
    chaos: {
      perturbation: 1e-7, maxSteps: 500, evalEvery: 10, threshold: 0.01, seeds: seedCount,
      pairs: ids.slice(0, 2).flatMap((intervention) =>
        polarities.flatMap((polarity: Polarity) =>
          seeds.map((seed) => ({
            intervention, polarity, seed, runIds: [`chaos-${intervention}-${polarity}-s${seed}`, `chaos-${intervention}-${polarity}-s${seed}-twin`] as [string, string],
            separationStep: rng.nextFloat() < 0.3 ? null : 10 * Math.floor(uniform(rng, 1, 50)),
          })),
        ),
      ),
    },
    ...(options.sweep === true ? syntheticSweepParts(createRng((options.seed ?? 0) + 1000), seedCount) : {}),
    sentences,
  };
}

/** A sweep over four synthetic forms and their sharpness series: numbers drawn at random, rules tested on them as the record does. */
function syntheticSweepParts(rng: Rng, seedCount: number): Pick<Explanation, 'sweep' | 'sharpness'> {
  const lrs = [0.01, 0.0316, 0.1, 0.316];
  const forms = ['form-a', 'form-b', 'form-c', 'form-d'].map((id, i) => {
    const meanNormSquared = i === 0 ? 0 : uniform(rng, 10, 1000);
    const covarianceTrace = uniform(rng, 20, 600);
    return {
      id,
      label: `synthetic ${id}`,
      description: `Synthetic input form ${id}.`,
      change: {},
      geometry: { meanSquaredNorm: round(meanNormSquared + covarianceTrace), meanNormSquared, covarianceTrace, secondMomentTop: round(meanNormSquared + uniform(rng, 1, 10)) },
      initialSharpness: uniform(rng, 0.1, 5),
    };
  });
  const cells = forms.flatMap((form) =>
    lrs.map((lr) => {
      const counts = { smooth: 0, erratic: 0, collapsed: 0, diverged: 0 };
      for (let s = 0; s < seedCount; s++) counts[(['smooth', 'erratic', 'collapsed', 'diverged'] as const)[Math.floor(rng.nextFloat() * 4)]!] += 1;
      const learning = counts.smooth + counts.erratic;
      return { form: form.id, lr, runIds: Array.from({ length: seedCount }, (_, s) => `sweep-${form.id}-lr${lr}-s${s}`), outcomes: counts, erraticShare: learning === 0 ? null : round(counts.erratic / learning), drops: learning === 0 ? null : uniform(rng, 0, 4) };
    }),
  );
  const criticalLrs = forms.map((form, i) => {
    const value = uniform(rng, 0.01, 0.5);
    const censored = i === 3 ? ('above' as const) : null;
    return { form: form.id, value, censored, interval: censored === null ? ([round(value / 1.5), round(value * 1.5)] as [number, number]) : null, censoredShare: censored === null ? 0 : 1 };
  });
  const rules = (['meanSquaredNorm', 'meanNormSquared'] as const).map((scalar) => {
    const heldOut = forms.map((form, i) => {
      const observed = criticalLrs[i]!.value;
      const predicted = form.geometry[scalar] > 0 ? uniform(rng, 0.01, 0.5) : null;
      const logError = predicted === null || criticalLrs[i]!.censored !== null ? null : round(Math.abs(Math.log(predicted / observed)));
      return { form: form.id, predicted, observed, censored: criticalLrs[i]!.censored, logError, consistent: logError !== null && logError < 0.3 };
    });
    const errors = heldOut.map((h) => h.logError).filter((e): e is number => e !== null);
    return { scalar, constant: uniform(rng, 1, 50), slope: uniform(rng, -2, -0.5), heldOut, meanLogError: errors.length === 0 ? null : round(errors.reduce((a, b) => a + b, 0) / errors.length), consistent: heldOut.filter((h) => h.consistent).length };
  });
  const series = forms.slice(0, 2).map((form) => ({
    form: form.id,
    lr: 0.1,
    runIds: Array.from({ length: seedCount }, (_, s) => `sharpness-${form.id}-s${s}`),
    points: [0, 50, 100, 150].map((step) => {
      const mean = uniform(rng, 0.1, 3);
      return { step, mean, min: round(mean * 0.8), max: round(mean * 1.2), count: seedCount };
    }),
    edgeSteps: Array.from({ length: seedCount }, () => (rng.nextFloat() < 0.5 ? null : 50)),
    firstDropSteps: Array.from({ length: seedCount }, () => (rng.nextFloat() < 0.5 ? null : 100)),
    deadJumpSteps: Array.from({ length: seedCount }, () => null),
    deadFirst: Array.from({ length: seedCount }, () => uniform(rng, 0, 0.3)),
    deadLast: Array.from({ length: seedCount }, () => uniform(rng, 0, 0.9)),
  }));
  return {
    sweep: { lrs, seeds: seedCount, epochs: 1, rule: 'synthetic rule', forms, cells, criticalLrs, rules, winner: 'meanNormSquared', sensitivity: [] },
    sharpness: { steps: 150, every: 50, seeds: seedCount, method: 'synthetic', series },
  };
}

function syntheticPhase(rng: Rng, grid: { offsets: readonly number[]; lrs: readonly number[] }, seedCount: number): Phase {
  const rows = [...grid.offsets.map((offset) => ({ offset, negative: false })), { offset: null, negative: true }];
  const inputNorms = rows.map((row) => ({ ...row, meanSquaredNorm: uniform(rng, 50, 1100) }));
  const cells: PhaseCell[] = inputNorms.flatMap(({ offset, negative, meanSquaredNorm }) =>
    grid.lrs.map((lr) => {
      const drops = uniform(rng, 0, 5);
      return {
        offset, negative, lr, meanSquaredNorm, scale: round(lr * meanSquaredNorm),
        runIds: Array.from({ length: seedCount }, (_, s) => `phase-${offset ?? 'neg'}-${lr}-s${s}`),
        drops, fc1DeadFraction: uniform(rng, 0, 1), collapseShare: uniform(rng, 0, 1), finalAccuracy: uniform(rng, 0.1, 1),
        erratic: drops >= 2.5, predictedErratic: rng.nextFloat() < 0.5,
      };
    }),
  );
  const positive = cells.filter((c) => !c.negative);
  return {
    offsets: [...grid.offsets], lrs: [...grid.lrs], seeds: seedCount, inputNorms, cells,
    erraticRule: 'synthetic rule: drops >= 2.5', threshold: uniform(rng, 1, 100),
    correct: positive.filter((c) => c.erratic === c.predictedErratic).length, total: positive.length,
    negativeCorrect: cells.filter((c) => c.negative && c.erratic === c.predictedErratic).length, negativeTotal: cells.length - positive.length,
  };
}
