import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Evaluation, Provenance, RunRecord } from '@negmnist/results';
import type { BackendDescriptor, BackendId } from '../backends/table';
import type { Claim } from '../cluster/claims';
import type { DataSource } from '../config/data';
import type { PlannedRun } from './plan';
import type { Reporter } from './progress';

/** What every worker thread needs besides its runs (it asks the main thread for those, one claim at a time). */
export interface WorkerJob {
  backend: BackendId;
  data: DataSource;
  outDir: string;
  versions: Record<string, string>;
  provenance?: Provenance;
  /** ONNX Runtime intra-op threads per run (intra-op backends). */
  threads: number;
}

/** Messages from the main thread to a worker: runs to train (one ensemble), no more runs, or Ctrl-C. */
export type WorkerCommand = { type: 'train'; group: PlannedRun[] } | { type: 'stop' } | { type: 'abort' };

/** Messages from a worker to the main thread. */
export type WorkerMessage =
  | { type: 'note'; text: string }
  | { type: 'runStart'; id: string; totalSteps: number; step: number }
  | { type: 'progress'; id: string; step: number }
  | { type: 'evaluation'; id: string; evaluation: Evaluation; totalSteps: number }
  | { type: 'runEnd'; record: RunRecord }
  /** Free for more runs; `records` are those of the runs it was given last (their final records are written). */
  | { type: 'claim'; records: RunRecord[] }
  | { type: 'error'; name: string; message: string; stack?: string };

/**
 * Worker threads worth using for `runs` runs, from the backend's row of the table: backends whose
 * models use one core (`one-core`: wasm, cpu) get one per core, `intra-op` ones (onnx-cpu, `threads`
 * intra-op threads per run) one per `threads` cores, at most one per run and at most `requested`;
 * a backend that uses the machine from one thread (`own`: the GPU ones, tfjs-node) gets 1.
 */
export function workerCount(backend: BackendDescriptor, runs: number, requested: number | undefined, threads: number): number {
  if (backend.parallelism === 'own') return 1;
  const perCore = backend.parallelism === 'intra-op' ? Math.floor(availableParallelism() / threads) : availableParallelism();
  return Math.max(1, Math.min(requested ?? perCore, runs));
}

/**
 * Trains in `count` worker threads: a thread that is free asks for the next claim (`next`, undefined
 * when none is left), trains its runs, and its locks are released once their final records are written.
 * After an interruption or a failure in any thread no new claim is made. Resolves with every record
 * the threads wrote last (final, or interrupted ones).
 */
export async function trainInWorkers(job: WorkerJob, count: number, next: () => Promise<Claim | undefined>, reporter: Reporter, signal: AbortSignal): Promise<RunRecord[]> {
  const workers = Array.from({ length: count }, () => new Worker(new URL('./worker.cjs', import.meta.url), { workerData: job }));
  const abort = () => workers.forEach((w) => w.postMessage({ type: 'abort' } satisfies WorkerCommand));
  signal.addEventListener('abort', abort);
  let failed = false;
  const nextUnlessStopped = async () => (failed || signal.aborted ? undefined : next());
  try {
    const results = await Promise.allSettled(
      workers.map((worker) =>
        relay(worker, reporter, nextUnlessStopped).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  } finally {
    signal.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function relay(worker: Worker, reporter: Reporter, next: () => Promise<Claim | undefined>): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  let current: Claim | undefined;
  return new Promise((resolve, reject) => {
    const handOut = async () => {
      await current?.release();
      current = await next();
      if (current === undefined) {
        worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
        resolve(records);
      } else {
        worker.postMessage({ type: 'train', group: current.runs } satisfies WorkerCommand);
      }
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'note':
          return reporter.note(message.text);
        case 'runStart':
          return reporter.runStart(message.id, message.totalSteps, message.step);
        case 'progress':
          return reporter.progress(message.id, message.step);
        case 'evaluation':
          return reporter.evaluation(message.id, message.evaluation, message.totalSteps);
        case 'runEnd':
          return reporter.runEnd(message.record);
        case 'claim':
          records.push(...message.records);
          return void handOut().catch(reject);
        case 'error':
          // Same name as the worker's error, so the CLI maps it to the same exit code.
          return reject(Object.assign(new Error(message.message), { name: message.name, stack: message.stack }));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`worker thread exited with code ${code} before finishing`)));
  });
}
