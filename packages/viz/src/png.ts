/** CRC-32 (IEEE) lookup table, as PNG chunks require. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint32(value: number): Uint8Array {
  return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new Uint8Array([...type].map((char) => char.charCodeAt(0))), data]);
  return concat([uint32(data.length), typed, uint32(crc32(typed))]);
}

/** zlib stream of stored (uncompressed) deflate blocks: tiny images need no compressor. */
function zlibStored(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 65535) {
    const block = data.subarray(offset, offset + 65535);
    const final = offset + 65535 >= data.length ? 1 : 0;
    const len = block.length;
    blocks.push(new Uint8Array([final, len & 0xff, len >>> 8, ~len & 0xff, (~len >>> 8) & 0xff]), block);
  }
  blocks.push(uint32(adler32(data)));
  return concat(blocks);
}

/**
 * Encodes 8-bit greyscale pixels (row-major, 0 = black, 255 = white) as a PNG data URL.
 * Pure JavaScript, so it runs the same in the browser and in Node.
 */
export function greyPngDataUrl(pixels: Uint8Array, width: number, height: number): string {
  const raw = new Uint8Array(height * (width + 1)); // each scanline starts with filter type 0 (none)
  for (let row = 0; row < height; row += 1) raw.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  const header = concat([uint32(width), uint32(height), new Uint8Array([8, 0, 0, 0, 0])]);
  const png = concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
  let binary = '';
  for (const byte of png) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}
