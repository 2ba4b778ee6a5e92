import { evalSchedules } from '@negmnist/results';
import { choiceFlag, layersFlag, numberFlag, parseCommand, stringFlag, TRAINING_FLAGS } from '../args';
import { backendChoices } from '../backend';
import { dataSourceFromFlags, datasetName } from '../data';
import { UsageError } from '../errors';
import { BUILT_IN_EXPERIMENTS, loadExperiment } from '../experiment';
import type { RunSpec } from '../experiment';
import { HELP } from '../help';
import { labelFor, runIdFor } from '../run-names';
import { runSession } from '../session';
import type { CommandContext } from './context';

const FLAGS = { ...TRAINING_FLAGS, seeds: { type: 'string' }, workers: { type: 'string' }, ensemble: { type: 'boolean' }, 'no-ensemble': { type: 'boolean' } } as const;

/** `negmnist grid <experiment>`: configurations x seeds, resumable, ensembles on GPU backends. */
export async function gridCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand('grid', argv, FLAGS, 1);
  if (values.help === true) return ctx.print(HELP.grid ?? '');
  if (values.ensemble === true && values['no-ensemble'] === true) throw new UsageError('--ensemble and --no-ensemble: expected at most one of them');
  const source = positionals[0];
  if (source === undefined) {
    throw new UsageError(`negmnist grid: expected an experiment file or a built-in name (${Object.keys(BUILT_IN_EXPERIMENTS).join(', ')}); see negmnist grid --help`);
  }
  const experiment = await loadExperiment(source);
  const data = dataSourceFromFlags(values) ?? experiment.data;
  const name = stringFlag(values, 'name') ?? experiment.name;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`--name: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(name)}`);
  const schedule = choiceFlag(values, 'eval-schedule', evalSchedules);
  const overrides = {
    epochs: numberFlag(values, 'epochs', 'positiveInt'),
    layers: layersFlag(values),
    lr: numberFlag(values, 'lr', 'positive'),
    batchSize: numberFlag(values, 'batch', 'positiveInt'),
    evalEvery: numberFlag(values, 'eval-every', 'positiveInt'),
    evalSchedule: schedule,
    evalFinal: schedule === undefined ? undefined : schedule === 'global',
    probeSize: numberFlag(values, 'probe-size', 'positiveInt'),
  };
  const seedCount = numberFlag(values, 'seeds', 'positiveInt');
  const configs = seedCount === undefined ? experiment.runs : experiment.runs.filter((r, i, all) => all.findIndex((o) => o.label === r.label) === i);
  const runs: RunSpec[] = configs.flatMap((run) => {
    const seeds = seedCount === undefined ? [run.config.seed] : Array.from({ length: seedCount }, (_, i) => i);
    return seeds.map((seed) => {
      const config = { ...run.config, dataset: datasetName(data), seed };
      for (const [key, value] of Object.entries(overrides)) if (value !== undefined) Object.assign(config, { [key]: value });
      const varied = experiment.varied;
      return { experiment: name, id: runIdFor(config, varied), label: labelFor(config, varied), config };
    });
  });
  await runSession(
    {
      runs,
      data,
      backend: choiceFlag(values, 'backend', backendChoices) ?? 'auto',
      outDir: stringFlag(values, 'out') ?? 'results',
      ensemble: values['no-ensemble'] === true ? false : values.ensemble === true ? true : 'auto',
      workers: numberFlag(values, 'workers', 'positiveInt'),
      quiet: values.quiet === true,
      json: values.json === true,
      resumeCommand: `negmnist grid ${argv.join(' ')}`,
    },
    ctx,
  );
  return 0;
}
