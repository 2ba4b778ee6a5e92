import { WeightsFormatError } from './errors';
import type { NamedTensor } from './weights';

/** Decoded safetensors file: float32 tensors in file order and the string metadata. */
export interface Safetensors {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

/**
 * Encodes float32 tensors as one safetensors buffer (8-byte little-endian header length, JSON
 * header, raw data), the format PyTorch and Hugging Face read. Pure: the caller writes it atomically.
 */
export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name in header) {
      throw new WeightsFormatError(`encodeSafetensors: tensor name \`${t.name}\` is reserved or repeated`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new WeightsFormatError(`encodeSafetensors: tensor \`${t.name}\` shape [${t.shape.join(', ')}] needs ${count} values, received ${t.data.length}`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
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

/** Decodes a safetensors buffer of float32 tensors; throws WeightsFormatError on any inconsistency. */
export function decodeSafetensors(bytes: Uint8Array, options: { fileName?: string } = {}): Safetensors {
  const where = options.fileName ?? 'safetensors buffer';
  if (bytes.length < 8) throw new WeightsFormatError(`${where}: expected at least 8 bytes, received ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) {
    throw new WeightsFormatError(`${where}: header length ${headerLength} exceeds the ${bytes.length - 8} bytes after it`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (cause) {
    throw new WeightsFormatError(`${where}: header is not valid JSON`, { cause });
  }
  const dataStart = 8 + headerLength;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors: NamedTensor[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (dtype !== 'F32') throw new WeightsFormatError(`${where}: tensor \`${name}\` dtype expected F32, received ${String(dtype)}`);
    if (!Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw new WeightsFormatError(`${where}: tensor \`${name}\` expected shape and data_offsets arrays`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * count || dataStart + end > bytes.length || begin < 0) {
      throw new WeightsFormatError(`${where}: tensor \`${name}\` offsets [${begin}, ${end}] do not fit shape [${shape.join(', ')}] in ${bytes.length} bytes`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.push({ name, shape: [...(shape as number[])], data });
  }
  tensors.sort((a, b) => offsetOf(header, a.name) - offsetOf(header, b.name));
  return { tensors, metadata };
}

function offsetOf(header: Record<string, unknown>, name: string): number {
  return ((header[name] as { data_offsets: [number, number] }).data_offsets)[0];
}
