import type { Intervention } from '@negmnist/results';
import type { Polarity, RunConfig } from '@negmnist/core';
import type { RunSpec } from '../config/experiment';
import type { InputForm } from './forms';
import { SEED_PRESET } from '../config/presets';
import { compactRunConfig, defaultEvalFinal, polarities } from '@negmnist/core';
import type { TrainingSettings } from '../config/presets';

/** Settings of the critical-learning-rate sweep: every input form at every learning rate, several seeds. */
export interface SweepSettings {
  forms: InputForm[];
  /** Learning rates, ascending. */
  lrs: number[];
  seeds: number;
}

/** Settings of the sharpness runs: every sweep form at the seed's learning rate, λmax every `every` steps. */
export interface SharpnessRunSettings {
  seeds: number;
  steps: number;
  /** Steps between sharpness measurements and between evaluations. */
  every: number;
}

/** Settings of the twin runs (chaos measure). */
export interface ChaosSettings {
  seeds: number;
  maxSteps: number;
  evalEvery: number;
  /** Added to one fc1 weight of the twin (the run config's `perturbation`). */
  perturbation: number;
}

/** Settings of the mechanism runs (an evaluation every step, with the mean-direction probe). */
export interface MechanismSettings {
  seeds: number;
  steps: number;
  /** Ids of the sweep forms to run (positive and negative always). */
  forms: string[];
}

/** What `negmnist explain` trains. */
export interface ExplainRunOptions {
  /** Experiment folder. */
  experiment: string;
  /** Dataset name stored in the records. */
  dataset: string;
  /** Steps per epoch of the training set at the batch size (sizes the epochs of step-limited runs). */
  stepsPerEpoch: number;
  interventions: readonly Intervention[];
  /** Seeds per intervention and polarity. */
  seeds: number;
  /** The seed configuration with the command line's overrides (epochs, batch, evaluation). */
  base: TrainingSettings;
  /** Null skips the sweep. */
  sweep: SweepSettings | null;
  /** Null skips the sharpness runs (they use the sweep's forms). */
  sharpness: SharpnessRunSettings | null;
  /** Null skips the twin runs. */
  chaos: ChaosSettings | null;
  /** Null skips the mechanism runs. */
  mechanism: MechanismSettings | null;
}

/** One intervention on one polarity and its runs. */
export interface PlannedConfiguration {
  intervention: Intervention;
  polarity: Polarity;
  label: string;
  runIds: string[];
}

/** One sweep cell (an input form at one learning rate) and its runs. */
export interface PlannedSweepCell {
  form: string;
  lr: number;
  runIds: string[];
}

/** One twin pair. */
export interface PlannedChaosPair {
  intervention: string;
  polarity: Polarity;
  seed: number;
  runIds: [string, string];
}

/** The runs of an explanation and which part of the record each belongs to. */
export interface ExplainPlan {
  /** Every run to train (or reuse), each configuration once. */
  specs: RunSpec[];
  configurations: PlannedConfiguration[];
  sweepCells: PlannedSweepCell[];
  /** Per input form, its sharpness runs. */
  sharpness: Array<{ form: string; runIds: string[] }>;
  chaosPairs: PlannedChaosPair[];
  /** Per input form, its mechanism runs. */
  mechanism: Array<{ form: string; runIds: string[] }>;
}

const short = (polarity: Polarity): string => (polarity === 'negative' ? 'neg' : 'pos');

/** The seed configuration (`SEED_PRESET`) for `negmnist explain`, with overrides (its epochs, the command line's `runOverrides`). */
export function explainBase(overrides: Partial<TrainingSettings>): TrainingSettings {
  return { ...SEED_PRESET, ...overrides };
}

// Same settings, same key: identical runs of two parts (the phase cell c = 0, lr 0.1 is the baseline) train once.
const configKey = (config: RunConfig): string => JSON.stringify(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));

/** The runs of an explanation: interventions x polarities x seeds, the sweep's cells, sharpness runs, twin pairs and mechanism runs. */
export function explainRuns(options: ExplainRunOptions): ExplainPlan {
  const { experiment, dataset, base, stepsPerEpoch } = options;
  const specs: RunSpec[] = [];
  const byKey = new Map<string, string>();
  const add = (id: string, label: string, asked: RunConfig): string => {
    // Fields at their defaults are left out, as every command stores them.
    const config = compactRunConfig(asked);
    const key = configKey(config);
    const existing = byKey.get(key);
    if (existing !== undefined) return existing;
    byKey.set(key, id);
    specs.push({ experiment, id, label, config });
    return id;
  };
  const configFor = (change: Partial<RunConfig>, polarity: Polarity, seed: number): RunConfig => ({ ...base, ...change, dataset, seed, negative: polarity === 'negative' });
  const seeds = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  // Step-limited runs: evaluate on the global step count and after the last step, with enough epochs to reach it.
  const stepLimited = (maxSteps: number, evalEvery: number): Partial<RunConfig> => ({
    maxSteps,
    evalEvery,
    evalSchedule: 'global',
    evalFinal: defaultEvalFinal('global'),
    epochs: Math.max(1, Math.ceil(maxSteps / stepsPerEpoch)),
  });

  const configurations = options.interventions.flatMap((intervention) =>
    polarities.map((polarity) => {
      const label = `${intervention.id} · ${polarity}`;
      const runIds = seeds(options.seeds).map((seed) => add(`${intervention.id}-${short(polarity)}-s${seed}`, label, configFor(intervention.change, polarity, seed)));
      return { intervention, polarity, label, runIds };
    }),
  );

  const formConfig = (form: InputForm, change: Partial<RunConfig>, seed: number): RunConfig => ({ ...base, dataset, seed, negative: false, ...form.change, ...change });
  const sweepCells: PlannedSweepCell[] = [];
  if (options.sweep !== null) {
    for (const form of options.sweep.forms) {
      for (const lr of options.sweep.lrs) {
        // same settings as an intervention run (e.g. negative at lr 0.1, the baseline): trained once, shared
        const runIds = seeds(options.sweep.seeds).map((seed) => add(`sweep-${form.id}-lr${lr}-s${seed}`, `sweep ${form.label} · lr ${lr}`, formConfig(form, { lr }, seed)));
        sweepCells.push({ form: form.id, lr, runIds });
      }
    }
  }

  const sharpness: ExplainPlan['sharpness'] = [];
  if (options.sharpness !== null && options.sweep !== null) {
    const { steps, every } = options.sharpness;
    for (const form of options.sweep.forms) {
      const runIds = seeds(options.sharpness.seeds).map((seed) =>
        add(`sharpness-${form.id}-s${seed}`, `sharpness ${form.label}`, formConfig(form, { ...stepLimited(steps, every), sharpnessEvery: every }, seed)),
      );
      sharpness.push({ form: form.id, runIds });
    }
  }

  const chaosPairs: PlannedChaosPair[] = [];
  if (options.chaos !== null) {
    const { maxSteps, evalEvery, perturbation } = options.chaos;
    for (const intervention of options.interventions) {
      for (const polarity of polarities) {
        for (const seed of seeds(options.chaos.seeds)) {
          const config = { ...configFor(intervention.change, polarity, seed), ...stepLimited(maxSteps, evalEvery) };
          const name = `chaos-${intervention.id}-${short(polarity)}-s${seed}`;
          const label = `chaos ${intervention.id} · ${polarity}`;
          const a = add(name, label, config);
          const b = add(`${name}-twin`, `${label} · twin`, { ...config, perturbation });
          chaosPairs.push({ intervention: intervention.id, polarity, seed, runIds: [a, b] });
        }
      }
    }
  }

  const mechanism: ExplainPlan['mechanism'] = [];
  if (options.mechanism !== null) {
    const { steps } = options.mechanism;
    const forms = (options.sweep?.forms ?? []).filter((f) => options.mechanism?.forms.includes(f.id));
    for (const form of forms) {
      const runIds = seeds(options.mechanism.seeds).map((seed) =>
        add(`mechanism-${form.id}-s${seed}`, `mechanism · ${form.label}`, formConfig(form, { ...stepLimited(steps, 1), meanDirectionProbe: true }, seed)),
      );
      mechanism.push({ form: form.id, runIds });
    }
  }
  return { specs, configurations, sweepCells, sharpness, chaosPairs, mechanism };
}
