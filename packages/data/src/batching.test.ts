import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { batchIndices, shuffledIndices, stepsPerEpoch } from './batching';
import { createRng, restoreRng } from './rng';

const isPermutation = (order: Uint32Array, count: number): boolean =>
  order.length === count && Array.from(order).sort((a, b) => a - b).every((v, i) => v === i);

describe('batching', () => {
  test('60000 images in batches of 64: 938 batches, 937 full and a last one of 32', () => {
    expect(stepsPerEpoch(60000, 64)).toBe(938);
    const batches = batchIndices(60000, { batchSize: 64, rng: createRng(1) });
    expect(batches).toHaveLength(938);
    expect(batches.slice(0, -1).every((b) => b.length === 64)).toBe(true);
    expect(batches.at(-1)).toHaveLength(32);
    const all = Uint32Array.from(batches.flatMap((b) => Array.from(b)));
    expect(isPermutation(all, 60000)).toBe(true);
  });

  test('without a generator: file order', () => {
    const batches = batchIndices(5, { batchSize: 2 });
    expect(batches.map((b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
  });

  test('every shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2000 }), fc.integer(), (count, seed) => {
        expect(isPermutation(shuffledIndices(count, createRng(seed)), count)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('one generator gives each epoch its own order; the same seed the same orders', () => {
    const rng = createRng(42);
    const [a, b] = [shuffledIndices(10000, rng), shuffledIndices(10000, rng)];
    expect(b).not.toEqual(a);
    const again = createRng(42);
    expect([shuffledIndices(10000, again), shuffledIndices(10000, again)]).toEqual([a, b]);
    expect(shuffledIndices(10000, createRng(43))).not.toEqual(a);
  });

  test("a generator restored from a saved state redoes that epoch's order", () => {
    const rng = createRng(9);
    shuffledIndices(100, rng);
    const saved = JSON.parse(JSON.stringify(rng.state())) as number[];
    const second = shuffledIndices(100, rng);
    expect(shuffledIndices(100, restoreRng(saved))).toEqual(second);
  });

  test('matches an independent implementation of the documented algorithm', () => {
    // Expected orders from bench/reference-shuffle.py (Python, written from the docs): `python3 bench/reference-shuffle.py 10 0 2`.
    const rng = createRng(0);
    expect(Array.from(shuffledIndices(10, rng))).toEqual([1, 0, 2, 6, 9, 7, 5, 3, 8, 4]);
    expect(Array.from(shuffledIndices(10, rng))).toEqual([1, 2, 0, 7, 6, 4, 5, 9, 8, 3]);
    expect(Array.from(shuffledIndices(12, createRng(123456789012)))).toEqual([1, 6, 5, 2, 11, 10, 9, 7, 8, 4, 0, 3]);
  });

  test('each position is roughly uniform over many epochs', () => {
    const hits = new Array<number>(8).fill(0);
    const rng = createRng(7);
    for (let epoch = 0; epoch < 4000; epoch++) hits[shuffledIndices(8, rng)[0] as number]! += 1;
    for (const h of hits) expect(Math.abs(h - 500)).toBeLessThan(100); // 500 expected, sd ~21
  });

  test('rejects bad sizes and seeds', () => {
    expect(() => stepsPerEpoch(10, 0)).toThrow(/batchSize: expected an integer >= 1, received 0/);
    expect(() => shuffledIndices(-1, createRng(0))).toThrow(RangeError);
    expect(() => createRng(0.5)).toThrow(/seed: expected a safe integer/);
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
