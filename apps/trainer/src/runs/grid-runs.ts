import { numberFlag, stringFlag } from '../cli/args';
import type { Values } from '../cli/args';
import { dataSourceFromFlags, datasetName } from '../config/data';
import type { DataSource } from '../config/data';
import { UsageError } from '../errors';
import { BUILT_IN_EXPERIMENTS, loadExperiment } from '../config/experiment';
import type { RunSpec } from '../config/experiment';
import { GRID_FLAG_TABLE } from '../cli/grid-flags';
import { labelFor, runIdFor } from '../config/run-names';
import { runOverrides } from '../config/run-overrides';

/** An experiment's runs after the command line's overrides. */
export interface GridRuns {
  /** Results folder name (`--name` or the experiment's). */
  name: string;
  data: DataSource;
  runs: RunSpec[];
}

/** Loads `source` (a built-in name or a file) and applies `--name`, `--seeds`, data and training overrides. */
export async function gridRuns(command: string, source: string | undefined, values: Values): Promise<GridRuns> {
  if (source === undefined) {
    throw new UsageError(`negmnist ${command}: expected an experiment file or a built-in name (${Object.keys(BUILT_IN_EXPERIMENTS).join(', ')}); see negmnist ${command} --help`);
  }
  const experiment = await loadExperiment(source);
  const data = dataSourceFromFlags(values) ?? experiment.data;
  const name = stringFlag(values, 'name') ?? experiment.name;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`--name: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(name)}`);
  const overrides = runOverrides(values, GRID_FLAG_TABLE);
  const seedCount = numberFlag(values, 'seeds', 'positiveInt');
  const configs = seedCount === undefined ? experiment.runs : experiment.runs.filter((r, i, all) => all.findIndex((o) => o.label === r.label) === i);
  const runs: RunSpec[] = configs.flatMap((run) => {
    const seeds = seedCount === undefined ? [run.config.seed] : Array.from({ length: seedCount }, (_, i) => i);
    return seeds.map((seed) => {
      const config = { ...run.config, dataset: datasetName(data), seed, ...overrides };
      const varied = experiment.varied;
      return { experiment: name, id: runIdFor(config, varied), label: labelFor(config, varied), config };
    });
  });
  return { name, data, runs };
}
