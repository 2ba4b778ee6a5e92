import type { Evaluation, GradientHistogram, SharpnessPoint } from '@negmnist/results';
import type { Checkpoint } from './checkpoint/checkpoint';

/** What one member's run produced: shaped like the RunRecord fields of the same names. */
export interface MemberResult {
  /** `done`, `diverged` (stopped by the NaN/Inf guard) or `interrupted` (aborted; resumable). */
  status: 'done' | 'diverged' | 'interrupted';
  /** Step of the first non-finite loss and why, when diverged. */
  divergence?: { step: number; reason: string };
  evaluations: Evaluation[];
  gradientHistograms: GradientHistogram[];
  /** Validation confusion matrix at the member's last evaluation (rows true class, columns predicted). */
  confusion?: number[][];
  /** Sharpness measurements (with the `sharpness` option). */
  sharpness?: SharpnessPoint[];
}

/** Result of {@link train}: member 0's fields at top level (the whole story for a single Mlp), plus every member. */
export interface TrainResult extends MemberResult {
  /** Steps completed. */
  step: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Training wall time in milliseconds, summed across resumes. */
  wallTimeMs: number;
  /** One result per member, in member order. */
  members: MemberResult[];
  /** Present when interrupted: resume with `train(model, data, { ...options, resumeFrom })`. */
  checkpoint?: Checkpoint;
}
