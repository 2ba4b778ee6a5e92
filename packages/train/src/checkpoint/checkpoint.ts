import type { NamedTensor } from '@negmnist/core';
import type { InputScaling } from '@negmnist/core';
import type { Evaluation, GradientHistogram, SharpnessPoint } from '@negmnist/results';
import type { EvalSchedule } from '@negmnist/core';
import type { ResolvedMember } from '@negmnist/core';
import { CheckpointError } from './errors';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** Checkpoint format version; decoding and resuming reject any other. */
export const CHECKPOINT_VERSION = 2;

/** `__metadata__.format` of a checkpoint file. */
const FORMAT = 'negmnist-checkpoint';

/** One member's recorded history in a checkpoint. */
export interface MemberCheckpoint {
  /** Set once the member has diverged (it is then frozen). */
  divergence?: { step: number; reason: string };
  evaluations: Evaluation[];
  gradientHistograms: GradientHistogram[];
  confusion?: number[][];
  /** Sharpness measurements so far (runs with the sharpness probe). */
  sharpness?: SharpnessPoint[];
}

/** The options that must match on resume. */
export interface CheckpointSetup {
  layerSizes: number[];
  batchSize: number;
  evalEvery: number;
  evalSchedule: EvalSchedule;
  evalFinal: boolean;
  shuffle: boolean;
  /** Per member; `fc1LrScale` and `perturbation` only when not 1 and 0 (checkpoints from before them match). */
  members: CheckpointMember[];
  /** The training data's pixel offset, when not 0. */
  inputOffset?: number;
  /** The training data's scaling, when it has one (not `unit`). */
  input?: Exclude<InputScaling, 'unit'>;
  /** The training data's gain after its scaling, when not 1. */
  inputGain?: number;
}

/** A member's settings in a checkpoint. */
export type CheckpointMember = Pick<ResolvedMember, 'lr' | 'negative' | 'seed'> & Partial<Pick<ResolvedMember, 'fc1LrScale' | 'perturbation'>>;

/**
 * Everything needed to continue a run exactly: weights, step, each member's shuffle generator, the
 * window accumulators and the history so far. Plain data (weights as Float32Arrays), so any engine can
 * write and read it; `encodeCheckpoint` makes it one safetensors file.
 */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  /** Steps done. */
  step: number;
  stepsPerEpoch: number;
  /** Training wall time so far, milliseconds. */
  wallTimeMs: number;
  setup: CheckpointSetup;
  /**
   * Per member: the xoshiro128** state (`rng.state()` of @negmnist/data) of its shuffle generator at
   * the start of epoch `floor(step / stepsPerEpoch)`, before that epoch's order was drawn.
   */
  shuffleState: number[][];
  /** Training-window accumulators since the last evaluation: per-member loss sums and correct counts. */
  window: { batches: number; samples: number; lossSum: number[]; correct: number[] };
  members: MemberCheckpoint[];
  /** Model variables (`fc1.kernel`, …), stacked `[K, …]` for an ensemble. */
  weights: NamedTensor[];
}

type RunState = Pick<Checkpoint, 'stepsPerEpoch' | 'wallTimeMs' | 'setup' | 'window' | 'members'>;

/**
 * One safetensors file: the weights as F32 tensors, and in `__metadata__` (strings, as the format
 * requires) `format`, `version`, `step`, `rng` (the shuffle states, JSON) and `run` (the rest, JSON).
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { version, step, shuffleState, weights, stepsPerEpoch, wallTimeMs, setup, window, members } = checkpoint;
  const run: RunState = { stepsPerEpoch, wallTimeMs, setup, window, members };
  return encodeSafetensors(weights, {
    format: FORMAT,
    version: String(version),
    step: String(step),
    rng: JSON.stringify(shuffleState),
    run: JSON.stringify(run),
  });
}

/** Inverse of {@link encodeCheckpoint}; throws CheckpointError (naming `fileName`) on anything else. */
export function decodeCheckpoint(bytes: Uint8Array, options: { fileName?: string } = {}): Checkpoint {
  const where = options.fileName ?? 'checkpoint';
  const { tensors, metadata } = decodeSafetensors(bytes, { fileName: where });
  const fail = (detail: string, cause?: unknown): never => {
    throw new CheckpointError(where, detail, cause === undefined ? undefined : { cause });
  };
  if (metadata.format !== FORMAT) fail(`__metadata__.format: expected ${FORMAT}, received ${JSON.stringify(metadata.format ?? null)}`);
  if (metadata.version !== String(CHECKPOINT_VERSION)) fail(`__metadata__.version: expected ${CHECKPOINT_VERSION}, received ${JSON.stringify(metadata.version ?? null)}`);
  const step = Number(metadata.step);
  if (!Number.isInteger(step) || step < 0) fail(`__metadata__.step: expected an integer >= 0, received ${JSON.stringify(metadata.step ?? null)}`);
  const parse = (key: 'rng' | 'run'): unknown => {
    try {
      return JSON.parse(metadata[key] ?? '');
    } catch (cause) {
      return fail(`__metadata__.${key}: expected JSON, received ${JSON.stringify(metadata[key] ?? null)}`, cause);
    }
  };
  const shuffleState = parse('rng');
  const isState = (s: unknown): boolean => Array.isArray(s) && s.length === 4 && s.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32);
  if (!Array.isArray(shuffleState) || !shuffleState.every(isState)) fail('__metadata__.rng: expected one array of four 32-bit words per member');
  const run = parse('run') as RunState | null;
  if (run === null || typeof run !== 'object' || !Array.isArray(run.members) || run.window === undefined || run.setup === undefined) {
    fail('__metadata__.run: expected an object with setup, window and members');
  }
  const state = run as RunState;
  // JSON turns NaN (a diverged member's window sums) into null
  const nan = (v: number | null): number => (v === null ? Number.NaN : v);
  const window = { ...state.window, lossSum: state.window.lossSum.map(nan), correct: state.window.correct.map(nan) };
  return { version: CHECKPOINT_VERSION, step, ...state, window, shuffleState: shuffleState as number[][], weights: tensors };
}

/** Throws CheckpointError unless the checkpoint was made by a run with this setup. */
export function assertResumable(checkpoint: Checkpoint, setup: CheckpointSetup, stepsPerEpoch: number): void {
  if (checkpoint.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError('resumeFrom', `version: expected ${CHECKPOINT_VERSION}, received ${String(checkpoint.version)}`);
  }
  const expected = canonicalJson({ ...setup, stepsPerEpoch });
  const received = canonicalJson({ ...checkpoint.setup, stepsPerEpoch: checkpoint.stepsPerEpoch });
  if (expected !== received) throw new CheckpointError('resumeFrom', `setup: expected ${expected}, received ${received}`);
  if (checkpoint.shuffleState.length !== setup.members.length) {
    throw new CheckpointError('resumeFrom', `shuffleState: expected ${setup.members.length} generator states, received ${checkpoint.shuffleState.length}`);
  }
}

/** JSON with object keys sorted, so a checkpoint written with another key order (another engine) still matches. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
