import type { EvalSchedule, RunConfig } from '@negmnist/results';

/** Training settings every run needs, without the dataset name and seed (those come per run). */
export type TrainingSettings = Omit<RunConfig, 'dataset' | 'seed'>;

/**
 * The seed program: 784-200-100-10, ReLU everywhere (logits too), torch init, SGD 0.1, batch 64, evaluation
 * after batches 100, 200, … 900 of every epoch (its `i % 100 == 99`) and none at the end.
 */
export const SEED_PRESET: TrainingSettings = {
  negative: false,
  layers: [784, 200, 100, 10],
  hidden: 'relu',
  output: 'relu',
  init: 'torch',
  lr: 0.1,
  batchSize: 64,
  epochs: 20,
  evalEvery: 100,
  evalSchedule: 'per-epoch',
  evalFinal: false,
  probeSize: 1000,
};

/** Named presets `--preset` and an experiment's `base.preset` accept. */
export const PRESETS: Record<string, TrainingSettings> = { seed: SEED_PRESET };

/** Settings with another evaluation schedule: `global` evaluates after the last step too, `per-epoch` (the seed's) does not. */
export function withEvalSchedule(settings: TrainingSettings, schedule: EvalSchedule | undefined): TrainingSettings {
  return schedule === undefined ? settings : { ...settings, evalSchedule: schedule, evalFinal: schedule === 'global' };
}
