import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lookupPixels } from './pixel-lookup';

/** The plain loop the fast one must equal, compared as float32 bit patterns. */
function naive(pixels: Uint8Array, table: Float32Array): Int32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i] as number] as number;
  return new Int32Array(out.buffer);
}

const bitsOf = (x: Float32Array): Int32Array => new Int32Array(x.buffer, x.byteOffset, x.length);

describe('lookupPixels', () => {
  test('equals out[i] = table[pixels[i]] bit for bit, at every alignment and length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 67 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.float(), { minLength: 256, maxLength: 256 }),
        (bytes, shift, values) => {
          // Copy behind `shift` leading bytes so the pixels start at every offset modulo 4.
          const backing = new Uint8Array(bytes.length + shift);
          backing.set(bytes, shift);
          const pixels = backing.subarray(shift);
          const table = Float32Array.from(values);
          const out = lookupPixels(pixels, table, new Float32Array(pixels.length).fill(7));
          expect(bitsOf(out)).toEqual(naive(pixels, table));
        },
      ),
    );
  });

  test('writes into the given array and returns it; a table view inside a larger buffer works', () => {
    const buffer = new Float32Array(300);
    const table = buffer.subarray(10, 266);
    table.forEach((_, v) => (table[v] = v / 255));
    const out = new Float32Array(5);
    expect(lookupPixels(Uint8Array.from([0, 51, 255, 3, 9]), table, out)).toBe(out);
    expect(Array.from(out)).toEqual([0, Math.fround(0.2), 1, Math.fround(3 / 255), Math.fround(9 / 255)]);
  });
});
