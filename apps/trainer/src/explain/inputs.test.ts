import { describe, expect, it } from 'vitest';
import { meanSquaredNorm, preActivationStats } from './inputs';

// Two images of two pixels: [0, 1] and [0.5, 0.5].
const images = { x: Float32Array.from([0, 1, 0.5, 0.5]), count: 2, features: 2 };

describe('meanSquaredNorm', () => {
  it('averages the squared norm of the inputs after polarity and offset', () => {
    expect(meanSquaredNorm(images, { negative: false, offset: 0 })).toBeCloseTo((1 + 0.5) / 2, 12);
    // 1 - x: [1, 0] and [0.5, 0.5].
    expect(meanSquaredNorm(images, { negative: true, offset: 0 })).toBeCloseTo((1 + 0.5) / 2, 12);
    // x + 1: [1, 2] and [1.5, 1.5]: (5 + 4.5) / 2.
    expect(meanSquaredNorm(images, { negative: false, offset: 1 })).toBeCloseTo(4.75, 12);
  });
});

describe('preActivationStats', () => {
  it('computes W x + b over images and units', () => {
    // kernel (features x units) [[1, -1], [2, 0]], bias [0, 0.5].
    const kernel = Float32Array.from([1, -1, 2, 0]);
    const bias = Float32Array.from([0, 0.5]);
    // Image [0, 1]: [2, 0.5]; image [0.5, 0.5]: [1.5, 0]. Mean 1, values 2, 0.5, 1.5, 0.
    const stats = preActivationStats(kernel, bias, images, 2, { negative: false, offset: 0 });
    expect(stats.mean).toBeCloseTo(1, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt((1 + 0.25 + 0.25 + 1) / 4), 12);
    expect(stats.nonPositiveShare).toBe(0.25);
  });
  it('uses the negative images when asked', () => {
    // 1 - x: [1, 0] -> [1, -0.5]; [0.5, 0.5] -> [1.5, 0]: two of four <= 0.
    const stats = preActivationStats(Float32Array.from([1, -1, 2, 0]), Float32Array.from([0, 0.5]), images, 2, { negative: true, offset: 0 });
    expect(stats.mean).toBeCloseTo(0.5, 12);
    expect(stats.nonPositiveShare).toBe(0.5);
  });
});
