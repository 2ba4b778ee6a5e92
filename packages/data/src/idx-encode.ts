import { IdxFormatError } from './errors';
import { IDX_TYPES as codes } from './idx';
import type { IdxArray } from './idx';

/**
 * Encodes an array as an IDX file (big-endian, as the MNIST files): the inverse of `parseIdx`.
 * Pure and browser-safe; use it to write subsets of a dataset (`parseIdx(encodeIdx(a))` equals `a`).
 *
 * @throws {IdxFormatError} when the rank is not 1 to 255 or the data length is not the shape's product.
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { dtype, shape, data } = array;
  const type = codes[dtype];
  if (type === undefined) throw new IdxFormatError({ what: 'dtype', expected: Object.keys(codes).join(', '), received: String(dtype) });
  if (shape.length < 1 || shape.length > 255) {
    throw new IdxFormatError({ what: 'rank', expected: '1 to 255 dimensions', received: String(shape.length) });
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  if (data.length !== elements) {
    throw new IdxFormatError({ what: 'data length', expected: `${elements} elements for shape [${shape.join(', ')}]`, received: String(data.length) });
  }
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + type.size * elements);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, type.code, shape.length]);
  shape.forEach((dim, d) => view.setUint32(4 + 4 * d, dim, false));
  if (dtype === 'u8' || dtype === 'i8') {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, elements), header);
    return bytes;
  }
  for (let i = 0; i < elements; i++) {
    const at = header + type.size * i;
    const v = data[i] as number;
    if (dtype === 'i16') view.setInt16(at, v, false);
    else if (dtype === 'i32') view.setInt32(at, v, false);
    else if (dtype === 'f32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return bytes;
}
