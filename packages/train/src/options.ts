import {
  ConfigError,
  defaultEvalFinal,
  evalSchedules,
  RUN_CONFIG_DEFAULTS,
  SEED_CONFIG,
  type EvalSchedule,
  type ResolvedTrainOptions,
  type SharpnessSettings,
  type TrainData,
  type TrainEngine,
  type TrainModel,
} from '@negmnist/core';
import type { Checkpoint } from './checkpoint/checkpoint';
import type { TrainHooks } from './hooks';
import { SHARPNESS_DEFAULTS } from './sharpness';

/** Per-member settings of an ensemble run; each field defaults to the run-level option of the same name. */
export interface MemberTrainOptions {
  /** SGD learning rate of this member (> 0). */
  lr?: number;
  /** Train and validate this member on negative images `1 - x` (made by @negmnist/data's `withPolarity`; a no-op on negative data). */
  negative?: boolean;
  /** Data-order seed of this member (non-negative integer): its shuffle generator is @negmnist/data's `createRng(seed)`, continued epoch after epoch. */
  seed?: number;
  /** Multiplier of this member's `lr` for its first layer's kernel and bias (> 0). */
  fc1LrScale?: number;
  /** Added to this member's fc1 weight from the centre pixel to hidden unit 0 before the first step (finite; see {@link perturbCentreWeight}). */
  perturbation?: number;
}

/**
 * Options of {@link train}. Defaults are the seed program's (`SEED_CONFIG` of @negmnist/results), except the
 * evaluation schedule: `global` with a final evaluation unless `evalSchedule` says `per-epoch` (the seed's).
 */
export interface TrainOptions {
  /** SGD learning rate (> 0). Default 0.1. */
  lr?: number;
  /** Images per training batch (integer >= 1). Default 64; the last batch of an epoch keeps the remainder. */
  batchSize?: number;
  /** Passes over the training set (integer >= 1). Default 20, as the seed. */
  epochs?: number;
  /** Evaluate on the full validation set after every this many batches, counted as `evalSchedule` says. Default 100. */
  evalEvery?: number;
  /**
   * How batches are counted for `evalEvery`: `global` over the whole run (steps 100, 200, …), or `per-epoch`
   * from 0 in every epoch, as the seed program's `i % 100 == 99` (9 points per 938-batch epoch). Default `global`.
   */
  evalSchedule?: EvalSchedule;
  /** Also evaluate after the last step. Default: true for `global`, false for `per-epoch` (the seed does not). */
  evalFinal?: boolean;
  /** Data-order seed (non-negative integer). Default 0. */
  seed?: number;
  /** Shuffle the training set each epoch (PyTorch DataLoader `shuffle=True`). Default true. */
  shuffle?: boolean;
  /** Train and validate on negative images (see {@link MemberTrainOptions.negative}). Default: the polarity of `data.train`. */
  negative?: boolean;
  /** Number of validation images (the first ones) the probes use. Default 1000, capped at the validation size. */
  probeSize?: number;
  /** Bins of the fc1 weight-gradient histogram kept at each epoch end (odd keeps a bin centred on 0). Default 41. */
  histogramBins?: number;
  /** The histogram spans [-range, +range]; values outside fall into the end bins. Default 0.01. */
  histogramRange?: number;
  /** Images per member per evaluation chunk (bounds memory for big ensembles). Default 2000. */
  evalChunkSize?: number;
  /**
   * At most this many optimiser steps per engine call, for engines that run several steps without
   * returning to JavaScript (ONNX Runtime on the CPU: a Loop over the steps between two evaluations).
   * A call never crosses a multiple of it, so 1 gives one call per step. Hooks still see every step:
   * `onBatchEnd` runs for each step of a call once the call returns (an abort it requests takes effect
   * after that call). Results do not depend on it.
   * Default 100.
   */
  stepsPerCall?: number;
  /**
   * An engine call also ends after this many steps of this `train()` call (integer >= 1; counted from
   * the step it starts or resumes at): a benchmark's untimed warm-up is then a call of its own, and the
   * calls after it are the ones a run makes (up to the next multiple of `stepsPerCall`). Results do not
   * depend on it. Default: none (only `stepsPerCall`, evaluations and epoch ends end calls).
   */
  firstCallSteps?: number;
  /**
   * Multiplier of `lr` for the first layer's kernel and bias only (fc1 trains at `lr * fc1LrScale`, the
   * other layers at `lr`; > 0). Default 1.
   */
  fc1LrScale?: number;
  /**
   * Added to fc1's weight from the images' centre pixel to hidden unit 0 (see {@link perturbCentreWeight})
   * before the first step, not on resume (the checkpoint holds it): a twin run for the chaos measure
   * (finite). Default 0.
   */
  perturbation?: number;
  /**
   * Stop after this many optimiser steps even if `epochs` are not done (integer >= 1); the run is then
   * complete (`done`), its last step is the final one (evaluated when `evalFinal`). Default: all epochs.
   */
  maxSteps?: number;
  /**
   * The sharpness probe: λmax of each member's training-loss Hessian on a fixed batch of training images,
   * before the first step and every `every` steps, stored as the result's `sharpness` (see
   * {@link measureSharpness}). Needs an engine with `lossGradient` (both engines of this project have it).
   * Default: off.
   */
  sharpness?: {
    /** Steps between measurements (integer >= 1). */
    every: number;
    /** Training images of the probe batch (integer >= 1, capped at the training set). Default 2048. */
    images?: number;
    /** Power iterations at most (integer >= 1). Default 50. */
    iterations?: number;
    /** Relative change of the estimate that stops the iteration (> 0). Default 1e-3. */
    tolerance?: number;
    /** Central-difference step along the unit direction (> 0). Default 1e-3. */
    epsilon?: number;
  };
  /**
   * Record, at every evaluation, fc1's weight gradient of that step against the unit mean training input
   * direction (see {@link meanDirectionProbe}) as the evaluation's `meanDirection`. Default false.
   */
  meanDirection?: boolean;
  /** Ensembles only: one entry per member, overriding lr, negative, seed, fc1LrScale and perturbation. Default: run-level values for all. */
  members?: readonly MemberTrainOptions[];
  /** Hooks, awaited in order; plain objects with any subset of the methods. */
  hooks?: TrainHooks | readonly TrainHooks[];
  /**
   * Stops the run after the current engine call (one step; on engines that run several, the steps of
   * that call, see `stepsPerCall`; one step when it is already aborted); the result then carries a
   * checkpoint to resume from.
   */
  signal?: AbortSignal;
  /** Continue a run from a checkpoint (from onEvalEnd or an interrupted result); the options must match the run's. */
  resumeFrom?: Checkpoint;
  /**
   * The engine that runs the steps, evaluations and probes, e.g. `tfjsEngine` of @negmnist/engine-tfjs (the
   * active TensorFlow.js backend) or `onnxEngine()` of @negmnist/engine-onnx. Required: the loop has none of its own.
   */
  engine: TrainEngine;
  /** Clock in milliseconds, injectable for tests. Default `performance.now`. */
  now?: () => number;
}

/** Validates options against the model and the data; throws ConfigError naming the option. */
export function resolveTrainOptions(model: TrainModel, data: TrainData, options: TrainOptions): ResolvedTrainOptions {
  if (typeof options.engine?.open !== 'function') {
    throw new ConfigError('engine', 'a TrainEngine (tfjsEngine of @negmnist/engine-tfjs, onnxEngine() of @negmnist/engine-onnx, …)', options.engine);
  }
  const lr = positive('lr', options.lr ?? SEED_CONFIG.lr);
  const seed = seedOf('seed', options.seed ?? 0);
  const negative = options.negative ?? data.train.negative;
  const fc1LrScale = positive('fc1LrScale', options.fc1LrScale ?? RUN_CONFIG_DEFAULTS.fc1LrScale);
  const perturbation = finite('perturbation', options.perturbation ?? RUN_CONFIG_DEFAULTS.perturbation);
  const memberList = options.members ?? [];
  if (memberList.length !== 0 && memberList.length !== model.size) {
    throw new ConfigError('members', `an array of ${model.size} entries (one per model member)`, `${memberList.length} entries`);
  }
  const members = Array.from({ length: model.size }, (_, k) => {
    const m = memberList[k] ?? {};
    return {
      lr: m.lr === undefined ? lr : positive(`members[${k}].lr`, m.lr),
      seed: m.seed === undefined ? seed : seedOf(`members[${k}].seed`, m.seed),
      negative: m.negative ?? negative,
      fc1LrScale: m.fc1LrScale === undefined ? fc1LrScale : positive(`members[${k}].fc1LrScale`, m.fc1LrScale),
      perturbation: m.perturbation === undefined ? perturbation : finite(`members[${k}].perturbation`, m.perturbation),
    };
  });
  const sizes = model.members[0]?.layerSizes ?? [];
  for (const split of ['train', 'validation'] as const) {
    const ds = data[split];
    if (ds.features !== sizes[0]) throw new ConfigError(`data.${split}.features`, `${sizes[0]} (the model's input size)`, ds.features);
    if (ds.numClasses !== sizes[sizes.length - 1]) {
      throw new ConfigError(`data.${split}.numClasses`, `${sizes[sizes.length - 1]} (the model's output size)`, ds.numClasses);
    }
    if (ds.count < 1) throw new ConfigError(`data.${split}.count`, 'at least 1 image', ds.count);
  }
  const evalEvery = integer('evalEvery', options.evalEvery ?? SEED_CONFIG.evalEvery, 1);
  const schedule = options.evalSchedule ?? RUN_CONFIG_DEFAULTS.evalSchedule;
  if (!(evalSchedules as readonly string[]).includes(schedule)) throw new ConfigError('evalSchedule', evalSchedules.join(' or '), schedule);
  if (options.evalFinal !== undefined && typeof options.evalFinal !== 'boolean') throw new ConfigError('evalFinal', 'a boolean', options.evalFinal);
  return {
    batchSize: integer('batchSize', options.batchSize ?? SEED_CONFIG.batchSize, 1),
    epochs: integer('epochs', options.epochs ?? SEED_CONFIG.epochs, 1),
    maxSteps: options.maxSteps === undefined ? undefined : integer('maxSteps', options.maxSteps, 1),
    evalEvery,
    evaluation: { schedule, every: evalEvery, final: options.evalFinal ?? defaultEvalFinal(schedule) },
    shuffle: options.shuffle ?? true,
    probeSize: Math.min(integer('probeSize', options.probeSize ?? SEED_CONFIG.probeSize, 1), data.validation.count),
    histogramBins: integer('histogramBins', options.histogramBins ?? 41, 1),
    histogramRange: positive('histogramRange', options.histogramRange ?? 0.01),
    evalChunkSize: integer('evalChunkSize', options.evalChunkSize ?? 2000, 1),
    stepsPerCall: integer('stepsPerCall', options.stepsPerCall ?? 100, 1),
    sharpness: resolveSharpness(options.sharpness, data.train.count),
    meanDirection: options.meanDirection === true,
    members,
  };
}

/** `options.firstCallSteps`, checked (an integer >= 1), or undefined when it is not given. */
export function resolveFirstCallSteps(options: Pick<TrainOptions, 'firstCallSteps'>): number | undefined {
  return options.firstCallSteps === undefined ? undefined : integer('firstCallSteps', options.firstCallSteps, 1);
}

function resolveSharpness(options: TrainOptions['sharpness'], trainImages: number): SharpnessSettings | undefined {
  if (options === undefined) return undefined;
  const d = SHARPNESS_DEFAULTS;
  return {
    every: integer('sharpness.every', options.every, 1),
    images: Math.min(integer('sharpness.images', options.images ?? d.images, 1), trainImages),
    iterations: integer('sharpness.iterations', options.iterations ?? d.iterations, 1),
    tolerance: positive('sharpness.tolerance', options.tolerance ?? d.tolerance),
    epsilon: positive('sharpness.epsilon', options.epsilon ?? d.epsilon),
  };
}

function integer(option: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new ConfigError(option, `an integer >= ${min}`, value);
  return value;
}

function positive(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(option, 'a finite number > 0', value);
  return value;
}

function finite(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(option, 'a finite number', value);
  return value;
}

function seedOf(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new ConfigError(option, 'an integer in [0, 2^32)', value);
  return value;
}
