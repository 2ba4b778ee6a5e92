import { describe, expect, it } from 'vitest';
import { preActivationStats } from './inputs';

// Two images of two pixels: [0, 1] and [0.5, 0.5].
const images = { x: Float32Array.from([0, 1, 0.5, 0.5]), count: 2, features: 2 };

describe('preActivationStats', () => {
  it('computes W x + b over images and units', () => {
    // kernel (features x units) [[1, -1], [2, 0]], bias [0, 0.5].
    const kernel = Float32Array.from([1, -1, 2, 0]);
    const bias = Float32Array.from([0, 0.5]);
    // Image [0, 1]: [2, 0.5]; image [0.5, 0.5]: [1.5, 0]. Mean 1, values 2, 0.5, 1.5, 0.
    const stats = preActivationStats(kernel, bias, images, 2);
    expect(stats.mean).toBeCloseTo(1, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt((1 + 0.25 + 0.25 + 1) / 4), 12);
    expect(stats.nonPositiveShare).toBe(0.25);
    expect(stats.deadUnitShare).toBe(0);
  });
  it('counts a unit dead when it is <= 0 for every image', () => {
    // kernel [[1, -1], [2, -1]], bias [0, 0]: unit 1 gives -1 and -1.
    const stats = preActivationStats(Float32Array.from([1, -1, 2, -1]), Float32Array.from([0, 0]), images, 2);
    expect(stats.deadUnitShare).toBe(0.5);
    expect(stats.nonPositiveShare).toBe(0.5);
  });
});
