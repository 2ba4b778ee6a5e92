/**
 * Statistics of the explanation record (`negmnist explain`), on plain numbers and evaluations so they are
 * testable by hand: per-seed summaries, steps to a target accuracy, the separation step of twin runs, and
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
 * First step, among the steps both runs evaluated, where the validation losses of twin runs differ by more than
 * `threshold` (a non-finite loss on one side only counts as separated); null when they never do (censored: the
 * separation, if any, comes after the last shared evaluation).
 */
export function separationStep(
  a: readonly Pick<Evaluation, 'step' | 'valLoss'>[],
  b: readonly Pick<Evaluation, 'step' | 'valLoss'>[],
  threshold: number,
): number | null {
  const other = new Map(b.map((e) => [e.step, e.valLoss]));
  for (const evaluation of a) {
    if (!other.has(evaluation.step)) continue;
    const x = evaluation.valLoss;
    const y = other.get(evaluation.step) ?? null;
    if (x === null && y === null) continue;
    if (x === null || y === null || Math.abs(x - y) > threshold) return evaluation.step;
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
