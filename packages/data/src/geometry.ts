import type { FloatDataset } from '@negmnist/core';

/** Second-order statistics of a set of inputs x (one row per image), the quantities the rules of the explanation compare. */
export interface InputGeometry {
  /** E‖x‖²: mean over the images of the squared input norm. */
  meanSquaredNorm: number;
  /** ‖μ‖²: squared norm of the mean input μ (the per-pixel mean image). E‖x‖² = ‖μ‖² + tr Σ. */
  meanNormSquared: number;
  /** tr Σ: total variance, the sum over pixels of each pixel's variance. */
  covarianceTrace: number;
  /** λmax(E[xxᵀ]): largest eigenvalue of the uncentred second-moment matrix (by power iteration). */
  secondMomentTop: number;
  /** Power iterations the eigenvalue took (converged when below `iterations` of {@link InputGeometryOptions}). */
  iterations: number;
}

/** Options of {@link inputGeometry}. */
export interface InputGeometryOptions {
  /** Power iterations at most. Default 200. */
  iterations?: number;
  /** Stop when the estimate changes by less than this, relative. Default 1e-9. */
  tolerance?: number;
}

/**
 * E‖x‖², ‖μ‖², tr Σ and λmax(E[xxᵀ]) of `ds`'s inputs (float64 sums over its float32 values). The
 * eigenvalue comes from power iteration on v ↦ Xᵀ(Xv) / N, started from the mean direction (the top
 * direction of inputs far from zero) plus a constant, so it never starts orthogonal to the answer.
 */
export function inputGeometry(ds: Pick<FloatDataset, 'x' | 'count' | 'features'>, options: InputGeometryOptions = {}): InputGeometry {
  const { x, count, features } = ds;
  if (count < 1) throw new RangeError(`inputGeometry: expected at least one image, received ${count}`);
  const mean = new Float64Array(features);
  let squares = 0;
  for (let n = 0; n < count; n++) {
    const base = n * features;
    for (let i = 0; i < features; i++) {
      const v = x[base + i] as number;
      mean[i] = (mean[i] as number) + v;
      squares += v * v;
    }
  }
  let meanNormSquared = 0;
  for (let i = 0; i < features; i++) {
    mean[i] = (mean[i] as number) / count;
    meanNormSquared += (mean[i] as number) ** 2;
  }
  const meanSquaredNorm = squares / count;
  const maxIterations = options.iterations ?? 200;
  const tolerance = options.tolerance ?? 1e-9;
  let v: Float64Array = mean.map((m) => m + 1 / Math.sqrt(features));
  let estimate = 0;
  let iterations = 0;
  const normalise = (a: Float64Array): Float64Array => {
    let s = 0;
    for (const value of a) s += value * value;
    const norm = Math.sqrt(s);
    return norm > 0 ? a.map((value) => value / norm) : a;
  };
  v = normalise(v);
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const next = new Float64Array(features);
    for (let n = 0; n < count; n++) {
      const base = n * features;
      let dot = 0;
      for (let i = 0; i < features; i++) dot += (x[base + i] as number) * (v[i] as number);
      if (dot === 0) continue;
      for (let i = 0; i < features; i++) next[i] = (next[i] as number) + dot * (x[base + i] as number);
    }
    let rayleigh = 0;
    for (let i = 0; i < features; i++) {
      next[i] = (next[i] as number) / count;
      rayleigh += (next[i] as number) * (v[i] as number);
    }
    const change = Math.abs(rayleigh - estimate) / Math.max(Math.abs(rayleigh), Number.MIN_VALUE);
    estimate = rayleigh;
    v = normalise(next);
    if (change < tolerance) break;
  }
  return { meanSquaredNorm, meanNormSquared, covarianceTrace: meanSquaredNorm - meanNormSquared, secondMomentTop: estimate, iterations: Math.min(iterations, maxIterations) };
}
