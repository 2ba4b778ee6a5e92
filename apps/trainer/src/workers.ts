import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Evaluation, Provenance, RunRecord } from '@negmnist/results';
import type { BackendChoice } from './backend';
import type { DataSource } from './experiment';
import type { PlannedRun } from './plan';
import type { Reporter } from './progress';

/** What one worker thread trains: its groups (each one ensemble), in order. */
export interface WorkerJob {
  backend: Exclude<BackendChoice, 'auto'>;
  data: DataSource;
  groups: PlannedRun[][];
  outDir: string;
  versions: Record<string, string>;
  provenance?: Provenance;
  /** onnx-cpu intra-op threads per run. */
  threads?: number;
}

/** Messages from a worker to the main thread. */
export type WorkerMessage =
  | { type: 'note'; text: string }
  | { type: 'runStart'; id: string; totalSteps: number; step: number }
  | { type: 'progress'; id: string; step: number }
  | { type: 'evaluation'; id: string; evaluation: Evaluation; totalSteps: number }
  | { type: 'runEnd'; record: RunRecord }
  | { type: 'done'; records: RunRecord[] }
  | { type: 'error'; name: string; message: string; stack?: string };

/**
 * Worker threads worth using: wasm, cpu and onnx-cpu (`threads` intra-op threads, default 1) run one
 * thread each, so on several cores the runs are split across threads (onnx-cpu: one per `threads`
 * cores); GPU backends and tfjs-node already use the machine from one thread.
 */
export function workerCount(backend: Exclude<BackendChoice, 'auto'>, runs: number, requested: number | undefined, threads = 1): number {
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'onnx-cpu') return 1;
  const perCore = backend === 'onnx-cpu' ? Math.floor(availableParallelism() / threads) : availableParallelism();
  return Math.max(1, Math.min(requested ?? perCore, runs));
}

/** Splits every group into `workers` balanced sub-groups; worker i gets sub-group i of each group. */
export function splitGroups(groups: readonly PlannedRun[][], workers: number): PlannedRun[][][] {
  const perWorker: PlannedRun[][][] = Array.from({ length: workers }, () => []);
  let next = 0;
  for (const group of groups) {
    const parts = Math.min(workers, group.length);
    for (let p = 0; p < parts; p++) {
      const part = group.filter((_, i) => i % parts === p);
      // Rotate so that groups smaller than the worker count do not all land on worker 0.
      perWorker[(next + p) % workers]?.push(part);
    }
    next = (next + parts) % workers;
  }
  return perWorker.filter((list) => list.length > 0);
}

/** Runs jobs in worker threads, relaying their progress to `reporter`; resolves with every record. */
export async function trainInWorkers(jobs: readonly WorkerJob[], reporter: Reporter, signal: AbortSignal): Promise<RunRecord[]> {
  const workers = jobs.map((job) => new Worker(new URL('./worker.cjs', import.meta.url), { workerData: job }));
  const abort = () => workers.forEach((w) => w.postMessage({ type: 'abort' }));
  signal.addEventListener('abort', abort);
  try {
    const results = await Promise.allSettled(workers.map((worker) => relay(worker, reporter)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  } finally {
    signal.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function relay(worker: Worker, reporter: Reporter): Promise<RunRecord[]> {
  return new Promise((resolve, reject) => {
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
        case 'done':
          return resolve(message.records);
        case 'error':
          // Same name as the worker's error, so the CLI maps it to the same exit code.
          return reject(Object.assign(new Error(message.message), { name: message.name, stack: message.stack }));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`worker thread exited with code ${code} before finishing`)));
  });
}
