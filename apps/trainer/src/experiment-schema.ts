import { evalSchedules, hiddenActivations, initializers, inputScalings, outputActivations } from '@negmnist/core';
import { z } from 'zod';

const idPattern = /^[A-Za-z0-9._-]+$/;
const positiveInt = z.number().int().positive();
const layers = z.array(positiveInt).min(2);
const finite = z.number().finite();
const positive = z.number().positive();

/** A dataset given by IDX files; relative paths are resolved from the experiment file's folder. */
export const idxDatasetSchema = z.strictObject({
  /** Name stored in the run records. Default: the images file name. */
  name: z.string().regex(idPattern).optional(),
  images: z.string().min(1),
  labels: z.string().min(1),
  testImages: z.string().min(1),
  testLabels: z.string().min(1),
});

/** Fixed settings shared by every run of the experiment; unset fields come from the preset. */
export const baseSchema = z.strictObject({
  preset: z.enum(['seed']).optional(),
  negative: z.boolean().optional(),
  layers: layers.optional(),
  hidden: z.enum(hiddenActivations).optional(),
  output: z.enum(outputActivations).optional(),
  init: z.enum(initializers).optional(),
  lr: z.number().positive().optional(),
  batchSize: positiveInt.optional(),
  epochs: positiveInt.optional(),
  evalEvery: positiveInt.optional(),
  evalSchedule: z.enum(evalSchedules).optional(),
  probeSize: positiveInt.optional(),
  /** Pixel scaling after polarity and offset, with the training set's statistics. Default `unit`. */
  input: z.enum(inputScalings).optional(),
  /** Constant added to every pixel after `1 - x`. Default 0. */
  inputOffset: finite.optional(),
  /** Factor applied after the `input` scaling. Default 1. */
  inputGain: positive.optional(),
  /** Measure the sharpness (λmax of the loss Hessian) at step 0 and every this many steps. Default: never. */
  sharpnessEvery: positiveInt.optional(),
  /** Record fc1's update against the mean input direction at every evaluation. Default false. */
  meanDirectionProbe: z.boolean().optional(),
  /** fc1 trains at `lr * fc1LrScale`. Default 1. */
  fc1LrScale: positive.optional(),
  /** Added to fc1's weight from the centre pixel to hidden unit 0 after initialisation (twin runs). Default 0. */
  perturbation: finite.optional(),
  /** Stop after this many optimiser steps. Default: all epochs. */
  maxSteps: positiveInt.optional(),
});

const axis = <T extends z.ZodType>(value: T) => z.array(value).min(1).optional();

/** Axes of the sweep; the experiment trains their cartesian product, once per seed. */
export const gridSchema = z.strictObject({
  negative: axis(z.boolean()),
  hidden: axis(z.enum(hiddenActivations)),
  output: axis(z.enum(outputActivations)),
  init: axis(z.enum(initializers)),
  lr: axis(z.number().positive()),
  batchSize: axis(positiveInt),
  layers: axis(layers),
  input: axis(z.enum(inputScalings)),
  inputOffset: axis(finite),
  fc1LrScale: axis(positive),
  perturbation: axis(finite),
});

/** An experiment file: `negmnist grid <file.json>`. */
export const experimentSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Folder name under the results directory. */
  name: z.string().regex(idPattern, 'expected letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  /** `mnist` (the default) or IDX files. */
  dataset: z
    .union([z.literal('mnist'), idxDatasetSchema], { error: 'expected "mnist" or an object { images, labels, testImages, testLabels }' })
    .default('mnist'),
  base: baseSchema.default({}),
  grid: gridSchema.default({}),
  /** Seeds to train every configuration with: a list, or a count n meaning 0..n-1. */
  seeds: z.union([z.array(z.number().int().nonnegative()).min(1), positiveInt], {
    error: 'expected a positive count n (seeds 0..n-1) or a non-empty list of non-negative integer seeds',
  }),
});

/** The grid axes of an experiment file. */
export type GridAxes = z.infer<typeof gridSchema>;
/** IDX file paths of a custom dataset. */
export type IdxDatasetFiles = z.infer<typeof idxDatasetSchema>;
