/**
 * Two-sample statistics across seeds: a permutation test and a bootstrap confidence interval of the
 * difference of means. Randomness is injected (`random`, a uniform double in [0, 1), e.g.
 * `() => rng.nextFloat()` with `rng = createRng(seed)` from @negmnist/data) so results repeat and this package stays PRNG-free.
 */

/** A uniform double in [0, 1). */
export type UniformSource = () => number;

/** Options of {@link permutationTest}, {@link bootstrapDifferenceCi} and {@link compareSamples}. */
export interface ResamplingOptions {
  /** Uniform source in [0, 1); pass a seeded generator. */
  random: UniformSource;
  /** Resamples (integer >= 1). Default 10,000. */
  rounds?: number;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  level?: number;
}

/** Means of two samples, their difference with a bootstrap interval, and a permutation p-value. */
export interface SampleComparison {
  meanA: number;
  meanB: number;
  /** meanA - meanB. */
  difference: number;
  /** Percentile bootstrap interval of `difference` at `level`. */
  interval: [number, number];
  /** Two-sided permutation p-value of `difference` (with the +1 correction, never 0). */
  p: number;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function check(a: readonly number[], b: readonly number[], rounds: number): void {
  if (a.length === 0 || b.length === 0) throw new RangeError(`samples: expected at least one value each, received ${a.length} and ${b.length}`);
  if (![...a, ...b].every(Number.isFinite)) throw new RangeError('samples: expected finite numbers, received a non-finite value');
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds: expected an integer >= 1, received ${rounds}`);
}

function below(random: UniformSource, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/**
 * Two-sided permutation test of the difference of means: the share of random relabellings of the pooled
 * values whose |difference| is at least the observed one, as (hits + 1) / (rounds + 1).
 */
export function permutationTest(a: readonly number[], b: readonly number[], options: ResamplingOptions): number {
  const rounds = options.rounds ?? 10_000;
  check(a, b, rounds);
  const pooled = [...a, ...b];
  const observed = Math.abs(mean(a) - mean(b));
  const total = pooled.reduce((s, x) => s + x, 0);
  // Relative tolerance: a relabelling that reproduces the observed split must count despite rounding.
  const tolerance = 1e-12 * Math.max(1, ...pooled.map(Math.abs));
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = pooled.length - 1; i > 0; i--) {
      const j = below(options.random, i + 1);
      [pooled[i], pooled[j]] = [pooled[j] as number, pooled[i] as number];
    }
    let sumA = 0;
    for (let i = 0; i < a.length; i++) sumA += pooled[i] as number;
    const difference = Math.abs(sumA / a.length - (total - sumA) / b.length);
    if (difference >= observed - tolerance) hits++;
  }
  return (hits + 1) / (rounds + 1);
}

/** Percentile bootstrap interval of mean(a) - mean(b), resampling each sample with replacement. */
export function bootstrapDifferenceCi(a: readonly number[], b: readonly number[], options: ResamplingOptions): [number, number] {
  const rounds = options.rounds ?? 10_000;
  const level = options.level ?? 0.95;
  check(a, b, rounds);
  if (!(level > 0 && level < 1)) throw new RangeError(`level: expected a number in (0, 1), received ${level}`);
  const resampledMean = (xs: readonly number[]): number => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[below(options.random, xs.length)] as number;
    return s / xs.length;
  };
  const differences = Float64Array.from({ length: rounds }, () => resampledMean(a) - resampledMean(b)).sort();
  const at = (q: number): number => differences[Math.min(rounds - 1, Math.max(0, Math.round(q * (rounds - 1))))] as number;
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

/** Means, difference, bootstrap interval and permutation p-value of two samples. */
export function compareSamples(a: readonly number[], b: readonly number[], options: ResamplingOptions): SampleComparison {
  const meanA = mean(a);
  const meanB = mean(b);
  return {
    meanA,
    meanB,
    difference: meanA - meanB,
    interval: bootstrapDifferenceCi(a, b, options),
    p: permutationTest(a, b, options),
  };
}
