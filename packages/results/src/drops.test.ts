import { describe, expect, it } from 'vitest';
import { countDrops, isAccuracyDrop } from './drops';

const of10k = (...correct: number[]) => correct.map((valCorrect) => ({ valAccuracy: valCorrect / 10_000, valCorrect, valCount: 10_000 }));

describe('drop rule', () => {
  it('counts a fall of more than 500 of 10000 images, never one of exactly 500', () => {
    expect(isAccuracyDrop({ correct: 9000, count: 10_000 }, { correct: 8500, count: 10_000 })).toBe(false);
    expect(isAccuracyDrop({ correct: 9000, count: 10_000 }, { correct: 8499, count: 10_000 })).toBe(true);
    expect(countDrops(of10k(9000, 8500, 7999, 8000, 9500, 8999, 8998))).toBe(2);
  });

  it('scales with the validation size: more than 5% of the images', () => {
    expect(countDrops([{ valAccuracy: 0.9, valCorrect: 90, valCount: 100 }, { valAccuracy: 0.85, valCorrect: 85, valCount: 100 }])).toBe(0);
    expect(countDrops([{ valAccuracy: 0.9, valCorrect: 90, valCount: 100 }, { valAccuracy: 0.84, valCorrect: 84, valCount: 100 }])).toBe(1);
    expect(() => isAccuracyDrop({ correct: 90, count: 100 }, { correct: 80, count: 200 })).toThrow(/same validation set/);
  });

  it('reads version-1 evaluations (float32 accuracies, no counts) as the integer rule would', () => {
    expect(countDrops([{ valAccuracy: 0.9 }, { valAccuracy: 0.8 }, { valAccuracy: 0.79 }])).toBe(1);
    // Every fall of exactly 500 of 10000 images, stored as float32 accuracies, is no drop; 501 always is.
    let exact = 0;
    let above = 0;
    for (let before = 500; before <= 10_000; before += 7) {
      const acc = (n: number) => ({ valAccuracy: Math.fround(n / 10_000) });
      exact += countDrops([acc(before), acc(before - 500)]);
      above += countDrops([acc(before), acc(before - 501)]);
    }
    expect([exact, above]).toEqual([0, Math.floor((10_000 - 500) / 7) + 1]);
  });
});

const of1k = (...correct: number[]) => correct.map((valCorrect) => ({ valAccuracy: valCorrect / 1000, valCorrect, valCount: 1000 }));

describe('countDrops with another drop size', () => {
  it('counts falls of more than the share, in integers', () => {
    // falls of 50 (exactly 5%: not a drop), 51, 100 and 30 images out of 1000
    const evals = of1k(900, 850, 900, 849, 900, 800, 830, 800);
    expect(countDrops(evals, 0.05)).toBe(2);
    expect(countDrops(evals, 0.03)).toBe(3);
    expect(countDrops(evals, 0.1)).toBe(0);
  });
});
