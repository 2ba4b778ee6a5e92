import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './proto';

// Expected bytes from the Protocol Buffers encoding guide (developers.google.com/protocol-buffers/docs/encoding).
describe('ProtoWriter', () => {
  it('writes varints as in the encoding guide: field 1 = 150 is 08 96 01', () => {
    expect(Array.from(new ProtoWriter().varint(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
  });
  it('writes strings length-delimited: field 2 = "testing" is 12 07 74 65 73 74 69 6e 67', () => {
    expect(Array.from(new ProtoWriter().string(2, 'testing').finish())).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
  });
  it('writes packed repeated varints: field 4 = [3, 270, 86942] is 22 06 03 8e 02 9e a7 05', () => {
    expect(Array.from(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
  });
  it('writes a negative int64 as ten bytes of two\'s complement', () => {
    expect(Array.from(new ProtoWriter().varint(1, -1).finish())).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });
  it('writes floats little-endian with wire type 5 and nests messages', () => {
    const bytes = new ProtoWriter().message(3, (w) => w.float(2, 1)).finish();
    expect(Array.from(bytes)).toEqual([0x1a, 0x05, 0x15, 0x00, 0x00, 0x80, 0x3f]);
  });
});
