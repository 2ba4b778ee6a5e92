import { defaultEvalFinal, SEED_CONFIG, type EvalSchedule, type RunConfig } from '@negmnist/core';

/** Training settings every run needs, without the dataset name and seed (those come per run). */
export type TrainingSettings = Omit<RunConfig, 'dataset' | 'seed'>;

/** The seed program (`SEED_CONFIG` of @negmnist/results) on positive images. */
export const SEED_PRESET: TrainingSettings = { ...SEED_CONFIG, layers: [...SEED_CONFIG.layers], negative: false };

/** Named presets `--preset` and an experiment's `base.preset` accept. */
export const PRESETS: Record<string, TrainingSettings> = { seed: SEED_PRESET };

/** Settings with another evaluation schedule: `global` evaluates after the last step too, `per-epoch` (the seed's) does not. */
export function withEvalSchedule(settings: TrainingSettings, schedule: EvalSchedule | undefined): TrainingSettings {
  return schedule === undefined ? settings : { ...settings, evalSchedule: schedule, evalFinal: defaultEvalFinal(schedule) };
}
