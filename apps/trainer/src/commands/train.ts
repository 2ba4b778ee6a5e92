import { compactRunConfig, SEED_CONFIG } from '@negmnist/core';
import type { RunConfig } from '@negmnist/core';
import { INTERVENTION_FLAGS, MODEL_FLAGS, nameFlag, readName, TRAINING_FLAGS, withSettingsDefaults } from '../cli/args';
import { dataSourceFromFlags, datasetName } from '../config/data';
import type { RunSpec } from '../config/experiment';
import { choiceOption, option, parseCommand, readNonNegativeInt } from '../cli/flag-table';
import type { CommandHelp } from '../cli/flag-table';
import { helpText } from '../cli/help';
import { PRESETS, SEED_PRESET } from '../config/presets';
import type { TrainingSettings } from '../config/presets';
import { labelFor, runIdFor } from '../config/run-names';
import { runOverrides } from '../config/run-overrides';
import { runSession } from '../runs/session';
import type { CommandContext } from './context';

const s = SEED_CONFIG;

/** Flags of `negmnist train`; the model and training flags' defaults are the seed preset's. */
export const TRAIN_FLAGS = {
  preset: choiceOption(Object.keys(PRESETS), {
    placeholder: '<name>',
    description: 'the settings the other flags change',
    choiceNotes: { seed: `the seed program: ${s.layers.join('-')}, ReLU everywhere, ${s.init} init, SGD lr ${s.lr}, batch ${s.batchSize}, evaluation every ${s.evalEvery} batches, ${s.epochs} epochs` },
    default: 'seed',
  }),
  ...withSettingsDefaults({ ...MODEL_FLAGS, ...TRAINING_FLAGS, ...INTERVENTION_FLAGS }, SEED_PRESET),
  seed: option(readNonNegativeInt, { placeholder: '<n>', description: 'weight-init and shuffling seed', default: 0 }),
  name: { ...nameFlag('experiment folder under --out'), default: 'train' },
  id: option(readName, { placeholder: '<id>', description: 'run id', defaultText: 'from the settings, e.g. neg-relu-out-relu-s0' }),
} as const;

/** What `negmnist train --help` says besides the flags. */
export const TRAIN_HELP: CommandHelp = {
  usage: 'train [options]',
  summary: 'one training run',
  about: ['Trains one network and writes results/<name>/<run-id>/record.json (+ checkpoint.safetensors). Re-running the same command resumes an interrupted run and skips a finished one.'],
  sections: [
    { title: 'Model and training (defaults: --preset seed, the seed program)', flags: ['preset', 'negative', 'hidden', 'output', 'init', 'layers', 'lr', 'epochs', 'batch', 'eval-every', 'eval-schedule', 'probe-size', 'seed'] },
    { title: 'Interventions (each one set names the run, e.g. pos-relu-out-relu-c0.25-s0)', flags: Object.keys(INTERVENTION_FLAGS) },
    { title: 'Backend, data and output', flags: ['backend', 'threads', 'images', 'labels', 'test-images', 'test-labels', 'name', 'id', 'out', 'quiet', 'json', 'help'] },
  ],
  examples: [
    'train --negative --epochs 2',
    'train --hidden sigmoid --lr 0.05 --seed 3 --backend wasm',
    'train --input-offset 0.25 --input standardised --fc1-lr-scale 0.1 --max-steps 500',
    'train --images tr-img.idx.gz --labels tr-lbl.idx.gz --test-images te-img.idx.gz --test-labels te-lbl.idx.gz --epochs 1',
  ],
};

/** Optional config fields the flags can set; when set (and not at their default) they also name the run. */
const INTERVENTION_FIELDS = Object.values(INTERVENTION_FLAGS).map((flag) => flag.field);

/** `negmnist train`: one run, resumable. */
export async function trainCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags, values } = parseCommand('train', argv, TRAIN_FLAGS, 0);
  if (flags.help) return ctx.print(helpText(TRAIN_HELP, TRAIN_FLAGS));
  const data = dataSourceFromFlags(values) ?? { kind: 'mnist' as const };
  const preset = PRESETS[flags.preset] as TrainingSettings;
  const config: RunConfig = compactRunConfig({ ...preset, ...runOverrides(values, TRAIN_FLAGS), dataset: datasetName(data), seed: flags.seed });
  const named = ['negative', 'hidden', 'output', ...INTERVENTION_FIELDS.filter((field) => config[field] !== undefined)];
  const run: RunSpec = { experiment: flags.name, id: flags.id ?? runIdFor(config, named), label: labelFor(config, named), config };
  await runSession(
    {
      runs: [run],
      data,
      backend: flags.backend,
      outDir: flags.out,
      ensemble: false,
      threads: flags.threads,
      quiet: flags.quiet,
      json: flags.json,
      resumeCommand: `negmnist train ${argv.join(' ')}`.trim(),
    },
    ctx,
  );
  return 0;
}
