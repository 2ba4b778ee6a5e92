import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { readName } from '../cli/args';
import { absoluteIfFile, CLUSTER_FLAGS, clusterJob, commandWords, passedOnHelp, shellQuote, thisCli } from '../cluster/job';
import { SchedulerError } from '../errors';
import { option, parseCommand, readText, switchFlag } from '../cli/flag-table';
import type { CommandHelp } from '../cli/flag-table';
import { gridRuns } from '../runs/grid-runs';
import { helpText } from '../cli/help';
import type { CommandContext } from './context';

/** Flags of `negmnist slurm`: the cluster job's, Slurm's, and the grid's (passed on to every task). */
export const SLURM_FLAGS = {
  ...CLUSTER_FLAGS,
  out: option(readText, { placeholder: '<dir>', description: 'the shared results directory, written as an absolute path', default: 'results' }),
  time: option(readText, { placeholder: '<limit>', description: 'Slurm time limit, e.g. 4:00:00' }),
  partition: option(readText, { placeholder: '<name>', description: 'Slurm partition' }),
  'job-name': option(readName, { placeholder: '<name>', description: 'the job\'s name', defaultText: 'negmnist-<experiment>' }),
  submit: switchFlag('write <out>/.slurm/<job-name>.sbatch and submit it with sbatch'),
} as const;

/** What `negmnist slurm --help` says besides the flags. */
export const SLURM_HELP: CommandHelp = {
  usage: 'slurm <experiment> --shards <n> [options] [grid options]',
  summary: 'an sbatch array script for a grid (one task per shard), or --submit it',
  about: [
    'Prints an sbatch script that trains the grid as a Slurm job array: task i of --array=0-<n-1> runs `negmnist grid <experiment> --shards n` and trains shard i, into one shared results directory (--out, absolute). Each task logs to <out>/.slurm/<job-name>-<job>_<task>.log. Re-submitting a task resumes its runs; `negmnist ls <out> --incomplete <experiment>` lists what is left.',
  ],
  sections: [
    { title: 'Options', flags: ['shards', 'out', 'cpus-per-task', 'gpus-per-task', 'time', 'partition', 'job-name', 'command', 'submit', 'help'] },
    { title: 'Grid options', paragraphs: [passedOnHelp('task')] },
  ],
  examples: [
    'slurm seed --shards 8 --out /shared/results --time 2:00:00 > seed.sbatch && sbatch seed.sbatch',
    'slurm seed --shards 4 --gpus-per-task 1 --backend webgpu --submit',
  ],
};

/** Options of `sbatchScript`. */
export interface SbatchOptions {
  jobName: string;
  shards: number;
  /** Log file pattern per task (`%A` job id, `%a` task index). */
  logPattern: string;
  /** Working directory of every task. */
  chdir: string;
  cpusPerTask: number;
  gpusPerTask?: number;
  /** Slurm time limit, e.g. `2:00:00`. */
  time?: string;
  partition?: string;
  /** The full command every task runs. */
  command: string[];
}

/** An sbatch script: an array job `0..shards-1`, one task per shard, a log per task, the resume-safe command. */
export function sbatchScript(o: SbatchOptions): string {
  const directives = [
    `--job-name=${o.jobName}`,
    `--array=0-${o.shards - 1}`,
    `--output=${o.logPattern}`,
    `--chdir=${o.chdir}`,
    '--ntasks=1',
    `--cpus-per-task=${o.cpusPerTask}`,
    ...(o.gpusPerTask === undefined ? [] : [`--gpus-per-task=${o.gpusPerTask}`]),
    ...(o.time === undefined ? [] : [`--time=${o.time}`]),
    ...(o.partition === undefined ? [] : [`--partition=${o.partition}`]),
  ];
  return [
    '#!/bin/bash',
    `# A grid as a Slurm job array (written by negmnist ${pkg.version}): task i trains shard i of ${o.shards}.`,
    '# Re-running a task resumes its runs from their checkpoints and skips finished ones; to re-submit',
    '# only some tasks: sbatch --array=1,3 <this file>. scancel and time limits send SIGTERM first:',
    '# negmnist then checkpoints the current step and exits.',
    ...directives.map((d) => `#SBATCH ${d}`),
    '',
    `exec ${o.command.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}

/** `negmnist slurm <experiment> --shards n`: prints an sbatch array script, or submits it with `--submit`. */
export async function slurmCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags, values, positionals } = parseCommand('slurm', argv, SLURM_FLAGS, 1);
  if (flags.help) return ctx.print(helpText(SLURM_HELP, SLURM_FLAGS));
  const outDir = resolve(flags.out);
  const experiment = absoluteIfFile(positionals[0]);
  const job = clusterJob('slurm', experiment, flags, values, outDir);
  // Validates the experiment and flags now rather than in every task.
  const grid = await gridRuns('slurm', experiment, values);
  const jobName = flags['job-name'] ?? `negmnist-${grid.name}`;
  const logDir = join(outDir, '.slurm');
  // Slurm opens each task's log before the task starts, so its folder must exist.
  await mkdir(logDir, { recursive: true });
  const script = sbatchScript({
    jobName,
    shards: job.shards,
    logPattern: join(logDir, `${jobName}-%A_%a.log`),
    chdir: process.cwd(),
    cpusPerTask: job.cpusPerTask,
    ...(job.gpusPerTask === undefined ? {} : { gpusPerTask: job.gpusPerTask }),
    ...(flags.time === undefined ? {} : { time: flags.time }),
    ...(flags.partition === undefined ? {} : { partition: flags.partition }),
    command: [...commandWords(flags.command, thisCli), ...job.gridArgs],
  });
  if (!flags.submit) return ctx.print(script.trimEnd());
  const file = join(logDir, `${jobName}.sbatch`);
  await writeFile(file, script, { mode: 0o755 });
  const sbatch = spawnSync('sbatch', ['--parsable', file], { encoding: 'utf8' });
  if (sbatch.error !== undefined) throw new SchedulerError(`sbatch: could not run it (${sbatch.error.message}); expected Slurm's sbatch on PATH`);
  if (sbatch.status !== 0) throw new SchedulerError(`sbatch ${file}: exit ${sbatch.status}: ${sbatch.stderr.trim().split('\n').at(-1) ?? ''}`);
  const jobId = sbatch.stdout.trim().split(';')[0] ?? '';
  ctx.print(`submitted job ${jobId}: ${job.shards} array task(s) of ${grid.runs.length} run(s); script ${file}; logs ${join(logDir, `${jobName}-${jobId}_<task>.log`)}`);
  ctx.print(`follow: squeue -j ${jobId}; unfinished runs: negmnist ls ${outDir} --incomplete ${positionals[0] ?? ''}`);
  return 0;
}
