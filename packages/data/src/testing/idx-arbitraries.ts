import fc from 'fast-check';
import type { IdxDtype } from '../idx';

/** The typed array each IDX dtype decodes to. */
export const arrayTypes = { u8: Uint8Array, i8: Int8Array, i16: Int16Array, i32: Int32Array, f32: Float32Array, f64: Float64Array };

/** A value of the dtype's range, as an arbitrary (f32 values are float32-representable). */
export const valueOf = (dtype: IdxDtype): fc.Arbitrary<number> =>
  ({
    u8: fc.integer({ min: 0, max: 255 }),
    i8: fc.integer({ min: -128, max: 127 }),
    i16: fc.integer({ min: -32768, max: 32767 }),
    i32: fc.integer({ min: -2147483648, max: 2147483647 }),
    f32: fc.float({ noNaN: true }),
    f64: fc.double({ noNaN: true }),
  })[dtype];
