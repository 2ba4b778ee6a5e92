import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { parseCommand, stringFlag } from '../args';
import { absoluteIfFile, CLUSTER_FLAGS, clusterJob, commandWords, shellQuote, thisCli } from '../cluster-job';
import { SchedulerError, UsageError } from '../errors';
import { gridRuns } from '../grid-runs';
import { HELP } from '../help';
import type { CommandContext } from './context';

const FLAGS = { ...CLUSTER_FLAGS, time: { type: 'string' }, partition: { type: 'string' }, 'job-name': { type: 'string' }, submit: { type: 'boolean' } } as const;

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
  const { values, positionals } = parseCommand('slurm', argv, FLAGS, 1);
  if (values.help === true) return ctx.print(HELP.slurm ?? '');
  const outDir = resolve(stringFlag(values, 'out') ?? 'results');
  const experiment = absoluteIfFile(positionals[0]);
  const job = clusterJob('slurm', experiment, values, outDir);
  // Validates the experiment and flags now rather than in every task.
  const grid = await gridRuns('slurm', experiment, values);
  const jobName = stringFlag(values, 'job-name') ?? `negmnist-${grid.name}`;
  if (!/^[A-Za-z0-9._-]+$/.test(jobName)) throw new UsageError(`--job-name: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(jobName)}`);
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
    ...(stringFlag(values, 'time') === undefined ? {} : { time: stringFlag(values, 'time') }),
    ...(stringFlag(values, 'partition') === undefined ? {} : { partition: stringFlag(values, 'partition') }),
    command: [...commandWords(values, thisCli), ...job.gridArgs],
  });
  if (values.submit !== true) return ctx.print(script.trimEnd());
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
