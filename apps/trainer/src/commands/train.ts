import { evalSchedules, hiddenActivations, initializers, inputScalings, outputActivations } from '@negmnist/core';
import type { RunConfig } from '@negmnist/core';
import { choiceFlag, layersFlag, numberFlag, parseCommand, stringFlag, TRAINING_FLAGS } from '../args';
import { backendChoices } from '../backend';
import { dataSourceFromFlags, datasetName } from '../data';
import { UsageError } from '../errors';
import type { RunSpec } from '../experiment';
import { HELP } from '../help';
import { PRESETS, withEvalSchedule } from '../presets';
import { compactRunConfig } from '@negmnist/core';
import { labelFor, runIdFor } from '../run-names';
import { runSession } from '../session';
import type { CommandContext } from './context';

const FLAGS = {
  ...TRAINING_FLAGS,
  preset: { type: 'string' },
  negative: { type: 'boolean' },
  hidden: { type: 'string' },
  output: { type: 'string' },
  init: { type: 'string' },
  seed: { type: 'string' },
  id: { type: 'string' },
  input: { type: 'string' },
  'input-offset': { type: 'string' },
  'fc1-lr-scale': { type: 'string' },
  perturbation: { type: 'string' },
  'max-steps': { type: 'string' },
  'input-gain': { type: 'string' },
  'sharpness-every': { type: 'string' },
} as const;

/** Optional config fields the flags can set; when set (and not at their default) they also name the run. */
const INTERVENTION_FIELDS = ['input', 'inputOffset', 'inputGain', 'fc1LrScale', 'perturbation', 'maxSteps', 'sharpnessEvery'] as const;

/** `negmnist train`: one run, resumable. */
export async function trainCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand('train', argv, FLAGS, 0);
  if (values.help === true) return ctx.print(HELP.train ?? '');
  const presetName = choiceFlag(values, 'preset', Object.keys(PRESETS)) ?? 'seed';
  const preset = withEvalSchedule(PRESETS[presetName] as NonNullable<(typeof PRESETS)[string]>, choiceFlag(values, 'eval-schedule', evalSchedules));
  const data = dataSourceFromFlags(values) ?? { kind: 'mnist' as const };
  const interventions = {
    input: choiceFlag(values, 'input', inputScalings),
    inputOffset: numberFlag(values, 'input-offset', 'finite'),
    fc1LrScale: numberFlag(values, 'fc1-lr-scale', 'positive'),
    perturbation: numberFlag(values, 'perturbation', 'finite'),
    maxSteps: numberFlag(values, 'max-steps', 'positiveInt'),
    inputGain: numberFlag(values, 'input-gain', 'positive'),
    sharpnessEvery: numberFlag(values, 'sharpness-every', 'positiveInt'),
  };
  const config: RunConfig = compactRunConfig({
    ...preset,
    dataset: datasetName(data),
    negative: values.negative === true || preset.negative,
    hidden: choiceFlag(values, 'hidden', hiddenActivations) ?? preset.hidden,
    output: choiceFlag(values, 'output', outputActivations) ?? preset.output,
    init: choiceFlag(values, 'init', initializers) ?? preset.init,
    layers: layersFlag(values) ?? preset.layers,
    lr: numberFlag(values, 'lr', 'positive') ?? preset.lr,
    epochs: numberFlag(values, 'epochs', 'positiveInt') ?? preset.epochs,
    batchSize: numberFlag(values, 'batch', 'positiveInt') ?? preset.batchSize,
    evalEvery: numberFlag(values, 'eval-every', 'positiveInt') ?? preset.evalEvery,
    probeSize: numberFlag(values, 'probe-size', 'positiveInt') ?? preset.probeSize,
    seed: numberFlag(values, 'seed', 'nonNegativeInt') ?? 0,
    ...Object.fromEntries(Object.entries(interventions).filter(([, v]) => v !== undefined)),
  });
  const named = ['negative', 'hidden', 'output', ...INTERVENTION_FIELDS.filter((field) => config[field] !== undefined)];
  const id = stringFlag(values, 'id') ?? runIdFor(config, named);
  const experiment = stringFlag(values, 'name') ?? 'train';
  for (const [flag, value] of [['id', id], ['name', experiment]] as const) {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new UsageError(`--${flag}: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(value)}`);
  }
  const run: RunSpec = { experiment, id, label: labelFor(config, named), config };
  await runSession(
    {
      runs: [run],
      data,
      backend: choiceFlag(values, 'backend', backendChoices) ?? 'auto',
      outDir: stringFlag(values, 'out') ?? 'results',
      ensemble: false,
      threads: numberFlag(values, 'threads', 'positiveInt'),
      quiet: values.quiet === true,
      json: values.json === true,
      resumeCommand: `negmnist train ${argv.join(' ')}`.trim(),
    },
    ctx,
  );
  return 0;
}
