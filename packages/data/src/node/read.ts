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
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new IdxFormatError({ fileName: path, what: 'gzip stream', expected: 'a complete gzip stream', received: `corrupt data (${(error as Error).message})` }, { cause: error });
    }
  }
  // A Buffer may sit in a shared pool; a plain Uint8Array view keeps the result's types exact.
  return parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: path });
}
