import { compactRunConfig, polarities, RUN_CONFIG_DEFAULTS, SEED_CONFIG } from '@negmnist/core';
import type { HiddenActivation, Initializer, InputScaling, OutputActivation, Polarity, RunConfig } from '@negmnist/core';
import type { BackendChoice } from './engines';

/** Everything the lab's controls set. */
export interface LabSettings {
  /** Runs to train side by side, each from the same initial weights and batch order. */
  polarities: readonly Polarity[];
  hidden: HiddenActivation;
  output: OutputActivation;
  init: Initializer;
  /** SGD learning rate (> 0). */
  lr: number;
  /** Pixel scaling with the training subset's own statistics (per polarity): `unit` is the seed's x = pixel / 255. */
  input: InputScaling;
  /** Seed of the initial weights and of the batch order (integer >= 0). */
  seed: number;
  /** Passes over the lab's training subset. */
  epochs: number;
  /** Evaluate on the validation subset every this many steps. */
  evalEvery: number;
  /** The engine asked for (lib/lab/engines.ts): `auto` is the best available. */
  backend: BackendChoice;
}

/**
 * The seed program's settings (`SEED_CONFIG` of @negmnist/core: ReLU on the logits, PyTorch init, lr 0.1) with
 * the default input scaling, positive and negative side by side; shorter, and evaluated more often, to fit
 * the lab's training subset.
 */
export const DEFAULT_SETTINGS: LabSettings = {
  polarities: [...polarities],
  hidden: SEED_CONFIG.hidden,
  output: SEED_CONFIG.output,
  init: SEED_CONFIG.init,
  lr: SEED_CONFIG.lr,
  input: RUN_CONFIG_DEFAULTS.input,
  seed: 0,
  epochs: 10,
  evalEvery: 25,
  backend: 'auto',
};

/** Name of the dataset in lab records: the MNIST subset served with the page. */
export function labDatasetName(trainCount: number, testCount: number): string {
  return `mnist-lab-${trainCount}-${testCount}`;
}

/**
 * The run config of one lab run, in the CLI's schema: what its record stores and what the worker trains
 * (through core's `runSettings`). The seed's batch size and probe images; evaluation every `evalEvery` steps
 * counted over the run (the config's default `global` schedule, with a final evaluation); the default input
 * scaling left out, as the CLI does.
 */
export function labRunConfig(settings: LabSettings, polarity: Polarity, dataset: string, layers: readonly number[]): RunConfig {
  return compactRunConfig({
    dataset,
    negative: polarity === 'negative',
    layers: [...layers],
    hidden: settings.hidden,
    output: settings.output,
    init: settings.init,
    lr: settings.lr,
    batchSize: SEED_CONFIG.batchSize,
    epochs: settings.epochs,
    evalEvery: settings.evalEvery,
    seed: settings.seed,
    probeSize: SEED_CONFIG.probeSize,
    input: settings.input,
  });
}

/** Human label of a run, as the CLI writes them (`negative · relu`), plus what differs from the seed. */
export function labRunLabel(settings: LabSettings, polarity: Polarity): string {
  const parts: string[] = [polarity, settings.hidden];
  if (settings.output !== DEFAULT_SETTINGS.output) parts.push(`out ${settings.output}`);
  if (settings.init !== DEFAULT_SETTINGS.init) parts.push(settings.init);
  if (settings.input !== DEFAULT_SETTINGS.input) parts.push(settings.input);
  if (settings.lr !== DEFAULT_SETTINGS.lr) parts.push(`lr ${settings.lr}`);
  return parts.join(' · ');
}

/** Run id: safe for the schema's `[A-Za-z0-9._-]+` and unique per settings. */
export function labRunId(settings: LabSettings, polarity: Polarity): string {
  return [polarity === 'negative' ? 'neg' : 'pos', settings.hidden, settings.output, settings.init, settings.input, `lr${settings.lr}`, `s${settings.seed}`]
    .join('-')
    .replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The settings typed as numbers into the lab's form. */
export type NumericSetting = 'lr' | 'seed' | 'epochs' | 'evalEvery';

/** What each numeric field accepts: its name in messages, whole numbers only or not, and its bounds. */
export const NUMERIC_FIELDS: Record<NumericSetting, { name: string; integer: boolean; min: number; minExclusive: boolean; max?: number }> = {
  lr: { name: 'Learning rate', integer: false, min: 0, minExclusive: true },
  seed: { name: 'Seed', integer: true, min: 0, minExclusive: false },
  epochs: { name: 'Epochs', integer: true, min: 1, minExclusive: false, max: 50 },
  evalEvery: { name: 'Evaluate every', integer: true, min: 1, minExclusive: false },
};

/**
 * The value typed into a numeric field, or why it cannot be used: what was expected and what was
 * received (the form shows the message beside the field and keeps Start disabled).
 */
export function parseNumericSetting(key: NumericSetting, raw: string): { value: number } | { error: string } {
  const field = NUMERIC_FIELDS[key];
  const range = field.minExclusive
    ? `above ${field.min}`
    : field.max === undefined
      ? `${field.min} or more`
      : `from ${field.min} to ${field.max}`;
  const expected = `${field.name}: expected ${field.integer ? 'a whole number' : 'a number'} ${range}`;
  const text = raw.trim();
  if (text === '') return { error: `${expected}; the field is empty.` };
  const value = Number(text);
  const fits =
    Number.isFinite(value) &&
    (field.minExclusive ? value > field.min : value >= field.min) &&
    (field.max === undefined || value <= field.max) &&
    (!field.integer || Number.isInteger(value));
  return fits ? { value } : { error: `${expected}, received ${text}.` };
}
