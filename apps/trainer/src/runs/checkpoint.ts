import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@negmnist/results/store';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '@negmnist/train/checkpoint';

// Each run directory holds its own member's checkpoint (an ensemble of one), so runs can regroup on resume.

/** File name of a run's checkpoint inside its run directory (a safetensors file, see @negmnist/train/checkpoint). */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/** Writes a one-member checkpoint atomically to `<runDir>/checkpoint.safetensors`. */
export async function saveRunCheckpoint(runDir: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(join(runDir, CHECKPOINT_FILE), encodeCheckpoint(checkpoint));
}

/** Reads a run's checkpoint; undefined when it has none. Throws CheckpointError naming the file when it is not one. */
export async function loadRunCheckpoint(runDir: string): Promise<Checkpoint | undefined> {
  const file = join(runDir, CHECKPOINT_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: file });
}

/** Deletes a finished run's checkpoint (its record is final). */
export async function removeRunCheckpoint(runDir: string): Promise<void> {
  await rm(join(runDir, CHECKPOINT_FILE), { force: true });
}
