import type { NamedTensor } from '@negmnist/core';
import { CheckpointError } from './errors';

/** Decoded safetensors file: float32 tensors in file order and the `__metadata__` strings. */
export interface Safetensors {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

/**
 * Encodes float32 tensors as one safetensors buffer (8-byte little-endian header length, JSON
 * header with `__metadata__`, raw data), the format PyTorch and Hugging Face read. Pure: the caller
 * writes it atomically.
 */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) {
      throw new CheckpointError('encodeSafetensors', `tensor name \`${t.name}\`: expected a unique name other than __metadata__, received a reserved or repeated one`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new CheckpointError('encodeSafetensors', `tensor \`${t.name}\`: shape [${t.shape.join(', ')}] needs ${count} values, received ${t.data.length}`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  const text = JSON.stringify(header);
  const unpadded = new TextEncoder().encode(text).length;
  // The spec allows trailing spaces; 8-byte alignment lets readers map the data as float32 in place.
  const json = new TextEncoder().encode(text + ' '.repeat(Math.ceil(unpadded / 8) * 8 - unpadded));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i] as number, true);
  }
  return out;
}

/** Decodes a safetensors buffer of float32 tensors; throws CheckpointError naming `fileName` on any inconsistency. */
export function decodeSafetensors(bytes: Uint8Array, options: { fileName?: string } = {}): Safetensors {
  const where = options.fileName ?? 'safetensors buffer';
  const fail = (detail: string, cause?: unknown): never => {
    throw new CheckpointError(where, detail, cause === undefined ? undefined : { cause });
  };
  if (bytes.length < 8) fail(`expected a safetensors file (at least 8 bytes), received ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) fail(`expected a safetensors header of ${headerLength} bytes, received ${bytes.length - 8} bytes after the length`);
  let header: Record<string, unknown> = {};
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (cause) {
    fail('expected a JSON safetensors header, received bytes that are not JSON', cause);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('expected a JSON object as safetensors header');
  const dataStart = 8 + headerLength;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors: (NamedTensor & { begin: number })[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (dtype !== 'F32') fail(`tensor \`${name}\`: dtype expected F32, received ${String(dtype)}`);
    if (!Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) fail(`tensor \`${name}\`: expected shape and data_offsets arrays`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * count || dataStart + end > bytes.length || begin < 0) {
      fail(`tensor \`${name}\`: offsets [${begin}, ${end}] do not fit shape [${(shape as number[]).join(', ')}] in ${bytes.length} bytes`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.push({ name, shape: [...(shape as number[])], data, begin });
  }
  tensors.sort((a, b) => a.begin - b.begin);
  return { tensors: tensors.map(({ name, shape, data }) => ({ name, shape, data })), metadata };
}
