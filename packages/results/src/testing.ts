// Entry of `@negmnist/results/testing`: schema-valid synthetic records for tests, snapshots and demos.
// Production code never imports it (the shared eslint config forbids it outside tests).
import { createRng } from '@negmnist/data';
import type { Rng } from '@negmnist/data';
import type { Evaluation, GradientHistogram, LayerProbe, RunRecord } from './schema';
import { polarityOf, type HiddenActivation, type OutputActivation } from '@negmnist/core';
import { SCHEMA_VERSION } from './schema';

/** One synthetic configuration. It sets the record's config only: every configuration draws its numbers the same way. */
export interface SyntheticConfig {
  /** `config.negative`. */
  negative: boolean;
  /** `config.hidden`; hidden layers report a dead fraction only when this is `relu`. */
  hidden: HiddenActivation;
  /** `config.output`; the output layer reports a dead fraction only when this is `relu`. Default: `relu`. */
  output?: OutputActivation;
}

/** Options of {@link syntheticRecords}. */
export interface SyntheticRecordsOptions {
  /** Seed of the generator; equal options give equal records. Default: 0. */
  seed?: number;
  /** Configurations, in order. Default: positive · relu, negative · relu. */
  configs?: readonly SyntheticConfig[];
  /** Runs per configuration, with `config.seed` 0, 1, …. Default: 3. */
  seedsPerConfig?: number;
  /** Layer sizes, input to output. Default: [784, 200, 100, 10]. */
  layers?: readonly number[];
  /** Epochs per run. Default: 3. */
  epochs?: number;
  /** Optimiser steps per epoch. Default: 938 (60000 images, batch 64). */
  stepsPerEpoch?: number;
  /** Evaluate every this many steps, and at the end. Default: 100. */
  evalEvery?: number;
  /** Bins of the first layer's gradient histograms (odd, so that one bin is centred on zero). Default: 21. */
  histogramBins?: number;
  /** Experiment name of every record. Default: `synthetic`. */
  experiment?: string;
}

/** MNIST test-set label counts, so confusion-matrix rows have the real sizes. */
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const STARTED_AT = Date.UTC(2026, 10, 26);
/** Milliseconds per step of the synthetic clock. */
const MS_PER_STEP = 10;
/** Histogram edges span ±this (fixed across epochs, as the trainer writes them). */
const HISTOGRAM_RANGE = 0.004;

/** Five significant digits keep records and the charts drawn from them stable and readable. */
const round = (value: number): number => Number(value.toPrecision(5));
const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
const uniform = (rng: Rng, low: number, high: number): number => low + (high - low) * rng.nextFloat();
/** Standard normal draw (Box–Muller). */
const normal = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());

/**
 * Deterministic, schema-valid run records. Every run, whatever its configuration, draws its curves
 * from one random process: accuracy rises towards a per-run ceiling with noise and random drops, dead
 * fractions drift at random. The numbers describe no experiment; they only exercise the code reading them.
 */
export function syntheticRecords(options: SyntheticRecordsOptions = {}): RunRecord[] {
  const {
    seed = 0,
    configs = [
      { negative: false, hidden: 'relu' },
      { negative: true, hidden: 'relu' },
    ],
    seedsPerConfig = 3,
    layers = [784, 200, 100, 10],
    epochs = 3,
    stepsPerEpoch = 938,
    evalEvery = 100,
    histogramBins = 21,
    experiment = 'synthetic',
  } = options;
  const totalSteps = epochs * stepsPerEpoch;
  const steps = Array.from({ length: Math.ceil(totalSteps / evalEvery) }, (_, i) => Math.min((i + 1) * evalEvery, totalSteps));
  return configs.flatMap((config, configIndex) =>
    Array.from({ length: seedsPerConfig }, (_, runSeed) => {
      const rng = createRng(seed * 1_000_003 + configIndex * 1009 + runSeed);
      const output = config.output ?? 'relu';
      const polarity = polarityOf(config.negative);
      const relu = layers.slice(1).map((_, l) => (l === layers.length - 2 ? output : config.hidden) === 'relu');
      const evaluations = simulateEvaluations(layers, relu, steps, stepsPerEpoch, rng);
      const wallTimeMs = evaluations.at(-1)?.wallTimeMs ?? 0;
      return {
        schemaVersion: SCHEMA_VERSION,
        id: `${polarity.slice(0, 3)}-${config.hidden}-${output}-s${runSeed}`,
        experiment,
        label: `${polarity} · ${config.hidden}`,
        config: {
          dataset: 'synthetic',
          negative: config.negative,
          layers: [...layers],
          hidden: config.hidden,
          output,
          init: 'torch',
          lr: 0.1,
          batchSize: 64,
          epochs,
          evalEvery,
          seed: runSeed,
          probeSize: 1000,
        },
        status: 'done',
        backend: { name: 'cpu' },
        versions: { '@negmnist/results': 'synthetic' },
        startedAt: new Date(STARTED_AT).toISOString(),
        updatedAt: new Date(STARTED_AT + wallTimeMs).toISOString(),
        wallTimeMs,
        stepsPerEpoch,
        totalSteps,
        step: totalSteps,
        evaluations,
        gradientHistograms: simulateHistograms(layers, epochs, stepsPerEpoch, histogramBins, evaluations, rng),
        confusion: simulateConfusion(evaluations.at(-1)?.valAccuracy ?? 0.1, rng),
      } satisfies RunRecord;
    }),
  );
}

function simulateEvaluations(layers: readonly number[], relu: readonly boolean[], steps: number[], stepsPerEpoch: number, rng: Rng): Evaluation[] {
  const ceiling = uniform(rng, 0.5, 0.98);
  const speed = uniform(rng, 150, 900);
  const dropChance = uniform(rng, 0, 0.2);
  const deadEnd = layers.slice(1).map(() => uniform(rng, 0, 0.8));
  let setback = 0; // a random drop, recovered over a few evaluations
  let wallTimeMs = 0;
  return steps.map((step, index) => {
    const progress = 1 - Math.exp(-step / speed);
    setback = rng.nextFloat() < dropChance ? uniform(rng, 0.06, 0.4) : setback * 0.5;
    const valAccuracy = clamp(0.1 + (ceiling - 0.1) * progress - setback + 0.004 * normal(rng), 0.05, 0.995);
    const valLoss = Math.max(0.02, 2.3 * (1 - progress) + 1.6 * (1 - ceiling) + 2.5 * setback + 0.01 * normal(rng));
    const probes: LayerProbe[] = layers.slice(1).map((units, l) => {
      const dead = clamp(deadEnd[l]! * progress + 0.01 * normal(rng), 0, 1);
      return {
        name: `fc${l + 1}`,
        deadFraction: relu[l] ? round(dead) : null,
        gradNorm: round(Math.abs(0.35 * (1 - 0.5 * progress + 2 * setback) * Math.sqrt(units / 100) * (1 + 0.15 * normal(rng)))),
        weightNorm: round(Math.sqrt(units / 3) * (1 + 0.15 * progress) + 0.01 * normal(rng)),
        activationMean: round(0.4 * (1 - dead) + 0.02 * normal(rng)),
        activationStd: round(Math.abs(0.6 * (1 - dead) + 0.02 * normal(rng))),
      };
    });
    const deadOutput = round(clamp(0.6 * setback + 0.01 * normal(rng), 0, 1)); // drawn for every run, so configs never shift the stream
    wallTimeMs += Math.round((step - (steps[index - 1] ?? 0)) * MS_PER_STEP * (1 + 0.05 * rng.nextFloat()));
    return {
      step,
      epoch: round(step / stepsPerEpoch),
      trainLoss: round(Math.max(0.02, valLoss * uniform(rng, 0.95, 1.05))),
      trainAccuracy: round(clamp(valAccuracy - 0.01 + 0.01 * normal(rng), 0.05, 1)),
      valLoss: round(valLoss),
      valAccuracy: Math.round(valAccuracy * 10_000) / 10_000, // k / 10000 correct images
      valCorrect: Math.round(valAccuracy * 10_000),
      valCount: 10_000,
      layers: probes,
      deadOutputFraction: relu.at(-1) ? deadOutput : 0,
      wallTimeMs,
    };
  });
}

/** Integer counts proportional to `weights` that sum exactly to `total` (largest remainders win). */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((weight) => (weight / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k += 1) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

/** First-layer gradient histograms at each epoch's last step: a bell of random width, its weight in each bin. */
function simulateHistograms(layers: readonly number[], epochs: number, stepsPerEpoch: number, bins: number, evaluations: readonly Evaluation[], rng: Rng): GradientHistogram[] {
  const weights = layers[0]! * layers[1]!;
  const binEdges = Array.from({ length: bins + 1 }, (_, i) => round(-HISTOGRAM_RANGE + (2 * HISTOGRAM_RANGE * i) / bins));
  const centres = binEdges.slice(0, -1).map((low, i) => (low + binEdges[i + 1]!) / 2);
  return Array.from({ length: epochs }, (_, epoch) => {
    const step = (epoch + 1) * stepsPerEpoch;
    const gradNorm = (evaluations.find((evaluation) => evaluation.step >= step) ?? evaluations.at(-1))?.layers[0]?.gradNorm ?? 0.1;
    const sd = Math.max(1e-5, gradNorm / Math.sqrt(weights));
    const mass = centres.map((centre) => Math.exp(-0.5 * (centre / sd) ** 2) * uniform(rng, 0.9, 1.1) + 1e-9);
    return { epoch, step, layer: 'fc1', binEdges, counts: apportion(mass, weights) };
  });
}

function simulateConfusion(accuracy: number, rng: Rng): number[][] {
  return TEST_COUNTS.map((count, label) => {
    const correct = Math.round(count * clamp(accuracy + 0.02 * normal(rng), 0, 1));
    const row = apportion(TEST_COUNTS.map((_, predicted) => (predicted === label ? 0 : 0.2 + rng.nextFloat() ** 3)), count - correct);
    row[label] = correct;
    return row;
  });
}

export { syntheticExplanation } from './testing-explanation';
export type { SyntheticExplanationOptions } from './testing-explanation';
