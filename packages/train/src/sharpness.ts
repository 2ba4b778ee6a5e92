import { createRng } from '@negmnist/data';
import type { NamedTensor } from '@negmnist/core';
import type { SharpnessPoint } from '@negmnist/results';
import type { LossGradient, SharpnessSettings } from '@negmnist/core';

/** Defaults of the sharpness probe. */
export const SHARPNESS_DEFAULTS = { every: 50, images: 2048, iterations: 50, tolerance: 1e-3, epsilon: 1e-3 } as const;

/** The probe batch: `images` training indices spread evenly over the `count` training images. */
export function sharpnessImages(count: number, images: number): Uint32Array {
  const n = Math.min(images, count);
  const stride = Math.floor(count / n);
  return Uint32Array.from({ length: n }, (_, i) => i * stride);
}

/** Member m's parameters as one float64 vector: the concatenation of its slice of every tensor (member-major tensors of K members). */
export function memberVector(tensors: readonly NamedTensor[], members: number, m: number): Float64Array {
  const size = tensors.reduce((s, t) => s + t.data.length / members, 0);
  const out = new Float64Array(size);
  let at = 0;
  for (const t of tensors) {
    const n = t.data.length / members;
    out.set(t.data.subarray(m * n, (m + 1) * n), at);
    at += n;
  }
  return out;
}

/** `base + scale * v[m]` for every member, as float32 tensors named and shaped as `base`. */
function shifted(base: readonly NamedTensor[], vectors: readonly Float64Array[], scale: number): NamedTensor[] {
  const members = vectors.length;
  let at = 0;
  return base.map((t) => {
    const n = t.data.length / members;
    const data = new Float32Array(t.data.length);
    for (let m = 0; m < members; m++) {
      const v = vectors[m] as Float64Array;
      for (let i = 0; i < n; i++) data[m * n + i] = (t.data[m * n + i] as number) + scale * (v[at + i] as number);
    }
    at += n;
    return { name: t.name, shape: t.shape, data };
  });
}

/** Each member's loss gradient at `weights` with the activation pattern of `anchor` (an engine's `lossGradient` on fixed images). */
export type GradientAt = (weights: readonly NamedTensor[], anchor: readonly NamedTensor[]) => Promise<LossGradient>;

/**
 * Hessian-vector products of every member at `weights` by central differences of the gradient with the
 * activation pattern frozen at `weights`: Hv ≈ (g(w + εv) - g(w - εv)) / 2ε. Frozen, the gradient is smooth
 * (piecewise-linear units keep their slopes), so no ReLU kink crossed inside ±εv spoils the difference and
 * the error is O(ε²) from the softmax cross-entropy alone: the Hessian double backward gives.
 * `vectors[m]` is member m's direction.
 */
export async function hessianVectorProducts(gradientAt: GradientAt, weights: readonly NamedTensor[], vectors: readonly Float64Array[], epsilon: number): Promise<Float64Array[]> {
  const plus = await gradientAt(shifted(weights, vectors, epsilon), weights);
  const minus = await gradientAt(shifted(weights, vectors, -epsilon), weights);
  return vectors.map((_, m) => {
    const a = memberVector(plus.gradients, vectors.length, m);
    const b = memberVector(minus.gradients, vectors.length, m);
    for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) - (b[i] as number)) / (2 * epsilon);
    return a;
  });
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** One member's estimate: the Rayleigh quotient vᵀHv of the last iterate, and how it got there. */
export interface PowerIterationResult {
  /** Largest-magnitude eigenvalue estimate (λmax of the loss Hessian when the top of the spectrum is positive). */
  lambdaMax: number;
  /** Iterations (Hessian-vector products) done. */
  iterations: number;
  /** Relative change of the estimate in the last iteration (below the tolerance when it converged). */
  change: number;
}

/**
 * Power iteration for every member at once: v ← Hv / ‖Hv‖ from unit `start` vectors, stopping when every
 * member's Rayleigh quotient vᵀHv changes by less than `tolerance` (relative) or after `iterations`.
 */
export async function powerIteration(
  hvp: (vectors: readonly Float64Array[]) => Promise<Float64Array[]>,
  start: readonly Float64Array[],
  options: { iterations: number; tolerance: number },
): Promise<PowerIterationResult[]> {
  let vectors: Float64Array[] = start.map((v) => {
    const norm = Math.sqrt(dot(v, v));
    return v.map((x) => x / norm);
  });
  const results: PowerIterationResult[] = start.map(() => ({ lambdaMax: Number.NaN, iterations: 0, change: Number.POSITIVE_INFINITY }));
  for (let it = 1; it <= options.iterations; it++) {
    const products = await hvp(vectors);
    vectors = products.map((hv, m) => {
      const v = vectors[m] as Float64Array;
      const estimate = dot(v, hv);
      const previous = results[m] as PowerIterationResult;
      results[m] = { lambdaMax: estimate, iterations: it, change: Math.abs(estimate - previous.lambdaMax) / Math.max(Math.abs(estimate), Number.MIN_VALUE) };
      const norm = Math.sqrt(dot(hv, hv));
      return norm > 0 && Number.isFinite(norm) ? hv.map((x) => x / norm) : v;
    });
    if (results.every((r) => r.change < options.tolerance)) break;
  }
  return results;
}

/**
 * λmax of every member's training-loss Hessian at `weights` on the probe images (power iteration on
 * central-difference Hessian-vector products of the engine's own gradient), from a start vector drawn from
 * `createRng(seed[m] + step)`: the same numbers whether a run was resumed or not.
 */
export async function measureSharpness(gradientAt: GradientAt, weights: readonly NamedTensor[], seeds: readonly number[], step: number, settings: SharpnessSettings): Promise<SharpnessPoint[]> {
  const start = seeds.map((seed, m) => {
    const rng = createRng((seed + step) >>> 0);
    return memberVector(weights, seeds.length, m).map(() => rng.nextFloat() * 2 - 1);
  });
  const results = await powerIteration((v) => hessianVectorProducts(gradientAt, weights, v, settings.epsilon), start, settings);
  return results.map((r) => ({ step, lambdaMax: Number.isFinite(r.lambdaMax) ? r.lambdaMax : null, iterations: r.iterations, converged: r.change < settings.tolerance }));
}
