import { IdxFormatError } from './errors';

/** IDX element types: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64 (all big-endian on disk). */
export type IdxDtype = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';

/** A decoded IDX tensor: row-major `data` of `shape.reduce(*)` elements. */
export interface IdxArray {
  /** Element type, from the third magic byte. */
  dtype: IdxDtype;
  /** Dimension sizes, outermost first (e.g. [60000, 28, 28]). */
  shape: number[];
  /** The elements in row-major order; for u8 and i8 a view of the input bytes (no copy). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** File name used in error messages. Default: none (messages name no file). */
  fileName?: string;
}

/** Type code (byte 2 of the header) and element size of each dtype: the one table, read by `parseIdx` and `encodeIdx`. */
export const IDX_TYPES: Readonly<Record<IdxDtype, { code: number; size: number }>> = {
  u8: { code: 0x08, size: 1 },
  i8: { code: 0x09, size: 1 },
  i16: { code: 0x0b, size: 2 },
  i32: { code: 0x0c, size: 4 },
  f32: { code: 0x0d, size: 4 },
  f64: { code: 0x0e, size: 8 },
};

const dtypeByCode: ReadonlyMap<number, { dtype: IdxDtype; size: number }> = new Map(
  (Object.entries(IDX_TYPES) as [IdxDtype, { code: number; size: number }][]).map(([dtype, { code, size }]) => [code, { dtype, size }]),
);

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;

/**
 * Decodes an IDX file (http://yann.lecun.com/exdb/mnist/ format) of any element type and rank.
 * Pure and browser-safe. Multi-byte elements are decoded big-endian into a new typed array.
 *
 * @throws {IdxFormatError} when the magic, type code, rank or byte length is invalid; sizes are
 *   checked against the input length before anything is allocated.
 */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const { fileName } = options;
  const fail = (what: string, expected: string, received: string): never => {
    throw new IdxFormatError({ fileName, what, expected, received });
  };
  if (!(bytes instanceof Uint8Array)) fail('input', 'a Uint8Array', typeof bytes);
  if (bytes.length < 4) fail('IDX header', 'at least 4 bytes', `${bytes.length} bytes`);
  const [zero0, zero1, code, rank] = bytes as unknown as [number, number, number, number];
  if (zero0 !== 0 || zero1 !== 0) fail('magic bytes 0-1', '0x00 0x00', `${hex(zero0)} ${hex(zero1)}`);
  const type = dtypeByCode.get(code) ?? fail('type code (byte 2)', 'one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e', hex(code));
  if (rank === 0) fail('rank (byte 3)', '1 to 255 dimensions', '0');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    fail('header length', `${headerBytes} bytes for ${rank} dimensions`, `${bytes.length} bytes`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxElements = Math.floor((bytes.length - headerBytes) / type.size);
  const shape: number[] = [];
  let elements = 1;
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  if (!shape.includes(0)) {
    // Partial products only grow, so the first one past the input's capacity proves the file short; no overflow.
    for (const size of shape) {
      elements *= size;
      if (elements > maxElements) {
        fail('declared size', `at most ${maxElements} ${type.dtype} elements (the ${bytes.length - headerBytes} data bytes present)`,
          `shape [${shape.join(', ')}]`);
      }
    }
  } else {
    elements = 0;
  }
  const expectedBytes = headerBytes + elements * type.size;
  if (bytes.length !== expectedBytes) {
    fail('file length', `${expectedBytes} bytes for shape [${shape.join(', ')}] of ${type.dtype}`, `${bytes.length} bytes`);
  }
  return { dtype: type.dtype, shape, data: decode(type.dtype, view, headerBytes, elements) };
}

function decode(dtype: IdxDtype, view: DataView, offset: number, n: number): IdxArray['data'] {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'u8':
      return new Uint8Array(view.buffer, start, n);
    case 'i8':
      return new Int8Array(view.buffer, start, n);
    case 'i16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'i32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'f32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'f64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
