import { evalSchedules, hiddenActivations, initializers, inputScalings, outputActivations, RUN_CONFIG_DEFAULTS } from '@negmnist/core';
import type { EvalSchedule, InputScaling } from '@negmnist/core';
import { backendChoiceNotes, backendChoices, backendIds, DEFAULT_THREADS_TEXT } from '../backends/table';
import { choiceOption, option, readFinite, readNonNegativeInt, readNumberList, readPositive, readPositiveInt, readText, switchFlag } from './flag-table';
import type { FlagTable, Reader, Switch, ValueFlag, Values } from './flag-table';
import { UsageError } from '../errors';
import type { TrainingSettings } from '../config/presets';

export { parseCommand } from './flag-table';
export type { Values } from './flag-table';

/** Run ids and folder names: `--name`, `--id`. */
export const readName: Reader<string> = (raw, flag) => {
  if (!/^[A-Za-z0-9._-]+$/.test(raw)) throw new UsageError(`--${flag}: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(raw)}`);
  return raw;
};

/** `784,200,100,10`: layer sizes with input and output. */
export const readLayers = readNumberList('at least two comma-separated positive integers such as 784,200,100,10', (n) => Number.isInteger(n) && n > 0, 2);

const threadBackends = backendIds((b) => b.parallelism === 'intra-op').join('/');
const workerBackends = backendIds((b) => b.parallelism !== 'own').join('/');

/** `--workers`: worker threads of the backends that train one run per thread (grid, explain). */
export const WORKERS_FLAG = option(readPositiveInt, {
  placeholder: '<n>',
  description: `${workerBackends}: worker threads`,
  defaultText: `one per core, ${threadBackends}: one per --threads cores`,
});

/** Flags of every command that trains runs: where (backend, threads, output), on what data, and what it prints. */
export const SESSION_FLAGS = {
  backend: choiceOption(backendChoices, {
    placeholder: '<name>',
    description: 'where runs train',
    choiceNotes: backendChoiceNotes(),
    default: 'auto',
  }),
  threads: option(readPositiveInt, { placeholder: '<n>', description: `${threadBackends}: ONNX Runtime intra-op threads per run; with several runs, one worker thread per n cores`, defaultText: DEFAULT_THREADS_TEXT }),
  images: option(readText, { placeholder: '<file>', description: 'training images, IDX (raw or .gz); with --labels, --test-images and --test-labels it trains on any IDX dataset instead of MNIST' }),
  labels: option(readText, { placeholder: '<file>', description: 'training labels, IDX' }),
  'test-images': option(readText, { placeholder: '<file>', description: 'validation images, IDX' }),
  'test-labels': option(readText, { placeholder: '<file>', description: 'validation labels, IDX' }),
  name: nameFlag('the folder under --out the runs go to'),
  out: option(readText, { placeholder: '<dir>', description: 'results directory', default: 'results' }),
  quiet: switchFlag('print only the final summary', 'q'),
  json: switchFlag('machine-readable events on stdout, one JSON object per line'),
} as const;

/** A flag that sets one field of the run config (`runOverrides` applies it). */
const config = <F extends ValueFlag<unknown> | Switch>(field: keyof TrainingSettings, flag: F): F & { field: keyof TrainingSettings } => ({ ...flag, field });

const SCHEDULE_NOTES: Record<EvalSchedule, string> = {
  'per-epoch': "count batches from 0 in each epoch and no evaluation at the end: the seed's i % 100 == 99",
  global: 'count steps over the run and evaluate after the last one too',
};

/** Flags of the protocol's shape: every command that trains takes them. */
export const SHAPE_FLAGS = {
  epochs: config('epochs', option(readPositiveInt, { placeholder: '<n>', description: 'epochs' })),
  layers: config('layers', option(readLayers, { placeholder: '<sizes>', description: 'layer sizes with input and output, e.g. 784,200,100,10' })),
  batch: config('batchSize', option(readPositiveInt, { placeholder: '<n>', description: 'batch size' })),
  'eval-every': config('evalEvery', option(readPositiveInt, { placeholder: '<n>', description: 'evaluate on the full test set every n batches' })),
  'eval-schedule': config('evalSchedule', choiceOption(evalSchedules, { placeholder: '<s>', description: 'how batches are counted for --eval-every', choiceNotes: SCHEDULE_NOTES })),
  'probe-size': config('probeSize', option(readPositiveInt, { placeholder: '<n>', description: 'validation images the probes use' })),
} as const;

/** Flags every training command shares (train, grid): the session's, the shape's and the learning rate. */
export const TRAINING_FLAGS = {
  ...SESSION_FLAGS,
  ...SHAPE_FLAGS,
  lr: config('lr', option(readPositive, { placeholder: '<number>', description: 'SGD learning rate' })),
} as const;

/** The network's flags (train): polarity, activations and init. */
export const MODEL_FLAGS = {
  negative: config('negative', switchFlag('train and validate on negative images (1 - x)')),
  hidden: config('hidden', choiceOption(hiddenActivations, { placeholder: '<fn>', description: 'hidden activation' })),
  output: config('output', choiceOption(outputActivations, { placeholder: '<fn>', description: 'output activation' })),
  init: config('init', choiceOption(initializers, { placeholder: '<name>', description: 'weight initialiser', choiceNotes: { torch: "PyTorch's nn.Linear default" } })),
} as const;

const SCALING_NOTES: Record<InputScaling, string> = {
  unit: 'x = v/255',
  centred: 'x - mean',
  standardised: '(x - mean) / std',
  'pixel-centred': "x - each pixel's mean",
  'mean-swapped': "each pixel's mean μ replaced by 1 - μ",
};

const d = RUN_CONFIG_DEFAULTS;
/** Single changes to the seed configuration (train); each one set names the run. */
export const INTERVENTION_FLAGS = {
  input: config('input', choiceOption(inputScalings, { placeholder: '<s>', description: "pixel scaling after polarity and offset, with the statistics of the training set as the network sees it, applied to training and test images alike", choiceNotes: SCALING_NOTES, defaultText: d.input })),
  'input-offset': config('inputOffset', option(readFinite, { placeholder: '<c>', description: 'constant added to every pixel after 1 - x, before --input (a negative value as --input-offset=-0.5)', defaultText: String(d.inputOffset) })),
  'input-gain': config('inputGain', option(readPositive, { placeholder: '<g>', description: 'factor applied after --input', defaultText: String(d.inputGain) })),
  'sharpness-every': config('sharpnessEvery', option(readPositiveInt, { placeholder: '<n>', description: 'record λmax of the loss Hessian at step 0 and every n steps', defaultText: 'never' })),
  'fc1-lr-scale': config('fc1LrScale', option(readPositive, { placeholder: '<s>', description: 'the first layer (fc1 weights and bias) trains at lr * s, the others at lr', defaultText: String(d.fc1LrScale) })),
  perturbation: config('perturbation', option(readFinite, { placeholder: '<d>', description: "added to fc1's weight from the centre pixel (row 14, column 14 on MNIST) to hidden unit 0 after initialisation: the twin of a run for the chaos measure, e.g. 1e-7", defaultText: String(d.perturbation) })),
  'max-steps': config('maxSteps', option(readPositiveInt, { placeholder: '<n>', description: 'stop after n optimiser steps even if --epochs is not done; the run is then done, with a final evaluation on the global schedule', defaultText: 'all epochs' })),
} as const;

/** `flags` with the defaults help names for their config fields taken from `settings` (e.g. the seed preset's). */
export function withSettingsDefaults<T extends FlagTable>(flags: T, settings: Partial<TrainingSettings>): T {
  const shown = Object.entries(flags).map(([name, flag]) => {
    const value = 'field' in flag && 'read' in flag ? settings[flag.field as keyof TrainingSettings] : undefined;
    return [name, value === undefined ? flag : { ...flag, defaultText: Array.isArray(value) ? value.join(',') : String(value) }];
  });
  return Object.fromEntries(shown) as T;
}

/** `--name`: the results folder a command writes into (its default, if any, the command adds). */
export function nameFlag(description: string) {
  return option(readName, { placeholder: '<name>', description });
}

// Readers of raw values, for grid-runs.ts, commands/grid.ts and data.ts (which take what parseCommand returns as `values`).

const NUMBER_READERS = { finite: readFinite, positive: readPositive, positiveInt: readPositiveInt, nonNegativeInt: readNonNegativeInt };

/** `--name` as a number of the given kind, or undefined when absent. */
export function numberFlag(values: Values, name: string, kind: keyof typeof NUMBER_READERS): number | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? NUMBER_READERS[kind](raw, name) : undefined;
}

/** `--name` as a string, or undefined. */
export function stringFlag(values: Values, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}
