import type { IdxDtype } from '../idx';

/** Type code and element size of each dtype, written out again here so tests do not trust the parser's table. */
export const idxCodes: Record<IdxDtype, { code: number; size: number }> = {
  u8: { code: 0x08, size: 1 },
  i8: { code: 0x09, size: 1 },
  i16: { code: 0x0b, size: 2 },
  i32: { code: 0x0c, size: 4 },
  f32: { code: 0x0d, size: 4 },
  f64: { code: 0x0e, size: 8 },
};

/** Encodes values as an IDX file (big-endian), the way the MNIST files were written. */
export function encodeIdx(dtype: IdxDtype, shape: readonly number[], values: readonly number[]): Uint8Array {
  const { code, size } = idxCodes[dtype];
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + size * values.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, code, shape.length]);
  shape.forEach((dim, d) => view.setUint32(4 + 4 * d, dim, false));
  values.forEach((v, i) => {
    const at = header + size * i;
    if (dtype === 'u8') view.setUint8(at, v);
    else if (dtype === 'i8') view.setInt8(at, v);
    else if (dtype === 'i16') view.setInt16(at, v, false);
    else if (dtype === 'i32') view.setInt32(at, v, false);
    else if (dtype === 'f32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  });
  return bytes;
}
