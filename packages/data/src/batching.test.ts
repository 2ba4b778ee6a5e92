import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { batchIndices, shuffledIndices, stepsPerEpoch } from './batching';
import { createRng, restoreRng } from './rng';

const isPermutation = (order: Uint32Array, count: number): boolean =>
  order.length === count && Array.from(order).sort((a, b) => a - b).every((v, i) => v === i);

describe('batching', () => {
  test('60000 images in batches of 64: 938 batches, 937 full and a last one of 32', () => {
    expect(stepsPerEpoch(60000, 64)).toBe(938);
    const batches = batchIndices(60000, { batchSize: 64, seed: 1, epoch: 0 });
    expect(batches).toHaveLength(938);
    expect(batches.slice(0, -1).every((b) => b.length === 64)).toBe(true);
    expect(batches.at(-1)).toHaveLength(32);
    const all = Uint32Array.from(batches.flatMap((b) => Array.from(b)));
    expect(isPermutation(all, 60000)).toBe(true);
  });

  test('shuffle: false keeps file order', () => {
    const batches = batchIndices(5, { batchSize: 2, seed: 1, epoch: 0, shuffle: false });
    expect(batches.map((b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
  });

  test('every shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2000 }), fc.integer(), fc.nat({ max: 1000 }), (count, seed, epoch) => {
        expect(isPermutation(shuffledIndices(count, seed, epoch), count)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('same (seed, epoch) gives the same order; another epoch or seed another order', () => {
    const a = shuffledIndices(10000, 42, 3);
    expect(shuffledIndices(10000, 42, 3)).toEqual(a);
    expect(shuffledIndices(10000, 42, 4)).not.toEqual(a);
    expect(shuffledIndices(10000, 43, 3)).not.toEqual(a);
  });

  test('matches an independent implementation of the documented algorithm', () => {
    // Expected orders from bench/reference-shuffle.py (Python, written from the docs): `python3 bench/reference-shuffle.py 10 0 0`.
    expect(Array.from(shuffledIndices(10, 0, 0))).toEqual([6, 4, 1, 8, 9, 5, 0, 7, 3, 2]);
    expect(Array.from(shuffledIndices(12, 123456789012, 7))).toEqual([5, 11, 1, 4, 7, 3, 2, 8, 10, 9, 0, 6]);
  });

  test('each position is roughly uniform over many epochs', () => {
    const hits = new Array<number>(8).fill(0);
    for (let epoch = 0; epoch < 4000; epoch++) hits[shuffledIndices(8, 7, epoch)[0] as number]! += 1;
    for (const h of hits) expect(Math.abs(h - 500)).toBeLessThan(100); // 500 expected, sd ~21
  });

  test('rejects bad sizes', () => {
    expect(() => stepsPerEpoch(10, 0)).toThrow(/batchSize: expected an integer >= 1, received 0/);
    expect(() => shuffledIndices(-1, 0, 0)).toThrow(RangeError);
    expect(() => shuffledIndices(3, 0.5, 0)).toThrow(/seed: expected a safe integer/);
  });
});

describe('rng', () => {
  test('xoshiro128** reference output (state 1, 2, 3, 4)', () => {
    // First outputs of Vigna's xoshiro128starstar.c (compiled with gcc) with s = {1, 2, 3, 4}.
    const rng = restoreRng([1, 2, 3, 4]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  test('restoring a saved state continues the same sequence', () => {
    const rng = createRng(2024);
    for (let i = 0; i < 17; i++) rng.nextUint32();
    const saved = JSON.parse(JSON.stringify(rng.state())) as number[];
    const expected = [rng.nextUint32(), rng.nextFloat(), rng.nextUint32()];
    const resumed = restoreRng(saved);
    expect([resumed.nextUint32(), resumed.nextFloat(), resumed.nextUint32()]).toEqual(expected);
  });

  test('nextFloat is in [0, 1) with mean near 1/2', () => {
    const rng = createRng(5);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const v = rng.nextFloat();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(Math.abs(sum / 10000 - 0.5)).toBeLessThan(0.02);
  });

  test('different seeds give different streams; restoreRng rejects invalid states', () => {
    expect(createRng(1).nextUint32()).not.toBe(createRng(2).nextUint32());
    expect(() => restoreRng([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => restoreRng([1, 2, 3])).toThrow(/rng state: expected four 32-bit unsigned integers/);
  });
});
