import { describe, expect, it } from 'vitest';
import { inputGeometry } from './geometry';

describe('inputGeometry', () => {
  it('computes E‖x‖², ‖μ‖², tr Σ and λmax(E[xxᵀ]) of two two-pixel images by hand', () => {
    // x = [0, 1] and [2, 1]: E‖x‖² = (1 + 5) / 2 = 3; μ = [1, 1], ‖μ‖² = 2; tr Σ = 3 - 2 = 1;
    // E[xxᵀ] = ([[0, 0], [0, 1]] + [[4, 2], [2, 1]]) / 2 = [[2, 1], [1, 1]], eigenvalues (3 ± √5) / 2.
    const g = inputGeometry({ x: Float32Array.of(0, 1, 2, 1), count: 2, features: 2 });
    expect(g.meanSquaredNorm).toBeCloseTo(3, 12);
    expect(g.meanNormSquared).toBeCloseTo(2, 12);
    expect(g.covarianceTrace).toBeCloseTo(1, 12);
    expect(g.secondMomentTop).toBeCloseTo((3 + Math.sqrt(5)) / 2, 9);
  });
  it('finds the top eigenvalue of zero-mean inputs, whose mean direction is zero', () => {
    // x = [1, 0], [-1, 0], [0, 2], [0, -2]: E[xxᵀ] = diag(0.5, 2)
    const g = inputGeometry({ x: Float32Array.of(1, 0, -1, 0, 0, 2, 0, -2), count: 4, features: 2 });
    expect(g.meanNormSquared).toBe(0);
    expect(g.secondMomentTop).toBeCloseTo(2, 9);
    expect(() => inputGeometry({ x: new Float32Array(0), count: 0, features: 2 })).toThrow(/at least one image/);
  });
});
