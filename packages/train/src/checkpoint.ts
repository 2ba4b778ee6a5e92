import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '@negmnist/models';
import type { EvalSchedule, Evaluation, GradientHistogram } from '@negmnist/results';
import { CheckpointError } from './errors';
import type { ResolvedMember } from './options';

/** Checkpoint format version; resume rejects any other. */
export const CHECKPOINT_VERSION = 1;

/** One member's recorded history in a checkpoint. */
export interface MemberCheckpoint {
  /** Set once the member has diverged (it is then frozen). */
  divergence?: { step: number; reason: string };
  evaluations: Evaluation[];
  gradientHistograms: GradientHistogram[];
  confusion?: number[][];
}

/**
 * Everything needed to continue a run exactly: weights, step (data order is a pure function of seed
 * and epoch), window accumulators and the history so far. Plain data; weights as Float32Arrays.
 */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  /** Steps done. */
  step: number;
  stepsPerEpoch: number;
  /** Training wall time so far, milliseconds. */
  wallTimeMs: number;
  /** The options that must match on resume. */
  setup: {
    layerSizes: number[];
    batchSize: number;
    evalEvery: number;
    evalSchedule: EvalSchedule;
    evalFinal: boolean;
    shuffle: boolean;
    members: ResolvedMember[];
  };
  /** Training-window accumulators since the last evaluation: per-member loss sums and correct counts. */
  window: { batches: number; samples: number; lossSum: number[]; correct: number[] };
  members: MemberCheckpoint[];
  /** Model variables (`fc1.kernel`, …), stacked `[K, …]` for an ensemble. */
  weights: NamedTensor[];
}

/** Splits a checkpoint into a JSON string (state) and safetensors bytes (weights), each written atomically by the caller. */
export function encodeCheckpoint(checkpoint: Checkpoint): { state: string; weights: Uint8Array } {
  const { weights, ...state } = checkpoint;
  return { state: JSON.stringify(state), weights: encodeSafetensors(weights) };
}

/** Inverse of {@link encodeCheckpoint}; throws CheckpointError on a wrong version or unreadable state. */
export function decodeCheckpoint(files: { state: string; weights: Uint8Array }): Checkpoint {
  let state: Omit<Checkpoint, 'weights'>;
  try {
    state = JSON.parse(files.state) as Omit<Checkpoint, 'weights'>;
  } catch (cause) {
    throw new CheckpointError('checkpoint state: expected JSON', { cause });
  }
  if (state.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`checkpoint state: expected version ${CHECKPOINT_VERSION}, received ${String(state.version)}`);
  }
  // JSON turns NaN (a diverged member's window) into null
  const nan = (v: number | null): number => (v === null ? Number.NaN : v);
  const window = { ...state.window, lossSum: state.window.lossSum.map(nan), correct: state.window.correct.map(nan) };
  return { ...state, window, weights: decodeSafetensors(files.weights, { fileName: 'checkpoint weights' }).tensors };
}

/** Throws CheckpointError unless the checkpoint was made by a run with this setup. */
export function assertResumable(checkpoint: Checkpoint, setup: Checkpoint['setup'], stepsPerEpoch: number): void {
  if (checkpoint.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`resumeFrom.version: expected ${CHECKPOINT_VERSION}, received ${String(checkpoint.version)}`);
  }
  // Checkpoints from before evalSchedule existed evaluated on the global schedule with a final evaluation.
  const saved: Record<string, unknown> = { evalSchedule: 'global', evalFinal: true, ...(checkpoint.setup as Partial<Checkpoint['setup']>), stepsPerEpoch: checkpoint.stepsPerEpoch };
  const wanted: Record<string, unknown> = { ...setup, stepsPerEpoch };
  const expected = JSON.stringify(wanted);
  const received = JSON.stringify(Object.fromEntries(Object.keys({ ...wanted, ...saved }).map((key) => [key, saved[key]])));
  if (expected !== received) {
    throw new CheckpointError(`resumeFrom.setup: expected ${expected}, received ${received}`);
  }
}
