import { backendNames, runConfigSchema } from '@negmnist/core';
import { z } from 'zod';

/**
 * Version of the run-record format that writers write. Bump on breaking changes. Version 2 added the
 * validation correct counts (`valCorrect`, `valCount`) to every evaluation; readers also accept version 1.
 */
export const SCHEMA_VERSION = 2;

/** Record versions readers accept: 1 (no correct counts) and 2. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

/** Lifecycle of a run: `diverged` = stopped by the NaN/Inf guard; `interrupted` = killed or Ctrl-C, resumable. */
export const runStatuses = ['running', 'done', 'diverged', 'interrupted'] as const;

const finiteOrNull = z.number().nullable();

/** Probes of one layer at one evaluation. Names are `fc1`, `fc2`, … (the last is the output layer). */
export const layerProbeSchema = z.strictObject({
  name: z.string(),
  /** Fraction of units that are zero (<= 0 before a ReLU) for every probe image; null for non-ReLU layers. */
  deadFraction: finiteOrNull,
  /** L2 norm of the weight gradient of the last training batch (weights and bias together). */
  gradNorm: finiteOrNull,
  /** L2 norm of the weights (weights and bias together). */
  weightNorm: finiteOrNull,
  /** Mean and standard deviation of the layer's post-activation outputs over the probe images. */
  activationMean: finiteOrNull,
  activationStd: finiteOrNull,
});

/**
 * fc1's weight gradient G at an evaluation step against the unit mean input direction u = μ / ‖μ‖ (runs with
 * `config.meanDirectionProbe`): the update is -lr·G, and Efficient BackProp (sec. 4.3) predicts that with
 * inputs far from zero it is dominated by the rank-one part u·(uᵀG) whose per-unit sign alternates.
 */
export const meanDirectionProbeSchema = z.strictObject({
  /** ‖uᵀG‖ / ‖G‖_F: the share (as a cosine) of the update along the mean direction; null when G = 0. */
  cosine: finiteOrNull,
  /** Among units with a non-zero component uᵀG_j now and at the previous evaluation, the share whose sign flipped; null at the first or when none. */
  signFlipShare: finiteOrNull,
  /** Units compared for `signFlipShare`. */
  comparedUnits: z.number().int().nonnegative(),
});

/** One evaluation point (at the points of `evalEvery`, `evalSchedule` and `evalFinal`). Losses are null when non-finite. */
export const evaluationSchema = z.strictObject({
  /** Optimiser steps done so far (1-based count of batches since the run began). */
  step: z.number().int().nonnegative(),
  /** Fractional epoch: step / stepsPerEpoch. */
  epoch: z.number().nonnegative(),
  /** Mean training loss / accuracy over the batches since the previous evaluation. */
  trainLoss: finiteOrNull,
  trainAccuracy: z.number().min(0).max(1),
  valLoss: finiteOrNull,
  valAccuracy: z.number().min(0).max(1),
  /**
   * Validation images predicted correctly, out of `valCount` (schema version 2; absent in version 1). Drops are
   * counted on these integers: see `countDrops` (a fall of more than `valCount / 20` images).
   */
  valCorrect: z.number().int().nonnegative().optional(),
  /** Validation images evaluated (the denominator of `valCorrect`; schema version 2). */
  valCount: z.number().int().positive().optional(),
  layers: z.array(layerProbeSchema),
  /** Share of probe images whose outputs are all <= 0 (a ReLU on the logits then gives zero gradient). */
  deadOutputFraction: z.number().min(0).max(1),
  /** Milliseconds since the run began (excluding time before a resume is added back). */
  wallTimeMs: z.number().nonnegative(),
  /** fc1's update against the mean input direction (runs with `config.meanDirectionProbe`). */
  meanDirection: meanDirectionProbeSchema.optional(),
});

/** fc1 weight-gradient histogram at the last batch of an epoch (fixed bins, as the seed keeps `grads`). */
export const gradientHistogramSchema = z.strictObject({
  epoch: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  layer: z.string(),
  /** Bin edges, length = counts.length + 1; values outside are clamped into the end bins. */
  binEdges: z.array(z.number()),
  counts: z.array(z.number().int().nonnegative()),
});

export const backendInfoSchema = z.strictObject({
  /** The engine that trained; absent in records written before there were two (then `tfjs`). */
  engine: z.string().min(1).optional(),
  /** The tfjs backend, or the ONNX Runtime execution provider. */
  name: z.enum(backendNames),
  /** Adapter description for webgpu (e.g. "NVIDIA H200", "llvmpipe"), threads for wasm. */
  adapter: z.string().optional(),
});

/**
 * One sharpness measurement: λmax of the training-loss Hessian on the fixed probe batch (2048 training images
 * spread evenly over the set), by power iteration on central-difference Hessian-vector products of the
 * engine's own gradient. Gradient descent on a quadratic is stable only while lr x λmax < 2 (the edge of stability).
 */
export const sharpnessPointSchema = z.strictObject({
  /** Steps done when measured (0: at initialisation). */
  step: z.number().int().nonnegative(),
  /** Largest eigenvalue estimate (the Rayleigh quotient of the last iterate); null when not finite. */
  lambdaMax: finiteOrNull,
  /** Power iterations done. */
  iterations: z.number().int().nonnegative(),
  /** Whether the estimate changed by less than the tolerance (1e-3 relative) in the last iteration. */
  converged: z.boolean(),
});

/** Where a sharded grid's shard number came from: `--shard`, a Slurm array task, a Kubernetes Indexed Job. */
export const shardSources = ['flag', 'slurm', 'kubernetes'] as const;

/** Which machine, process and shard last trained a run (a resumed run names the process that resumed it). */
export const provenanceSchema = z.strictObject({
  /** Host name of the machine (`os.hostname()`). */
  host: z.string().min(1),
  pid: z.number().int().positive(),
  /** The grid shard `index` of `count` (0-based) this run belongs to, and where the number came from. */
  shard: z
    .strictObject({ index: z.number().int().nonnegative(), count: z.number().int().positive(), source: z.enum(shardSources) })
    .refine((s) => s.index < s.count, { message: 'expected shard index < count' })
    .optional(),
});

/** One training run as stored in `results/<experiment>/<run-id>/record.json`. */
export const runRecordSchema = z.strictObject({
  schemaVersion: z.union(READABLE_SCHEMA_VERSIONS.map((v) => z.literal(v))),
  /** Unique within the experiment, e.g. `neg-relu-relu-s0`. */
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  experiment: z.string().regex(/^[A-Za-z0-9._-]+$/),
  /** Human label of the configuration (same for all seeds of one config), e.g. "negative · relu". */
  label: z.string(),
  config: runConfigSchema,
  status: z.enum(runStatuses),
  /** Step and reason when status is `diverged`. */
  divergence: z.strictObject({ step: z.number().int(), reason: z.string() }).optional(),
  backend: backendInfoSchema,
  /** Host, process and shard that trained it; absent in records written before sharding existed. */
  provenance: provenanceSchema.optional(),
  versions: z.record(z.string(), z.string()),
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Total training wall time in milliseconds, summed across resumes. */
  wallTimeMs: z.number().nonnegative(),
  stepsPerEpoch: z.number().int().positive(),
  totalSteps: z.number().int().positive(),
  /** Steps completed. */
  step: z.number().int().nonnegative(),
  evaluations: z.array(evaluationSchema),
  gradientHistograms: z.array(gradientHistogramSchema),
  /** Confusion matrix on the validation set at the last evaluation: rows = true class, cols = predicted. */
  confusion: z.array(z.array(z.number().int().nonnegative())).optional(),
  /** Sharpness measurements (runs with `config.sharpnessEvery`). */
  sharpness: z.array(sharpnessPointSchema).optional(),
});

export type RunStatus = (typeof runStatuses)[number];
export type LayerProbe = z.infer<typeof layerProbeSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type GradientHistogram = z.infer<typeof gradientHistogramSchema>;
export type SharpnessPoint = z.infer<typeof sharpnessPointSchema>;
export type MeanDirectionProbe = z.infer<typeof meanDirectionProbeSchema>;
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/**
 * A run's backend as the CLI's `--backend` names it: `onnx-<provider>` for ONNX Runtime, `tfjs-webgpu`
 * for TensorFlow.js's WebGPU backend, `webgpu` for @negmnist/engine-webgpu, TensorFlow.js's other
 * backends by their name (records without an engine are TensorFlow.js's, which came first).
 */
export function backendId(info: BackendInfo): string {
  const engine = info.engine ?? 'tfjs';
  if (engine === 'onnxruntime') return `onnx-${info.name}`;
  if (engine === 'tfjs' && info.name === 'webgpu') return 'tfjs-webgpu';
  return info.name;
}

/** How lists name a run's backend: {@link backendId}, and the adapter in brackets when the record has one, e.g. `webgpu (NVIDIA H200)`. */
export function backendLabel(info: BackendInfo): string {
  const id = backendId(info);
  return info.adapter === undefined || info.adapter === '' ? id : `${id} (${info.adapter})`;
}
export type RunRecord = z.infer<typeof runRecordSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export type ShardSource = (typeof shardSources)[number];
