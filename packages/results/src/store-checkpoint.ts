import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './store-atomic';
import { CheckpointError } from './store-errors';

/** File name of a run's checkpoint inside its run directory. */
export const CHECKPOINT_FILE = 'checkpoint.bin';

const MAGIC = 'NEGCKPT1';

/** One named float32 array of a checkpoint (a weight matrix, a bias, optimiser state). */
export interface CheckpointTensor {
  name: string;
  /** Dimensions; their product equals `data.length`. */
  shape: number[];
  data: Float32Array;
}

/** What a checkpoint stores: JSON metadata (step, RNG state, partial record) and float32 tensors. */
export interface Checkpoint {
  /** Any JSON-serialisable value; returned as parsed JSON. */
  meta: unknown;
  tensors: CheckpointTensor[];
}

interface Header {
  meta: unknown;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

/**
 * Writes `checkpoint` atomically to `<runDir>/checkpoint.bin` and returns that path. Layout: 8-byte
 * magic, u32 LE header length, JSON header, zero padding to 4 bytes, then the float32 data (LE).
 */
export async function writeCheckpoint(runDir: string, checkpoint: Checkpoint): Promise<string> {
  const header: Header = { meta: checkpoint.meta, tensors: [] };
  let offset = 0;
  for (const tensor of checkpoint.tensors) {
    const size = tensor.shape.reduce((a, b) => a * b, 1);
    if (size !== tensor.data.length) {
      throw new RangeError(
        `checkpoint tensor ${tensor.name}: shape [${tensor.shape.join(', ')}] needs ${size} values, received ${tensor.data.length}`,
      );
    }
    header.tensors.push({ name: tensor.name, shape: tensor.shape, offset, length: size });
    offset += size;
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(MAGIC.length + 4 + headerBytes.length);
  const bytes = new Uint8Array(dataStart + offset * 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(MAGIC.length, headerBytes.length, true);
  bytes.set(headerBytes, MAGIC.length + 4);
  for (const [i, tensor] of checkpoint.tensors.entries()) {
    const start = dataStart + (header.tensors[i]?.offset ?? 0) * 4;
    for (let j = 0; j < tensor.data.length; j++) view.setFloat32(start + j * 4, tensor.data[j] ?? 0, true);
  }
  const file = join(runDir, CHECKPOINT_FILE);
  await writeFileAtomic(file, bytes);
  return file;
}

/** Reads `<runDir>/checkpoint.bin`; `undefined` when there is none. Throws `CheckpointError` when malformed. */
export async function readCheckpoint(runDir: string): Promise<Checkpoint | undefined> {
  const file = join(runDir, CHECKPOINT_FILE);
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new CheckpointError(file, `expected magic ${MAGIC}, received ${JSON.stringify(magic)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < MAGIC.length + 4) throw new CheckpointError(file, 'expected a header length, file ends');
  const headerLength = view.getUint32(MAGIC.length, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)));
  } catch (error) {
    throw new CheckpointError(file, `expected a JSON header of ${headerLength} bytes`, { cause: error });
  }
  const dataStart = align4(MAGIC.length + 4 + headerLength);
  const tensors = header.tensors.map(({ name, shape, offset, length }) => {
    const start = dataStart + offset * 4;
    if (start + length * 4 > bytes.length) {
      throw new CheckpointError(file, `tensor ${name} needs bytes up to ${start + length * 4}, file has ${bytes.length}`);
    }
    const data = new Float32Array(length);
    for (let j = 0; j < length; j++) data[j] = view.getFloat32(start + j * 4, true);
    return { name, shape, data };
  });
  return { meta: header.meta, tensors };
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
