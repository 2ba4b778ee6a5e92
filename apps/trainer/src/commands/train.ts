import { evalSchedules, hiddenActivations, initializers, outputActivations } from '@negmnist/results';
import type { RunConfig } from '@negmnist/results';
import { choiceFlag, layersFlag, numberFlag, parseCommand, stringFlag, TRAINING_FLAGS } from '../args';
import { backendChoices } from '../backend';
import { dataSourceFromFlags, datasetName } from '../data';
import { UsageError } from '../errors';
import type { RunSpec } from '../experiment';
import { HELP } from '../help';
import { PRESETS, withEvalSchedule } from '../presets';
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
} as const;

/** `negmnist train`: one run, resumable. */
export async function trainCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand('train', argv, FLAGS, 0);
  if (values.help === true) return ctx.print(HELP.train ?? '');
  const presetName = choiceFlag(values, 'preset', Object.keys(PRESETS)) ?? 'seed';
  const preset = withEvalSchedule(PRESETS[presetName] as NonNullable<(typeof PRESETS)[string]>, choiceFlag(values, 'eval-schedule', evalSchedules));
  const data = dataSourceFromFlags(values) ?? { kind: 'mnist' as const };
  const config: RunConfig = {
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
  };
  const id = stringFlag(values, 'id') ?? runIdFor(config, ['negative', 'hidden', 'output']);
  const experiment = stringFlag(values, 'name') ?? 'train';
  for (const [flag, value] of [['id', id], ['name', experiment]] as const) {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new UsageError(`--${flag}: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(value)}`);
  }
  const run: RunSpec = { experiment, id, label: labelFor(config, ['negative', 'hidden', 'output']), config };
  await runSession(
    {
      runs: [run],
      data,
      backend: choiceFlag(values, 'backend', backendChoices) ?? 'auto',
      outDir: stringFlag(values, 'out') ?? 'results',
      ensemble: false,
      quiet: values.quiet === true,
      json: values.json === true,
      resumeCommand: `negmnist train ${argv.join(' ')}`.trim(),
    },
    ctx,
  );
  return 0;
}
