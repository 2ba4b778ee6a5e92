import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError, IdxFormatError } from '../errors';
import { parseIdx } from '../idx';
import type { IdxArray } from '../idx';

const gunzipAsync = promisify(gunzip);

/** True when the bytes start with the gzip magic 0x1f 0x8b (the file name is not consulted). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// zlib's default 16 KiB output chunks make a 47 MB file ~2900 buffers and one more full copy to join them.
const MIN_CHUNK = 16 * 1024;
// Deflate expands at most ~1032:1, so a larger size in the trailer is not believed (the chunk is only a hint).
const MAX_RATIO = 1032;

/**
 * Output chunk size for gunzip: the uncompressed size from the gzip trailer (ISIZE, the last 4 bytes,
 * little-endian, modulo 2^32), so a single-member file inflates into one buffer with no join. Bounded
 * by deflate's maximum ratio; a wrong trailer only costs speed, never correctness.
 */
export function gunzipChunkSize(gz: Uint8Array): number {
  if (gz.length < 18) return MIN_CHUNK;
  const n = gz.length;
  const isize = ((gz[n - 4] as number) | ((gz[n - 3] as number) << 8) | ((gz[n - 2] as number) << 16) | ((gz[n - 1] as number) << 24)) >>> 0;
  // One byte more than the output, so zlib sees the end of the stream without asking for a second chunk.
  return Math.max(MIN_CHUNK, Math.min(isize + 1, n * MAX_RATIO, 2 ** 31 - 1));
}

/**
 * Reads and parses an IDX file, raw or gzip-compressed (detected by content, not by name).
 *
 * @throws {DatasetError} when the file cannot be read (names the path and the system error).
 * @throws {IdxFormatError} when the content is not valid IDX or not valid gzip.
 */
export async function readIdx(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new DatasetError({ fileName: path, what: 'reading the file', expected: 'a readable IDX file', received: `${code} (${(error as Error).message})` }, { cause: error });
  }
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes, { chunkSize: gunzipChunkSize(bytes) });
    } catch (error) {
      throw new IdxFormatError({ fileName: path, what: 'gzip stream', expected: 'a complete gzip stream', received: `corrupt data (${(error as Error).message})` }, { cause: error });
    }
  }
  // A Buffer may sit in a shared pool; a plain Uint8Array view keeps the result's types exact.
  return parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: path });
}
