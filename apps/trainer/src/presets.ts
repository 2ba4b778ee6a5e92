import { SEED_CONFIG, type EvalSchedule, type RunConfig } from '@negmnist/results';

/** Training settings every run needs, without the dataset name and seed (those come per run). */
export type TrainingSettings = Omit<RunConfig, 'dataset' | 'seed'>;

/** The seed program (`SEED_CONFIG` of @negmnist/results) on positive images. */
export const SEED_PRESET: TrainingSettings = { ...SEED_CONFIG, layers: [...SEED_CONFIG.layers], negative: false };

/** Named presets `--preset` and an experiment's `base.preset` accept. */
export const PRESETS: Record<string, TrainingSettings> = { seed: SEED_PRESET };

/** Settings with another evaluation schedule: `global` evaluates after the last step too, `per-epoch` (the seed's) does not. */
export function withEvalSchedule(settings: TrainingSettings, schedule: EvalSchedule | undefined): TrainingSettings {
  return schedule === undefined ? settings : { ...settings, evalSchedule: schedule, evalFinal: schedule === 'global' };
}

/** Defaults of the optional run-config fields: a field at its default is left out of the config (and so of run ids and records). */
const OPTIONAL_DEFAULTS = { input: 'unit', inputOffset: 0, inputGain: 1, fc1LrScale: 1, perturbation: 0 } as const;

/**
 * The config without the optional fields that hold their defaults (`input` unit, `inputOffset` 0,
 * `fc1LrScale` 1, `perturbation` 0; `maxSteps` has none): records and run ids of runs that do not
 * change them stay as they were before those fields existed.
 */
export function omitDefaults<T extends Partial<RunConfig>>(config: T): T {
  const out = { ...config };
  for (const [key, value] of Object.entries(OPTIONAL_DEFAULTS)) if (out[key as keyof T] === value) delete out[key as keyof T];
  return out;
}
