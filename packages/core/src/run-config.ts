import { z } from 'zod';
import { evalSchedules, hiddenActivations, initializers, inputScalings, outputActivations, type EvalSchedule, type InputScaling } from './vocabulary';

/**
 * Everything that determines a run's numbers (with the backend), as run records store it. Optional fields
 * were added after the first records; absent, they hold {@link RUN_CONFIG_DEFAULTS} (see {@link resolveRunConfig}).
 */
export const runConfigSchema = z.strictObject({
  /** Dataset name (`mnist`) or a label for a custom IDX dataset. */
  dataset: z.string().min(1),
  /** Train on negative images `1 - x`. */
  negative: z.boolean(),
  /** Layer sizes including input and output, e.g. [784, 200, 100, 10]. */
  layers: z.array(z.number().int().positive()).min(2),
  hidden: z.enum(hiddenActivations),
  output: z.enum(outputActivations),
  init: z.enum(initializers),
  /** SGD learning rate. */
  lr: z.number().positive(),
  batchSize: z.number().int().positive(),
  epochs: z.number().int().positive(),
  /** Evaluate on the full validation set every this many batches (seed: 100), counted as `evalSchedule` says. */
  evalEvery: z.number().int().positive(),
  /** How batches are counted for `evalEvery`; absent in records written before it existed, which used `global`. */
  evalSchedule: z.enum(evalSchedules).optional(),
  /** Whether the run also evaluated after its last step; absent: true for `global`, false for `per-epoch`. */
  evalFinal: z.boolean().optional(),
  seed: z.number().int().nonnegative(),
  /** Number of fixed validation images the probes use. */
  probeSize: z.number().int().positive(),
  /** Pixel scaling before the network (after `1 - x` for negative images and `inputOffset`); absent means `unit`. */
  input: z.enum(inputScalings).optional(),
  /** Constant added to every pixel after `1 - x` (negative images) and before `input` scaling; absent means 0. */
  inputOffset: z.number().finite().optional(),
  /** Factor applied after the `input` scaling (e.g. a zero-mean input rescaled to a chosen E||x||²); absent means 1. */
  inputGain: z.number().positive().finite().optional(),
  /** Multiplier of `lr` for the first layer's weights and bias (fc1); absent means 1. */
  fc1LrScale: z.number().positive().optional(),
  /**
   * Added (in float32) after initialisation to fc1's weight from the centre pixel (row 14, column 14 of a
   * 28x28 image; input index `features / 2 + side / 2` in general) to hidden unit 0: a twin run for the chaos
   * measure (the weight experiments/reproduce/lockstep perturbs; a border pixel would be 0 in every positive
   * image and the perturbation would do nothing there). Absent means 0.
   */
  perturbation: z.number().finite().optional(),
  /** Stop after this many optimiser steps, before the end of `epochs` (then evaluate if `evalFinal`); absent: train all epochs. */
  maxSteps: z.number().int().positive().optional(),
  /** Record fc1's update against the mean input direction at every evaluation (`meanDirection`); absent: false. */
  meanDirectionProbe: z.boolean().optional(),
  /** Measure the sharpness (λmax of the training-loss Hessian) before the first step and every this many steps; absent: never. */
  sharpnessEvery: z.number().int().positive().optional(),
});

/** A run's configuration as records store it. */
export type RunConfig = z.infer<typeof runConfigSchema>;

/**
 * The values of the optional run-config fields when absent: the one place these defaults live. A run
 * that leaves a field at its default leaves it out of its config (see {@link compactRunConfig}), so its
 * record and run id stay as they were before the field existed.
 */
export const RUN_CONFIG_DEFAULTS = Object.freeze({
  input: 'unit' as InputScaling,
  inputOffset: 0,
  inputGain: 1,
  fc1LrScale: 1,
  perturbation: 0,
  /** Records before `evalSchedule` existed counted steps over the run. */
  evalSchedule: 'global' as EvalSchedule,
  meanDirectionProbe: false,
});

/** The optional fields {@link compactRunConfig} drops at their default (the schedule fields are always written). */
const COMPACTED = ['input', 'inputOffset', 'inputGain', 'fc1LrScale', 'perturbation'] as const;

/** A run config with every defaulted field filled; `maxSteps` and `sharpnessEvery` stay optional (no value means "none"). */
export type ResolvedRunConfig = Required<Omit<RunConfig, 'maxSteps' | 'sharpnessEvery'>> & Pick<RunConfig, 'maxSteps' | 'sharpnessEvery'>;

/** The default of `evalFinal` for a schedule: `global` evaluates after the last step too, `per-epoch` (the seed's) does not. */
export function defaultEvalFinal(schedule: EvalSchedule): boolean {
  return schedule === 'global';
}

/** Fills the defaulted fields of a (valid) run config: how to read any record's config, old or new. */
export function resolveRunConfig(config: RunConfig): ResolvedRunConfig {
  const d = RUN_CONFIG_DEFAULTS;
  const evalSchedule = config.evalSchedule ?? d.evalSchedule;
  return {
    ...config,
    evalSchedule,
    evalFinal: config.evalFinal ?? defaultEvalFinal(evalSchedule),
    input: config.input ?? d.input,
    inputOffset: config.inputOffset ?? d.inputOffset,
    inputGain: config.inputGain ?? d.inputGain,
    fc1LrScale: config.fc1LrScale ?? d.fc1LrScale,
    perturbation: config.perturbation ?? d.perturbation,
    meanDirectionProbe: config.meanDirectionProbe ?? d.meanDirectionProbe,
  };
}

/**
 * The config without the input and fc1 fields that hold their defaults (`input`, `inputOffset`,
 * `inputGain`, `fc1LrScale`, `perturbation`): records and run ids of runs that do not change them stay
 * as they were before those fields existed.
 */
export function compactRunConfig<T extends Partial<RunConfig>>(config: T): T {
  const out = { ...config };
  for (const key of COMPACTED) if (out[key] === RUN_CONFIG_DEFAULTS[key]) delete out[key];
  return out;
}
