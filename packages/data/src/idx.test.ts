import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IdxFormatError } from './errors';
import { parseIdx } from './idx';
import type { IdxArray, IdxDtype } from './idx';
import { encodeIdx } from './testing/idx-builder';
import { arrayTypes, valueOf } from './testing/idx-arbitraries';

const dtypes: IdxDtype[] = ['u8', 'i8', 'i16', 'i32', 'f32', 'f64'];


const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A random valid IDX file with the values it holds. */
const validIdx = fc
  .record({ dtype: fc.constantFrom(...dtypes), shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }) })
  .chain(({ dtype, shape }) =>
    fc.array(valueOf(dtype), { minLength: product(shape), maxLength: product(shape) }).map((values) => ({ dtype, shape, values })),
  );

/** True when the parse result is self-consistent: right typed array, as many elements as the shape says. */
function isWellFormed(result: IdxArray): boolean {
  return result.data instanceof arrayTypes[result.dtype] && result.data.length === product(result.shape);
}

function parseOrError(bytes: Uint8Array, fileName?: string): IdxArray | IdxFormatError {
  try {
    return parseIdx(bytes, { fileName });
  } catch (error) {
    if (error instanceof IdxFormatError) return error;
    throw error;
  }
}

describe('parseIdx on hand-built files', () => {
  test.each(dtypes)('decodes %s big-endian with its typed array', (dtype) => {
    const values = { u8: [0, 1, 255, 128], i8: [-128, -1, 0, 127], i16: [-32768, -2, 258, 32767], i32: [-2147483648, -3, 16909060, 2147483647], f32: [-1.5, 0, 3.25, 2 ** 100], f64: [-Math.PI, 0, 1e-300, 2 ** 60] }[dtype];
    const parsed = parseIdx(encodeIdx(dtype, [2, 2], values));
    expect(parsed.dtype).toBe(dtype);
    expect(parsed.shape).toEqual([2, 2]);
    expect(parsed.data).toBeInstanceOf(arrayTypes[dtype]);
    expect(Array.from(parsed.data)).toEqual(values);
  });

  test('reads i32 bytes 01 02 03 04 as 0x01020304 (big-endian)', () => {
    const bytes = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4]);
    expect(Array.from(parseIdx(bytes).data)).toEqual([0x01020304]);
  });

  test.each([[[5]], [[2, 3]], [[2, 1, 3]], [[1, 2, 1, 2]], [[1, 1, 1, 1, 1, 2]]])('handles rank %j', (shape) => {
    const values = Array.from({ length: product(shape) }, (_, i) => i);
    const parsed = parseIdx(encodeIdx('i16', shape, values));
    expect(parsed.shape).toEqual(shape);
    expect(Array.from(parsed.data)).toEqual(values);
  });

  test('u8 data is a view of the input bytes, also at a non-zero byte offset', () => {
    const file = encodeIdx('u8', [3], [7, 8, 9]);
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 3);
    const input = padded.subarray(3, 3 + file.length);
    const parsed = parseIdx(input);
    expect(parsed.data.buffer).toBe(padded.buffer);
    expect(Array.from(parsed.data)).toEqual([7, 8, 9]);
  });

  test('decodes multi-byte types from unaligned input', () => {
    const file = encodeIdx('f64', [2], [1.25, -2.5]);
    const padded = new Uint8Array(file.length + 1);
    padded.set(file, 1);
    expect(Array.from(parseIdx(padded.subarray(1)).data)).toEqual([1.25, -2.5]);
  });

  test('accepts zero-sized dimensions', () => {
    const parsed = parseIdx(encodeIdx('f32', [0, 28, 28], []));
    expect(parsed.shape).toEqual([0, 28, 28]);
    expect(parsed.data.length).toBe(0);
  });
});

describe('parseIdx rejections', () => {
  const ok = encodeIdx('u8', [2, 2], [1, 2, 3, 4]);
  const withByte = (at: number, value: number): Uint8Array => {
    const copy = ok.slice();
    copy[at] = value;
    return copy;
  };
  test.each([
    ['fewer than 4 bytes', ok.subarray(0, 3), /IDX header: expected at least 4 bytes, received 3 bytes/],
    ['bad magic', withByte(0, 1), /magic bytes 0-1: expected 0x00 0x00, received 0x01 0x00/],
    ['unknown type code', withByte(2, 0x0a), /type code \(byte 2\): expected one of .*, received 0x0a/],
    ['rank 0', withByte(3, 0), /rank \(byte 3\): expected 1 to 255 dimensions, received 0/],
    ['header cut short', ok.subarray(0, 10), /header length: expected 12 bytes for 2 dimensions, received 10 bytes/],
    ['truncated body', ok.subarray(0, 15), /declared size: expected at most 3 u8 elements .*, received shape \[2, 2\]/],
    ['trailing bytes', Uint8Array.from([...ok, 0]), /file length: expected 16 bytes for shape \[2, 2\] of u8, received 17 bytes/],
  ])('%s', (_, bytes, message) => {
    expect(() => parseIdx(bytes)).toThrow(IdxFormatError);
    expect(() => parseIdx(bytes)).toThrow(message);
  });

  test('names the file and keeps the parts as fields', () => {
    const named = parseOrError(withByte(2, 0xff), 'x.idx');
    expect(named).toBeInstanceOf(IdxFormatError);
    expect((named as IdxFormatError).message.startsWith('x.idx: type code (byte 2): ')).toBe(true);
    expect(named).toMatchObject({ fileName: 'x.idx', what: 'type code (byte 2)', received: '0xff' });
  });

  test('rejects huge declared sizes before allocating (dims multiply past 2^53)', () => {
    const header = encodeIdx('f64', [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], []);
    expect(() => parseIdx(Uint8Array.from([...header, 1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/declared size/);
  });

  test('rejects a non-Uint8Array input with IdxFormatError', () => {
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(IdxFormatError);
  });
});

describe('parseIdx properties', () => {
  test('round-trips every valid file', () => {
    fc.assert(
      fc.property(validIdx, ({ dtype, shape, values }) => {
        const parsed = parseIdx(encodeIdx(dtype, shape, values));
        expect(parsed.dtype).toBe(dtype);
        expect(parsed.shape).toEqual(shape);
        expect(Array.from(parsed.data)).toEqual(dtype === 'f32' ? values.map(Math.fround) : values);
      }),
      { numRuns: 300 },
    );
  });

  test('mutated, truncated or extended files give a well-formed array or an IdxFormatError', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
      fc.record({ kind: fc.constant('append' as const), at: fc.nat({ max: 9 }), value: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(validIdx, fc.array(mutation, { minLength: 1, maxLength: 6 }), ({ dtype, shape, values }, mutations) => {
        let bytes = encodeIdx(dtype, shape, values);
        for (const { kind, at, value } of mutations) {
          if (kind === 'set' && bytes.length > 0) bytes[at % bytes.length] = value;
          else if (kind === 'truncate') bytes = bytes.slice(0, at % (bytes.length + 1));
          else if (kind === 'append') bytes = Uint8Array.from([...bytes, ...new Array<number>(at + 1).fill(value)]);
        }
        const result = parseOrError(bytes);
        if (!(result instanceof IdxFormatError)) expect(isWellFormed(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test('headers with arbitrary dimensions over short bodies give a well-formed array or an IdxFormatError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        (code, dims, body) => {
          const header = new Uint8Array(4 + 4 * dims.length);
          header.set([0, 0, code, dims.length]);
          dims.forEach((d, i) => new DataView(header.buffer).setUint32(4 + 4 * i, d, false));
          const result = parseOrError(Uint8Array.from([...header, ...body]));
          if (!(result instanceof IdxFormatError)) expect(isWellFormed(result)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('arbitrary bytes give a well-formed array or an IdxFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const result = parseOrError(bytes);
        if (!(result instanceof IdxFormatError)) expect(isWellFormed(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
