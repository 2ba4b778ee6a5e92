import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IdxFormatError } from './errors';
import { parseIdx } from './idx';
import type { IdxDtype } from './idx';
import { encodeIdx } from './idx-encode';
import { encodeIdx as referenceEncode } from './testing/idx-builder';
import { arrayTypes, valueOf } from './testing/idx-arbitraries';


describe('encodeIdx', () => {
  test('writes the same bytes as the reference builder, and parseIdx reads the array back', () => {
    const arrays = fc
      .record({ dtype: fc.constantFrom<IdxDtype>('u8', 'i8', 'i16', 'i32', 'f32', 'f64'), shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }) })
      .chain(({ dtype, shape }) => {
        const n = shape.reduce((a, b) => a * b, 1);
        return fc.array(valueOf(dtype), { minLength: n, maxLength: n }).map((values) => ({ dtype, shape, values }));
      });
    fc.assert(
      fc.property(arrays, ({ dtype, shape, values }) => {
        const bytes = encodeIdx({ dtype, shape, data: arrayTypes[dtype].from(values) });
        expect(bytes).toEqual(referenceEncode(dtype, shape, values));
        const back = parseIdx(bytes);
        expect(back.shape).toEqual(shape);
        expect(Array.from(back.data)).toEqual(Array.from(arrayTypes[dtype].from(values)));
      }),
    );
  });

  test('encodes a u8 view of a larger buffer from its own offset', () => {
    const whole = Uint8Array.from([9, 9, 1, 2, 3, 4, 9]);
    const bytes = encodeIdx({ dtype: 'u8', shape: [2, 2], data: whole.subarray(2, 6) });
    expect(Array.from(parseIdx(bytes).data)).toEqual([1, 2, 3, 4]);
  });

  test('rejects data whose length is not the shape product, naming both', () => {
    expect(() => encodeIdx({ dtype: 'u8', shape: [2, 3], data: new Uint8Array(5) })).toThrow(IdxFormatError);
    expect(() => encodeIdx({ dtype: 'u8', shape: [2, 3], data: new Uint8Array(5) })).toThrow(/6 elements for shape \[2, 3\].*5/);
  });
});
