/**
 * Statistics of the explanation record (`negmnist explain`), on plain numbers and evaluations so they are
 * testable by hand: per-seed summaries and medians, steps to a target accuracy, the separation step of twin runs, and
 * intervention effects with bootstrap intervals (the sweep's critical learning rates are in critical-lr.ts).
 */
import { validationCorrect } from './drops';
import type { Evaluation } from './schema';
import type { SeedStat } from './explanation';
import { bootstrapDifferenceCi } from './stats';
import type { UniformSource } from './stats';

/** Mean, extremes and the values themselves; throws on an empty or non-finite sample. */
export function seedStat(values: readonly number[]): SeedStat {
  if (values.length === 0 || !values.every(Number.isFinite)) {
    throw new RangeError(`seedStat: expected at least one finite value, received [${values.join(', ')}]`);
  }
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** Median of numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median of event steps where null is an event not seen within its run (censored: later than every observed
 * step, as a pair that never separated); null when the median itself is censored (or there are no values).
 */
export function censoredMedian(values: readonly (number | null)[]): number | null {
  const observed = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = values.length;
  // censored values sort last: the middle lies among the observed ones only when they reach past it
  if (n === 0 || observed.length < Math.floor(n / 2) + 1) return null;
  return n % 2 === 1 ? observed[(n - 1) / 2]! : (observed[n / 2 - 1]! + observed[n / 2]!) / 2;
}

/**
 * Step of the first evaluation whose validation accuracy is at least `target` (compared on correct counts:
 * `correct >= target * count`), or null when no evaluation reaches it.
 */
export function stepsToAccuracy(evaluations: readonly Pick<Evaluation, 'step' | 'valAccuracy' | 'valCorrect' | 'valCount'>[], target: number): number | null {
  for (const evaluation of evaluations) {
    const { correct, count } = validationCorrect(evaluation);
    if (correct >= target * count) return evaluation.step;
  }
  return null;
}

/**
 * The chaos measure's separation step, the one definition (the explanation's twin pairs, and
 * experiments/reproduce/lockstep on the built package): the first step, among the steps both runs evaluated,
 * where the validation losses of two runs differ by more than `threshold`. A non-finite loss (null, as records
 * store it, NaN or ±Infinity) on one side only counts as separated, on both sides as not; null when they never
 * separate (censored: the separation, if any, comes after the last shared evaluation).
 */
export function separationStep(
  a: readonly Pick<Evaluation, 'step' | 'valLoss'>[],
  b: readonly Pick<Evaluation, 'step' | 'valLoss'>[],
  threshold: number,
): number | null {
  const finite = (loss: number | null | undefined): loss is number => loss != null && Number.isFinite(loss);
  const other = new Map(b.map((e) => [e.step, e.valLoss]));
  for (const evaluation of a) {
    if (!other.has(evaluation.step)) continue;
    const x = evaluation.valLoss;
    const y = other.get(evaluation.step);
    if (!finite(x) && !finite(y)) continue;
    if (!finite(x) || !finite(y) || Math.abs(x - y) > threshold) return evaluation.step;
  }
  return null;
}

/** An intervention's effect on one quantity: intervention mean - baseline mean with a bootstrap interval. */
export interface EffectEstimate {
  baselineMean: number;
  interventionMean: number;
  difference: number;
  interval: [number, number];
  /** Whether the interval contains 0. */
  includesZero: boolean;
}

/** Options of {@link estimateEffect}. */
export interface EffectOptions {
  /** Uniform source in [0, 1); pass a seeded generator so records repeat. */
  random: UniformSource;
  /** Bootstrap resamples. Default 10,000. */
  rounds?: number;
}

/** Effect of an intervention across seeds: means, difference and the percentile bootstrap 95% interval (`bootstrapDifferenceCi`). */
export function estimateEffect(intervention: readonly number[], baseline: readonly number[], options: EffectOptions): EffectEstimate {
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const interval = bootstrapDifferenceCi(intervention, baseline, { random: options.random, ...(options.rounds === undefined ? {} : { rounds: options.rounds }) });
  const baselineMean = mean(baseline);
  const interventionMean = mean(intervention);
  return { baselineMean, interventionMean, difference: interventionMean - baselineMean, interval, includesZero: interval[0] <= 0 && interval[1] >= 0 };
}
