import { nameFlag, TRAINING_FLAGS, WORKERS_FLAG } from './args';
import { backendIds } from '../backends/table';
import { BUILT_IN_EXPERIMENTS } from '../config/experiment';
import { MAX_ENSEMBLE } from '../runs/plan';
import { baseSchema, gridSchema } from '../config/experiment-schema';
import { option, readPositiveInt, readText, switchFlag } from './flag-table';
import type { CommandHelp } from './flag-table';

/** Flags of `negmnist grid`; `slurm` and `k8s` accept them too and pass them on, `ls --incomplete` takes those that select runs. */
export const GRID_FLAG_TABLE = {
  ...TRAINING_FLAGS,
  name: nameFlag("results folder instead of the experiment's name"),
  seeds: option(readPositiveInt, { placeholder: '<n>', description: "train seeds 0..n-1 instead of the experiment's" }),
  workers: WORKERS_FLAG,
  ensemble: switchFlag('train compatible runs as one ensemble on any backend'),
  'no-ensemble': switchFlag('train runs one by one on any backend'),
  shard: option(readText, { placeholder: '<i/n>', description: 'train only shard i of n (0-based); runs are balanced by cost' }),
  shards: option(readPositiveInt, { placeholder: '<n>', description: 'shard count, the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX' }),
} as const;

const builtIns = Object.entries(BUILT_IN_EXPERIMENTS).map(([name, experiment]) => `${name}: ${(experiment as { description?: string }).description ?? ''}`);

/** What `negmnist grid --help` says besides the flags. */
export const GRID_HELP: CommandHelp = {
  usage: 'grid <experiment.json | built-in name> [options]',
  summary: "a sweep: an experiment's configurations x seeds (resumable)",
  about: [
    'Trains every configuration of an experiment with every seed, into results/<experiment>/<run-id>/. Resumable: re-running skips finished runs and resumes interrupted ones from their checkpoint.',
    `On ${backendIds((b) => b.ensembles).join(', ')}, runs with the same layer sizes, batch size and epochs train together as one ensemble (one batched computation) of at most ${MAX_ENSEMBLE} runs; on ${backendIds((b) => !b.ensembles).join(', ')} runs train one by one, one worker thread per core.`,
    "On webgpu (the WGSL engine) ensembles are cut to what fits the device's buffer limits (the start of the grid says when it cuts them).",
  ],
  sections: [
    { title: 'Built-in experiments', paragraphs: builtIns },
    {
      title: 'Experiment file',
      lines: ['{ "name": "my-sweep", "base": { "preset": "seed", "epochs": 5 },', '  "grid": { "negative": [false, true], "lr": [0.1, 0.01] }, "seeds": 3 }'],
      paragraphs: [
        `base: ${Object.keys(baseSchema.shape).join(', ')} (the train flags of the same names; unset ones from the preset).`,
        `grid: lists for ${Object.keys(gridSchema.shape).join(', ')} (their cartesian product).`,
        'seeds: a count n (0..n-1) or a list. dataset: "mnist" (the default) or { "images", "labels", "testImages", "testLabels" } (paths relative to the file).',
      ],
    },
    { title: 'Options (override the experiment for every run; see negmnist train --help)', flags: ['epochs', 'lr', 'batch', 'eval-every', 'eval-schedule', 'probe-size', 'layers', 'seeds', 'name', 'ensemble', 'no-ensemble', 'workers', 'shard', 'shards'] },
    { title: 'Backend, data and output', flags: ['backend', 'threads', 'images', 'labels', 'test-images', 'test-labels', 'out', 'quiet', 'json', 'help'] },
    {
      title: 'Shards',
      paragraphs: [
        'Without --shard, a Slurm array task (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT, or --shards n) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX with --shards n) trains its shard; the first line says which. Shards of a grid write into one results directory; processes sharing it claim runs one at a time (run.lock), so each run is trained by one of them, and a run whose process is gone is taken over from its checkpoint.',
      ],
    },
  ],
  examples: ['grid quick', 'grid seed --backend webgpu', 'grid experiments/my-sweep.json --out results/ --no-ensemble', 'grid seed --shard 1/4 --out /shared/results'],
};
