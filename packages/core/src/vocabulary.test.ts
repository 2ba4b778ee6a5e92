import { describe, expect, it } from 'vitest';
import { negativePixel, polarityOf } from './vocabulary';

describe('negative images', () => {
  it('are 1 - x pixel by pixel, so black and white swap and the negative of a negative is the image', () => {
    expect([0, 0.25, 1].map(negativePixel)).toEqual([1, 0.75, 0]);
    expect(negativePixel(negativePixel(0.3))).toBeCloseTo(0.3, 15);
    expect([polarityOf(true), polarityOf(false)]).toEqual(['negative', 'positive']);
  });
});
