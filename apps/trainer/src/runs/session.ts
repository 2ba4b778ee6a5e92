import { hostname } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Provenance, RunRecord } from '@negmnist/results';
import type { StepsTiming } from '@negmnist/engine-webgpu';
import type { TrainHooks } from '@negmnist/train';
import pkg from '../../package.json' with { type: 'json' };
import { selectBackend } from '../backends/select';
import type { SelectedBackend } from '../backends/select';
import { backendIds, defaultThreads, intraOpThreadsText } from '../backends/table';
import type { BackendChoice } from '../backends/table';
import { createClaimer, withHeartbeat } from '../cluster/claims';
import type { RunClaimer } from '../cluster/claims';
import type { CommandContext } from '../commands/context';
import { loadData, type DataSource, type LoadedData } from '../config/data';
import { InterruptedError } from '../errors';
import type { RunSpec } from '../config/experiment';
import { formatDuration } from '../format';
import { ensembleSize, groupRuns, MAX_ENSEMBLE, planRuns } from './plan';
import type { EnsembleLimit, PlannedRun } from './plan';
import { createReporter, pickMode } from './progress';
import { heldLine } from '../cluster/lock';
import { trainGroup, type GroupContext } from './runner';
import { shardLine } from '../cluster/shard';
import type { Shard } from '../cluster/shard';
import { trainInWorkers, workerCount } from './workers';

/** Options of a training session (`train` and `grid`). */
export interface SessionOptions {
  runs: RunSpec[];
  data: DataSource;
  backend: BackendChoice;
  /** Results root. */
  outDir: string;
  /**
   * Train compatible runs as one ensemble: `auto` does so on the backends whose table row says
   * `ensembles` (the GPU ones and tensorflow) and trains runs one by one on the others (one per core).
   */
  ensemble: boolean | 'auto';
  quiet: boolean;
  json: boolean;
  /** Worker threads of the backends that train one run per thread (see `workerCount`). Default: one per core (at most one per run). */
  workers?: number;
  /** The command to re-run to resume, shown after Ctrl-C. */
  resumeCommand: string;
  /** The grid shard these runs are; its line is the first output. */
  shard?: Shard;
  /** Runs of the whole grid, for the shard line. Default: `runs.length`. */
  gridRuns?: number;
  /** Extra training hooks (in-process training only: worker threads do not receive them). */
  hooks?: TrainHooks;
  /** ONNX Runtime intra-op threads per run (onnx-cpu); worker threads then get one per that many cores. Default: `defaultThreads`. */
  threads?: number;
  /** Steps the first engine call of each ensemble ends after (train()'s `firstCallSteps`: negmnist bench's warm-up; in-process training only). Default: none. */
  firstCallSteps?: number;
  /** On `webgpu` (the WGSL engine): each training submission's GPU time, where the adapter has `timestamp-query` (negmnist bench). */
  onStepsTimed?: (timing: StepsTiming) => void;
}

/**
 * Trains every run that is not finished yet, claiming them one at a time (`createClaimer`): whenever a
 * worker slot is free it locks the next unfinished run whose lock is free, so any number of processes
 * sharing `outDir` split the runs between them, and a run whose process is gone is taken over from its
 * checkpoint. Returns the records of the runs finished (here or elsewhere) or interrupted here, in
 * the order of `runs`; runs other processes are still training are named on stderr at the end.
 */
export async function runSession(options: SessionOptions, ctx: CommandContext): Promise<RunRecord[]> {
  const base = createReporter({ mode: pickMode(options, ctx.stdout.isTTY === true), out: ctx.stdout });
  const { shard } = options;
  if (shard !== undefined) base.note(shardLine(shard, options.runs.length, options.gridRuns ?? options.runs.length), { shard: { index: shard.index, count: shard.count, source: shard.source } });
  const provenance: Provenance = { host: hostname(), pid: process.pid, ...(shard === undefined ? {} : { shard: { index: shard.index, count: shard.count, source: shard.source } }) };
  const plan = await planRuns(options.runs, options.outDir);
  const resuming = plan.todo.filter((run) => run.checkpoint !== undefined).length;
  base.note(`${options.runs.length} run(s): ${plan.finished.length} finished (skipped), ${resuming} to resume, ${plan.todo.length - resuming} new; results in ${options.outDir}`, {
    runs: options.runs.length,
    finished: plan.finished.length,
    resuming,
  });
  if (plan.todo.length === 0) return plan.finished;
  // intra-op backends use the machine: one run gets a thread per core, several runs a worker thread per core
  const threads = options.threads ?? defaultThreads(plan.todo.length);
  const backend = await selectBackend(options.backend, { threads, ...(options.onStepsTimed === undefined ? {} : { onStepsTimed: options.onStepsTimed }) });
  const intraOp = backend.descriptor.parallelism === 'intra-op';
  if (options.threads !== undefined && options.threads !== 1 && !intraOp) base.note(`backend: --threads applies to ${backendIds((b) => b.parallelism === 'intra-op').join(', ')}; ${backend.choice} ignores it`);
  base.note(`backend: ${backend.choice}${backend.adapter === undefined ? '' : ` (${backend.adapter})`}`, { backend: backend.choice, adapter: backend.adapter });
  for (const note of backend.notes) base.note(`backend: ${note}`);
  const ensemble = options.ensemble === 'auto' ? backend.descriptor.ensembles : options.ensemble;
  // a device's limit depends on the data's size (train() caps the probe at the validation set): load it first
  let data: LoadedData | undefined;
  let ensembleLimit: EnsembleLimit | undefined;
  const { maxEnsemble } = backend;
  if (ensemble && maxEnsemble !== undefined) {
    const loaded = await loadData(options.data);
    const images = { train: loaded.train.count, validation: loaded.validation.count };
    data = loaded;
    ensembleLimit = (config) => maxEnsemble(config, images);
  }
  const groups = groupRuns(plan.todo, ensemble, ensembleLimit).length;
  const limitNote = ensemble ? deviceLimitNote(plan.todo, ensembleLimit, backend) : '';
  if (ensemble && (groups < plan.todo.length || limitNote !== '')) base.note(`training ${plan.todo.length} runs as ${groups} ensemble(s)${limitNote}`);
  if (options.ensemble === 'auto' && !ensemble && plan.todo.length > 1) {
    const why = intraOp ? 'one run per core, one intra-op thread each' : 'one model per step is faster than an ensemble';
    base.note(`training runs one by one: on ${backend.choice}, ${why} (--ensemble forces one)`);
  }
  const workers = workerCount(backend.descriptor, plan.todo.length, options.workers, threads);
  // with several worker threads an ensemble is at most a thread's share, so that every thread gets one
  const claimer = createClaimer(plan.todo, options.outDir, provenance, { ensemble, maxRuns: Math.ceil(plan.todo.length / workers), ensembleLimit, note: (text, data) => base.note(text, data) });
  const reporter = withHeartbeat(base, () => claimer.refresh());
  const versions = { negmnist: pkg.version, '@tensorflow/tfjs': tf.version.tfjs, ...backend.versions };
  const started = performance.now();
  reporter.plan(plan.todo.length);
  let trained: RunRecord[];
  try {
    if (workers > 1) {
      reporter.note(`using ${workers} worker threads (${threads === 1 || !intraOp ? 'one core each' : `${intraOpThreadsText(threads)} each`})`);
      trained = await trainInWorkers({ backend: backend.choice, data: options.data, outDir: options.outDir, versions, provenance, threads }, workers, () => claimer.next(), reporter, ctx.signal);
    } else {
      trained = await trainInProcess(claimer, { backend, reporter, versions, provenance }, { ...options, loaded: data }, ctx.signal);
    }
    if (ctx.signal.aborted) throw new InterruptedError(`interrupted: progress is checkpointed; resume with: ${options.resumeCommand}`);
  } finally {
    reporter.close();
    await claimer.releaseAll();
  }
  const left = await claimer.settle();
  for (const run of left.held) ctx.warn(heldLine(run.id, run.result));
  const elsewhere = left.finished.length;
  const summary = `${trained.length} run(s) finished here in ${formatDuration(performance.now() - started)}${elsewhere > 0 ? `, ${elsewhere} by other processes` : ''}${left.held.length > 0 ? `; ${left.held.length} still being trained by other processes` : ''}; list them with: negmnist ls ${options.outDir}`;
  if (options.json) base.note(summary, { finishedHere: trained.length, finishedElsewhere: elsewhere, heldElsewhere: left.held.length });
  else ctx.print(summary);
  const byRun = new Map([...plan.finished, ...left.finished, ...trained].map((record) => [`${record.experiment}/${record.id}`, record]));
  return options.runs.flatMap((run) => byRun.get(`${run.experiment}/${run.id}`) ?? []);
}

/** `; at most K runs per ensemble fit <adapter>` when the backend's device (`limit`) cuts some ensemble below MAX_ENSEMBLE, else nothing. */
function deviceLimitNote(todo: readonly PlannedRun[], limit: EnsembleLimit | undefined, backend: SelectedBackend): string {
  if (limit === undefined || todo.length < 2) return '';
  const k = Math.min(...todo.map((run) => ensembleSize(run.spec.config, limit)));
  return k < Math.min(MAX_ENSEMBLE, todo.length) ? `; at most ${k} runs per ensemble fit the buffer limits of ${backend.adapter ?? backend.choice}` : '';
}

/** One worker slot in this thread: claims, trains and releases runs until none is left to claim (`loaded`: the data, when already read). */
async function trainInProcess(claimer: RunClaimer, group: Pick<GroupContext, 'backend' | 'reporter' | 'versions' | 'provenance'>, options: SessionOptions & { loaded: LoadedData | undefined }, signal: AbortSignal): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  let data = options.loaded;
  while (!signal.aborted) {
    const claim = await claimer.next();
    if (claim === undefined) break;
    try {
      // interrupted while the runs were claimed: leave them as they are
      if (signal.aborted) break;
      data ??= await loadData(options.data);
      const extra = { hooks: options.hooks, ...(options.firstCallSteps === undefined ? {} : { firstCallSteps: options.firstCallSteps }) };
      records.push(...(await trainGroup(claim.runs, { ...group, ...extra, data, signal, outDir: options.outDir })));
    } finally {
      await claim.release();
    }
  }
  return records;
}
