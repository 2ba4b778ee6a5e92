import type { NamedTensor } from '@negmnist/core';
import { describe, expect, it } from 'vitest';
import { hessianVectorProducts, memberVector, powerIteration, sharpnessImages } from './sharpness';

// A symmetric matrix with eigenvalues 5, 2 and -1: Q diag(5, 2, -1) Qᵀ for the rotation Q by 30° in the first two axes.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const A = [
  [5 * c * c + 2 * s * s, (5 - 2) * c * s, 0],
  [(5 - 2) * c * s, 5 * s * s + 2 * c * c, 0],
  [0, 0, -1],
];
const times = (m: number[][], v: Float64Array): Float64Array => Float64Array.from(m, (row) => row.reduce((sum, a, j) => sum + a * (v[j] as number), 0));

describe('powerIteration', () => {
  it('finds the largest eigenvalue of a matrix given by its products, for every member at once', async () => {
    const B = A.map((row) => row.map((a) => 2 * a)); // eigenvalues 10, 4, -2
    const results = await powerIteration((vs) => Promise.resolve([times(A, vs[0] as Float64Array), times(B, vs[1] as Float64Array)]), [Float64Array.of(1, 0, 1), Float64Array.of(0, 1, 1)], {
      iterations: 200,
      tolerance: 1e-12,
    });
    expect(results[0]?.lambdaMax).toBeCloseTo(5, 9);
    expect(results[1]?.lambdaMax).toBeCloseTo(10, 9);
    expect(results[0]?.change).toBeLessThan(1e-12);
  });
  it('stops at the iteration limit and says it did not converge', async () => {
    const [r] = await powerIteration((vs) => Promise.resolve([times(A, vs[0] as Float64Array)]), [Float64Array.of(0, 1, 1)], { iterations: 2, tolerance: 1e-12 });
    expect(r?.iterations).toBe(2);
    expect(r?.change).toBeGreaterThan(1e-12);
  });
});

describe('hessianVectorProducts', () => {
  it('gives A v exactly for the gradient A w of the quadratic ½ wᵀAw, per member, frozen at the anchor', async () => {
    // two members, one tensor [K=2, 3]: member m's weights are data[3m .. 3m+3]
    const weights: NamedTensor[] = [{ name: 'w', shape: [2, 3], data: Float32Array.of(0.5, -1, 2, 1, 1, 1) }];
    let anchors = 0;
    const gradientAt = (w: readonly NamedTensor[], anchor: readonly NamedTensor[]) => {
      if (anchor === weights) anchors++;
      const d = w[0]?.data as Float32Array;
      const g = [...times(A, Float64Array.from(d.subarray(0, 3))), ...times(A, Float64Array.from(d.subarray(3, 6)))];
      return Promise.resolve({ loss: new Float32Array(2), gradients: [{ name: 'w', shape: [2, 3], data: Float32Array.from(g) }] });
    };
    const v = [Float64Array.of(1, 0, 0), Float64Array.of(0, 0, 1)];
    const hv = await hessianVectorProducts(gradientAt, weights, v, 1e-2);
    expect(anchors).toBe(2);
    [A.map((row) => row[0] as number), A.map((row) => row[2] as number)].forEach((expected, m) => expected.forEach((e, i) => expect(hv[m]?.[i]).toBeCloseTo(e, 4)));
  });
});

describe('memberVector and sharpnessImages', () => {
  it('concatenates a member\'s slice of every tensor', () => {
    const t: NamedTensor[] = [
      { name: 'a', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
      { name: 'b', shape: [2, 1], data: Float32Array.of(5, 6) },
    ];
    expect(Array.from(memberVector(t, 2, 1))).toEqual([3, 4, 6]);
  });
  it('spreads the probe images evenly over the set', () => {
    expect(Array.from(sharpnessImages(10, 4))).toEqual([0, 2, 4, 6]);
    expect(Array.from(sharpnessImages(3, 2048))).toEqual([0, 1, 2]);
  });
});
