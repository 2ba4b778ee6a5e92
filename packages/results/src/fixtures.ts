import type { Evaluation, GradientHistogram, HiddenActivation, LayerProbe, RunRecord } from './schema';
import { SCHEMA_VERSION } from './schema';

/** One synthetic configuration: the image polarity and the hidden activation (the output keeps the seed's ReLU). */
export interface SyntheticConfig {
  /** Negative images: erratic validation accuracy, fc1 ReLUs dying to ~70% (ReLU only). */
  negative: boolean;
  /** Hidden activation; `relu` layers report dead fractions, others report null. */
  hidden: HiddenActivation;
}

/** Options of {@link syntheticRecords}. */
export interface SyntheticRecordsOptions {
  /** Seed of the generator; equal options give equal records. Default: 0. */
  seed?: number;
  /** Configurations, in order. Default: positive · relu, negative · relu. */
  configs?: readonly SyntheticConfig[];
  /** Runs per configuration, with `config.seed` 0, 1, …. Default: 3. */
  seedsPerConfig?: number;
  /** Epochs per run. Default: 3. */
  epochs?: number;
  /** Optimiser steps per epoch. Default: 938 (60000 images, batch 64). */
  stepsPerEpoch?: number;
  /** Evaluate every this many steps, and at the end. Default: 100. */
  evalEvery?: number;
  /** Bins of the fc1 gradient histograms (odd, so that one bin is centred on zero). Default: 21. */
  histogramBins?: number;
  /** Experiment name of every record. Default: `synthetic`. */
  experiment?: string;
}

const LAYERS = [784, 200, 100, 10];
/** MNIST test-set label counts, so confusion-matrix rows have the real sizes. */
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const STARTED_AT = Date.UTC(2026, 10, 26);
/** Milliseconds per step of the synthetic clock (the wasm backend's measured ~9.5 ms). */
const MS_PER_STEP = 9.5;

/** mulberry32: small, documented, deterministic; returns floats in [0, 1). */
function createGenerator(seed: number): { uniform: () => number; normal: () => number } {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Five significant digits keep records and the charts drawn from them stable and readable. */
const round = (value: number): number => Number(value.toPrecision(5));
const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * Deterministic, schema-valid run records that look like the seed's runs: positive runs learn
 * smoothly; negative ReLU runs are erratic (sudden validation drops) while fc1 units die.
 */
export function syntheticRecords(options: SyntheticRecordsOptions = {}): RunRecord[] {
  const {
    seed = 0,
    configs = [
      { negative: false, hidden: 'relu' },
      { negative: true, hidden: 'relu' },
    ],
    seedsPerConfig = 3,
    epochs = 3,
    stepsPerEpoch = 938,
    evalEvery = 100,
    histogramBins = 21,
    experiment = 'synthetic',
  } = options;
  return configs.flatMap((config, configIndex) =>
    Array.from({ length: seedsPerConfig }, (_, runSeed) => {
      const rng = createGenerator(seed * 7919 + configIndex * 104_729 + runSeed * 15_485_863 + 1);
      const totalSteps = epochs * stepsPerEpoch;
      const steps = Array.from({ length: Math.ceil(totalSteps / evalEvery) }, (_, i) => Math.min((i + 1) * evalEvery, totalSteps));
      const polarity = config.negative ? 'negative' : 'positive';
      const evaluations = simulateEvaluations(config, steps, stepsPerEpoch, rng);
      const wallTimeMs = evaluations.at(-1)?.wallTimeMs ?? 0;
      const record: RunRecord = {
        schemaVersion: SCHEMA_VERSION,
        id: `${polarity.slice(0, 3)}-${config.hidden}-relu-s${runSeed}`,
        experiment,
        label: `${polarity} · ${config.hidden}`,
        config: {
          dataset: 'mnist',
          negative: config.negative,
          layers: LAYERS,
          hidden: config.hidden,
          output: 'relu',
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
        gradientHistograms: simulateHistograms(config, epochs, stepsPerEpoch, histogramBins, evaluations, rng),
        confusion: simulateConfusion(evaluations.at(-1)?.valAccuracy ?? 0.1, rng),
      };
      return record;
    }),
  );
}

type Generator = ReturnType<typeof createGenerator>;

function simulateEvaluations(config: SyntheticConfig, steps: number[], stepsPerEpoch: number, rng: Generator): Evaluation[] {
  const erratic = config.negative && config.hidden === 'relu';
  const relu = config.hidden === 'relu';
  const speed = relu ? 250 : 900; // sigmoid nets learn more slowly at lr 0.1
  const ceiling = erratic ? 0.86 + 0.04 * rng.uniform() : relu ? 0.978 : 0.93;
  const deadEnd = erratic ? 0.62 + 0.15 * rng.uniform() : 0.06 + 0.04 * rng.uniform();
  let setback = 0; // erratic runs lose accuracy in sudden drops and recover over a few evaluations
  let wallTimeMs = 0;
  return steps.map((step, index) => {
    const progress = 1 - Math.exp(-step / speed);
    if (erratic && rng.uniform() < 0.22) setback = Math.max(setback, 0.08 + 0.35 * rng.uniform());
    else setback *= 0.45;
    const valAccuracy = clamp(0.1 + (ceiling - 0.1) * progress - setback + 0.004 * rng.normal(), 0.05, 0.995);
    const trainAccuracy = clamp(valAccuracy - 0.01 + 0.01 * rng.normal(), 0.05, 1);
    const valLoss = Math.max(0.02, 2.3 * (1 - progress) + (1 - ceiling) * 1.6 + 2.5 * setback + 0.01 * rng.normal());
    const trainLoss = Math.max(0.02, valLoss * (0.95 + 0.1 * rng.uniform()));
    const dead = deadEnd * (erratic ? 1 / (1 + Math.exp(-(step - 900) / 250)) : progress);
    const layers: LayerProbe[] = LAYERS.slice(1).map((units, layer) => {
      const isHidden = layer < LAYERS.length - 2;
      const reluHere = !isHidden || relu; // the output layer keeps the seed's ReLU
      const layerDead = layer === 0 ? dead : dead * (0.3 + 0.1 * layer);
      const gradScale = (erratic ? 0.6 + 2.5 * setback : 0.35) * (1 - 0.5 * progress) * (1 + 0.15 * rng.normal());
      return {
        name: `fc${layer + 1}`,
        deadFraction: reluHere ? round(clamp(layerDead + 0.01 * rng.normal(), 0, 1)) : null,
        gradNorm: round(Math.abs(gradScale * Math.sqrt(units / 100))),
        weightNorm: round(Math.sqrt(units / 3) * (1 + 0.15 * progress) + 0.01 * rng.normal()),
        activationMean: round(reluHere ? 0.4 * (1 - layerDead) + 0.02 * rng.normal() : 0.5 + 0.02 * rng.normal()),
        activationStd: round(Math.abs(0.6 * (1 - layerDead) + 0.02 * rng.normal())),
      };
    });
    const previousStep = steps[index - 1] ?? 0;
    wallTimeMs += Math.round((step - previousStep) * MS_PER_STEP * (1 + 0.05 * rng.uniform()));
    return {
      step,
      epoch: round(step / stepsPerEpoch),
      trainLoss: round(trainLoss),
      trainAccuracy: round(trainAccuracy),
      valLoss: round(valLoss),
      valAccuracy: Math.round(valAccuracy * 10_000) / 10_000, // k / 10000 correct images
      valCorrect: Math.round(valAccuracy * 10_000),
      valCount: 10_000,
      layers,
      deadOutputFraction: erratic ? round(clamp(0.02 + 0.6 * setback + 0.01 * rng.normal(), 0, 1)) : 0,
      wallTimeMs,
    };
  });
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
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

function simulateHistograms(
  config: SyntheticConfig,
  epochs: number,
  stepsPerEpoch: number,
  bins: number,
  evaluations: readonly Evaluation[],
  rng: Generator,
): GradientHistogram[] {
  const weights = LAYERS[0]! * LAYERS[1]!;
  const range = 0.004; // fixed edges across epochs, as the seed's histograms
  const binEdges = Array.from({ length: bins + 1 }, (_, i) => round(-range + (2 * range * i) / bins));
  return Array.from({ length: epochs }, (_, epoch) => {
    const step = (epoch + 1) * stepsPerEpoch;
    const at = evaluations.find((evaluation) => evaluation.step >= step) ?? evaluations.at(-1);
    const fc1 = at?.layers[0];
    const dead = config.hidden === 'relu' ? (fc1?.deadFraction ?? 0) : 0;
    const live = Math.max(1, Math.round(weights * (1 - dead)));
    const sd = Math.max(1e-5, (fc1?.gradNorm ?? 0.1) / Math.sqrt(live));
    const mass = binEdges.slice(0, -1).map((low, i) => {
      const lowCdf = i === 0 ? 0 : normalCdf(low / sd); // end bins take the clamped tails
      const highCdf = i === bins - 1 ? 1 : normalCdf(binEdges[i + 1]! / sd);
      return Math.max(0, (highCdf - lowCdf) * (1 + 0.05 * rng.normal()));
    });
    const counts = apportion(mass, live);
    counts[Math.floor(bins / 2)]! += weights - live; // dead units' weights get exactly zero gradient
    return { epoch, step, layer: 'fc1', binEdges, counts };
  });
}

function simulateConfusion(accuracy: number, rng: Generator): number[][] {
  return TEST_COUNTS.map((count, label) => {
    const correct = Math.round(count * clamp(accuracy + 0.02 * rng.normal(), 0, 1));
    const wrongWeights = TEST_COUNTS.map((_, predicted) => (predicted === label ? 0 : 0.2 + rng.uniform() ** 3));
    const row = apportion(wrongWeights, count - correct);
    row[label] = correct;
    return row;
  });
}
