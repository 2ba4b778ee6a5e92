import { runConfigSchema } from '@negmnist/core';
import { z } from 'zod';
import { PRESETS } from './presets';

const idPattern = /^[A-Za-z0-9._-]+$/;
const positiveInt = z.number().int().positive();

/** A dataset given by IDX files; relative paths are resolved from the experiment file's folder. */
export const idxDatasetSchema = z.strictObject({
  /** Name stored in the run records. Default: the images file name. */
  name: z.string().regex(idPattern).optional(),
  images: z.string().min(1),
  labels: z.string().min(1),
  testImages: z.string().min(1),
  testLabels: z.string().min(1),
});

/**
 * Fixed settings shared by every run of the experiment: the run config's fields (@negmnist/core's
 * `runConfigSchema`, with its rules and defaults) but the per-run ones (dataset, seed) and `evalFinal`,
 * which follows `evalSchedule`; unset fields come from the preset (`seed`: the seed program).
 */
export const baseSchema = z
  .strictObject({ preset: z.enum(Object.keys(PRESETS) as [string, ...string[]]).optional() })
  .extend(runConfigSchema.omit({ dataset: true, seed: true, evalFinal: true }).partial().shape);

const field = runConfigSchema.shape;
const axis = <T extends z.ZodType>(value: T) => z.array(value).min(1).optional();

/** Axes of the sweep, each a list of a run-config field's values; the experiment trains their cartesian product, once per seed. */
export const gridSchema = z.strictObject({
  negative: axis(field.negative),
  hidden: axis(field.hidden),
  output: axis(field.output),
  init: axis(field.init),
  lr: axis(field.lr),
  batchSize: axis(field.batchSize),
  layers: axis(field.layers),
  input: axis(field.input.unwrap()),
  inputOffset: axis(field.inputOffset.unwrap()),
  fc1LrScale: axis(field.fc1LrScale.unwrap()),
  perturbation: axis(field.perturbation.unwrap()),
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
