import { availableParallelism, hostname } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Provenance, RunRecord } from '@negmnist/results';
import type { TrainHooks } from '@negmnist/train';
import pkg from '../package.json' with { type: 'json' };
import { selectBackend } from './backend';
import type { BackendChoice } from './backend';
import { claimPlan, withHeartbeat } from './claim-runs';
import type { ClaimedPlan } from './claim-runs';
import type { CommandContext } from './commands/context';
import { loadData } from './data';
import { InterruptedError } from './errors';
import type { DataSource, RunSpec } from './experiment';
import { formatDuration } from './format';
import { groupRuns } from './plan';
import { createReporter, pickMode } from './progress';
import type { Reporter } from './progress';
import { trainGroup } from './runner';
import { shardLine } from './shard';
import type { Shard } from './shard';
import { splitGroups, trainInWorkers, workerCount } from './workers';

/** Options of a training session (`train` and `grid`). */
export interface SessionOptions {
  runs: RunSpec[];
  data: DataSource;
  backend: BackendChoice;
  /** Results root. */
  outDir: string;
  /**
   * Train compatible runs as one ensemble: `auto` does so on GPU backends (webgpu, tensorflow,
   * onnx-webgpu, onnx-cuda) and trains runs one by one on wasm/cpu/onnx-cpu (one per core).
   */
  ensemble: boolean | 'auto';
  quiet: boolean;
  json: boolean;
  /** Worker threads for wasm/cpu. Default: one per core (at most one per run). */
  workers?: number;
  /** The command to re-run to resume, shown after Ctrl-C. */
  resumeCommand: string;
  /** The grid shard these runs are; its line is the first output. */
  shard?: Shard;
  /** Runs of the whole grid, for the shard line. Default: `runs.length`. */
  gridRuns?: number;
  /** Extra training hooks (in-process training only: worker threads do not receive them). */
  hooks?: TrainHooks;
  /** onnx-cpu: ONNX Runtime intra-op threads per run; worker threads then get one per that many cores. Default: one per core for a single run, else 1. */
  threads?: number;
  /** Steps per engine call (train()'s `stepsPerCall`; in-process training only). Default: train()'s. */
  stepsPerCall?: number;
}

/**
 * Trains every run that is not finished yet and not locked by another process; returns all records
 * (skipped ones included). Each unfinished run is locked while this process trains it (`run-lock.ts`).
 */
export async function runSession(options: SessionOptions, ctx: CommandContext): Promise<RunRecord[]> {
  const base = createReporter({ mode: pickMode(options, ctx.stdout.isTTY === true), out: ctx.stdout });
  const { shard } = options;
  if (shard !== undefined) base.note(shardLine(shard, options.runs.length, options.gridRuns ?? options.runs.length), { shard: { index: shard.index, count: shard.count, source: shard.source } });
  const provenance: Provenance = { host: hostname(), pid: process.pid, ...(shard === undefined ? {} : { shard: { index: shard.index, count: shard.count, source: shard.source } }) };
  const claimed = await claimPlan(options.runs, options.outDir, provenance, (line) => ctx.warn(line));
  try {
    return await trainPlan(claimed, provenance, options, ctx, withHeartbeat(base, claimed.refresh));
  } finally {
    await claimed.release();
  }
}

async function trainPlan({ plan, skipped }: ClaimedPlan, provenance: Provenance, options: SessionOptions, ctx: CommandContext, reporter: Reporter): Promise<RunRecord[]> {
  const resuming = plan.todo.filter((run) => run.checkpoint !== undefined).length;
  reporter.note(`${options.runs.length} run(s): ${plan.finished.length} finished (skipped), ${resuming} to resume, ${plan.todo.length - resuming} new${skipped > 0 ? `, ${skipped} locked by other processes (skipped)` : ''}; results in ${options.outDir}`, {
    runs: options.runs.length,
    finished: plan.finished.length,
    resuming,
    locked: skipped,
  });
  if (plan.todo.length === 0) return plan.finished;
  // onnx-cpu uses the machine: one run gets an intra-op thread per core, several runs a worker thread per core
  const threads = options.threads ?? (plan.todo.length === 1 ? availableParallelism() : 1);
  const backend = await selectBackend(options.backend, { threads });
  if (options.threads !== undefined && options.threads !== 1 && backend.choice !== 'onnx-cpu') reporter.note(`backend: --threads applies to onnx-cpu; ${backend.choice} ignores it`);
  reporter.note(`backend: ${backend.choice}${backend.adapter === undefined ? '' : ` (${backend.adapter})`}`, { backend: backend.choice, adapter: backend.adapter });
  for (const note of backend.notes) reporter.note(`backend: ${note}`);
  const ensemble = options.ensemble === 'auto' ? ['webgpu', 'tensorflow', 'onnx-webgpu', 'onnx-cuda'].includes(backend.choice) : options.ensemble;
  const groups = groupRuns(plan.todo, ensemble);
  if (ensemble && groups.length < plan.todo.length) reporter.note(`training ${plan.todo.length} runs as ${groups.length} ensemble(s)`);
  if (options.ensemble === 'auto' && !ensemble && plan.todo.length > 1) {
    const why = backend.choice === 'onnx-cpu' ? 'one run per core, one intra-op thread each' : 'one model per step is faster than an ensemble';
    reporter.note(`training runs one by one: on ${backend.choice}, ${why} (--ensemble forces one)`);
  }
  const versions = { negmnist: pkg.version, '@tensorflow/tfjs': tf.version.tfjs, ...backend.versions };
  const workers = workerCount(backend.choice, plan.todo.length, options.workers, threads);
  const records = [...plan.finished];
  const started = performance.now();
  reporter.plan(plan.todo.length);
  try {
    if (workers > 1) {
      reporter.note(`using ${workers} worker threads (${threads === 1 || backend.choice !== 'onnx-cpu' ? 'one core each' : `${threads} intra-op threads each`})`);
      const jobs = splitGroups(groups, workers).map((share) => ({ backend: backend.choice, data: options.data, groups: share, outDir: options.outDir, versions, provenance, threads }));
      records.push(...(await trainInWorkers(jobs, reporter, ctx.signal)));
    } else {
      const data = await loadData(options.data);
      for (const group of groups) {
        if (ctx.signal.aborted) break;
        records.push(...(await trainGroup(group, { data, backend, reporter, signal: ctx.signal, outDir: options.outDir, versions, provenance, hooks: options.hooks, ...(options.stepsPerCall === undefined ? {} : { stepsPerCall: options.stepsPerCall }) })));
      }
    }
    if (ctx.signal.aborted) throw new InterruptedError(`interrupted: progress is checkpointed; resume with: ${options.resumeCommand}`);
  } finally {
    reporter.close();
  }
  if (!options.json) ctx.print(`${records.length} run(s) finished in ${formatDuration(performance.now() - started)}; list them with: negmnist ls ${options.outDir}`);
  return records;
}
