import { describe, expect, it } from 'vitest';
import { meanDirectionProbe, meanInputDirection } from './mean-direction';

describe('meanInputDirection', () => {
  it('is the unit mean input and its norm', () => {
    // x = [3, 0] and [3, 8]: μ = [3, 4], ‖μ‖ = 5
    const { direction, norm } = meanInputDirection({ x: Float32Array.of(3, 0, 3, 8), count: 2, features: 2 });
    expect(norm).toBeCloseTo(5, 12);
    expect(Array.from(direction)).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.8, 12)]);
    expect(Array.from(meanInputDirection({ x: Float32Array.of(1, -1, -1, 1), count: 2, features: 2 }).direction)).toEqual([0, 0]);
  });
});

describe('meanDirectionProbe', () => {
  const u = Float64Array.of(0.6, 0.8);
  it('is 1 for a rank-one update along the mean direction, 0 orthogonal to it', () => {
    // G = u cᵀ with c = [2, -1] (2 features x 2 units, row-major): every unit's update is a multiple of u
    const along = Float32Array.of(0.6 * 2, 0.6 * -1, 0.8 * 2, 0.8 * -1);
    const { components, probe } = meanDirectionProbe(along, u, undefined);
    expect(probe.cosine).toBeCloseTo(1, 6);
    expect(probe.signFlipShare).toBeNull();
    expect(Array.from(components)).toEqual([expect.closeTo(2, 6), expect.closeTo(-1, 6)]);
    // orthogonal: w = [0.8, -0.6] for each unit
    const across = Float32Array.of(0.8, 0.8, -0.6, -0.6);
    expect(meanDirectionProbe(across, u, undefined).probe.cosine).toBeCloseTo(0, 6);
  });
  it('counts the units whose component changed sign, leaving out units with none', () => {
    const previous = Float64Array.of(2, -1, 0);
    // now components [-1, -3, 5]: unit 0 flipped, unit 1 kept its sign, unit 2 had none before
    const g = Float32Array.of(0.6 * -1, 0.6 * -3, 0.6 * 5, 0.8 * -1, 0.8 * -3, 0.8 * 5);
    const { probe } = meanDirectionProbe(g, u, previous);
    expect(probe.comparedUnits).toBe(2);
    expect(probe.signFlipShare).toBe(0.5);
  });
});
