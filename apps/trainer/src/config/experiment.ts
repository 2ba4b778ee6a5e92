import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { RunConfig } from '@negmnist/core';
import quickExperiment from '../../../../experiments/quick.json' with { type: 'json' };
import seedExperiment from '../../../../experiments/seed.json' with { type: 'json' };
import { parseConfig } from './config-error';
import { datasetName } from './data';
import type { DataSource } from './data';
import { ConfigError } from '../errors';
import { experimentSchema } from './experiment-schema';
import type { GridAxes } from './experiment-schema';
import { PRESETS, SEED_PRESET, withEvalSchedule, type TrainingSettings } from './presets';
import { compactRunConfig } from '@negmnist/core';
import { labelFor, runIdFor, VARIABLE_FIELDS } from './run-names';


/** One run to train: where it goes, what it is, and its data. */
export interface RunSpec {
  experiment: string;
  id: string;
  label: string;
  config: RunConfig;
}

/** A validated experiment expanded into runs (configurations x seeds). */
export interface Experiment {
  name: string;
  description: string;
  data: DataSource;
  /** Config fields the grid varies (they name the runs). */
  varied: string[];
  runs: RunSpec[];
}

/** Built-in experiments, bundled so the published CLI finds them (sources: the repo's `experiments/`). */
export const BUILT_IN_EXPERIMENTS: Record<string, unknown> = { quick: quickExperiment, seed: seedExperiment };

/** Reads a built-in experiment by name or an experiment JSON file by path, validated and expanded. */
export async function loadExperiment(nameOrPath: string): Promise<Experiment> {
  const builtIn = BUILT_IN_EXPERIMENTS[nameOrPath];
  if (builtIn !== undefined) return expandExperiment(builtIn, `built-in experiment ${nameOrPath}`, process.cwd());
  let text: string;
  try {
    text = await readFile(nameOrPath, 'utf8');
  } catch (error) {
    const names = Object.keys(BUILT_IN_EXPERIMENTS).join(', ');
    throw new ConfigError(`cannot read experiment ${nameOrPath}: expected a JSON file or a built-in name (${names}), received ${(error as NodeJS.ErrnoException).code ?? 'an unreadable path'}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${nameOrPath}: expected JSON, ${(error as Error).message}`, { cause: error });
  }
  return expandExperiment(json, nameOrPath, dirname(resolve(nameOrPath)));
}

function cartesian(grid: GridAxes): Array<Partial<Record<keyof GridAxes, unknown>>> {
  let points: Array<Partial<Record<keyof GridAxes, unknown>>> = [{}];
  for (const [key, values] of Object.entries(grid) as Array<[keyof GridAxes, unknown[] | undefined]>) {
    if (values === undefined) continue;
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}

/** Validates an experiment object (from `file`) and expands it; relative dataset paths resolve from `baseDir`. */
export function expandExperiment(input: unknown, file: string, baseDir: string): Experiment {
  const experiment = parseConfig(experimentSchema, input, file);
  const { preset, evalSchedule, ...overrides } = experiment.base;
  const base = { ...withEvalSchedule(preset === undefined ? SEED_PRESET : PRESETS[preset] ?? SEED_PRESET, evalSchedule), ...overrides };
  const data: DataSource =
    experiment.dataset === 'mnist'
      ? { kind: 'mnist' }
      : {
          kind: 'idx',
          name: experiment.dataset.name ?? basename(experiment.dataset.images).replace(/[^A-Za-z0-9._-]/g, '_'),
          images: resolve(baseDir, experiment.dataset.images),
          labels: resolve(baseDir, experiment.dataset.labels),
          testImages: resolve(baseDir, experiment.dataset.testImages),
          testLabels: resolve(baseDir, experiment.dataset.testLabels),
        };
  const dataset = datasetName(data);
  const seeds = typeof experiment.seeds === 'number' ? Array.from({ length: experiment.seeds }, (_, i) => i) : experiment.seeds;
  const axes = Object.keys(experiment.grid).filter((k) => experiment.grid[k as keyof GridAxes] !== undefined) as Array<keyof GridAxes>;
  if (new Set(seeds).size !== seeds.length) throw new ConfigError(`${file}: seeds: expected distinct seeds, received duplicates`);
  const points = cartesian(experiment.grid) as Array<Partial<TrainingSettings>>;
  const runs = expandRuns({ experiment: experiment.name, base, points, seeds, dataset, varied: axes });
  return { name: experiment.name, description: experiment.description ?? '', data, varied: axes, runs };
}

/** Options of {@link expandRuns}. */
export interface RunListOptions {
  /** Results folder name of every run. */
  experiment: string;
  /** Settings every run starts from, e.g. `SEED_PRESET` with overrides. */
  base: TrainingSettings;
  /** The configurations, in order: each point overrides some fields of `base` (a list, not a product). */
  points: readonly Partial<TrainingSettings>[];
  /** Seeds each configuration trains with. */
  seeds: readonly number[];
  /** Dataset name stored in the records (`datasetName` of the data source). */
  dataset: string;
  /** Fields that name the runs (in `VARIABLE_FIELDS` order). Default: every field some point sets. */
  varied?: readonly string[];
}

/**
 * Runs of an explicit list of configurations x seeds: each config is `base` with the point's fields,
 * the optional fields at their defaults left out (`compactRunConfig`), named by the varied fields and the
 * seed. Train them with `runSession({ runs, ... })`.
 *
 * @throws {ConfigError} when two runs would get the same id (points that differ only in unnamed fields, or repeated seeds).
 */
export function expandRuns(options: RunListOptions): RunSpec[] {
  const varied = options.varied ?? [...new Set(options.points.flatMap((p) => Object.keys(p)))];
  const runs = options.points.flatMap((point) =>
    options.seeds.map((seed): RunSpec => {
      const config: RunConfig = compactRunConfig({ ...options.base, ...point, dataset: options.dataset, seed } as RunConfig);
      return { experiment: options.experiment, id: runIdFor(config, varied), label: labelFor(config, varied), config };
    }),
  );
  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.id)) throw new ConfigError(`runs of ${options.experiment}: expected distinct run ids, received ${run.id} twice (vary a field that names runs: ${VARIABLE_FIELDS.join(', ')})`);
    seen.add(run.id);
  }
  return runs;
}
