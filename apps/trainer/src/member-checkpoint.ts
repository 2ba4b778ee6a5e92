import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '@negmnist/results';
import { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '@negmnist/results/store';
import type { Checkpoint } from '@negmnist/train';

// Each run directory holds its own member's checkpoint (an ensemble of one), so runs can regroup on resume.

/** Member k of an ensemble checkpoint, as the checkpoint of a one-member ensemble. */
export function memberCheckpoint(checkpoint: Checkpoint, k: number): Checkpoint {
  const size = checkpoint.setup.members.length;
  const pick = <T>(values: readonly T[]): T[] => [values[k] as T];
  return {
    ...checkpoint,
    setup: { ...checkpoint.setup, members: pick(checkpoint.setup.members) },
    window: { ...checkpoint.window, lossSum: pick(checkpoint.window.lossSum), correct: pick(checkpoint.window.correct) },
    members: pick(checkpoint.members),
    weights: checkpoint.weights.map((t) => {
      const per = t.data.length / size;
      return { name: t.name, shape: [1, ...t.shape.slice(1)], data: t.data.slice(k * per, (k + 1) * per) };
    }),
  };
}

/** Stacks one-member checkpoints (all at the same step) into the checkpoint of their ensemble. */
export function stackCheckpoints(parts: readonly Checkpoint[]): Checkpoint {
  const first = parts[0];
  if (first === undefined) throw new RangeError('stackCheckpoints: expected at least one checkpoint');
  return {
    ...first,
    wallTimeMs: Math.max(...parts.map((p) => p.wallTimeMs)),
    setup: { ...first.setup, members: parts.flatMap((p) => p.setup.members) },
    window: { ...first.window, lossSum: parts.flatMap((p) => p.window.lossSum), correct: parts.flatMap((p) => p.window.correct) },
    members: parts.flatMap((p) => p.members),
    weights: first.weights.map((t, i) => {
      const datas = parts.map((p) => p.weights[i]?.data ?? new Float32Array(0));
      const data = new Float32Array(datas.reduce((n, d) => n + d.length, 0));
      let offset = 0;
      for (const d of datas) {
        data.set(d, offset);
        offset += d.length;
      }
      return { name: t.name, shape: [parts.length, ...t.shape.slice(1)], data };
    }),
  };
}

/** Writes a one-member checkpoint atomically to `<runDir>/checkpoint.bin`. */
export async function saveRunCheckpoint(runDir: string, checkpoint: Checkpoint): Promise<void> {
  const { weights, ...state } = checkpoint;
  // JSON keeps NaN as null; loadRunCheckpoint turns the window's nulls back into NaN.
  await writeCheckpoint(runDir, { meta: JSON.parse(JSON.stringify(state)), tensors: weights });
}

/** Reads a run's checkpoint; undefined when it has none. */
export async function loadRunCheckpoint(runDir: string): Promise<Checkpoint | undefined> {
  const stored = await readCheckpoint(runDir);
  if (stored === undefined) return undefined;
  const state = stored.meta as Omit<Checkpoint, 'weights'> | null;
  if (state === null || typeof state !== 'object' || typeof state.step !== 'number' || state.window === undefined) {
    throw new CheckpointError(join(runDir, CHECKPOINT_FILE), 'expected training state with a step and a window');
  }
  const nan = (v: number | null): number => (v === null ? Number.NaN : v);
  return {
    ...state,
    window: { ...state.window, lossSum: state.window.lossSum.map(nan), correct: state.window.correct.map(nan) },
    weights: stored.tensors,
  };
}

/** Deletes a finished run's checkpoint (its record is final). */
export async function removeRunCheckpoint(runDir: string): Promise<void> {
  await rm(join(runDir, CHECKPOINT_FILE), { force: true });
}
