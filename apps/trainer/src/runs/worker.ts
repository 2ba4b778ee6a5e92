import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type SelectedBackend } from '../backends/select';
import { loadData, type LoadedData } from '../config/data';
import type { Reporter } from './progress';
import type { PlannedRun } from './plan';
import { trainGroup } from './runner';
import type { WorkerCommand, WorkerJob, WorkerMessage } from './workers';

// Worker-thread entry (dist/worker.cjs): trains the runs the main thread claims for it, one claim at a time.
const job = workerData as WorkerJob;
const port = parentPort;
const post = (message: WorkerMessage) => port?.postMessage(message);
const controller = new AbortController();

const PROGRESS_EVERY_MS = 100;
const lastProgress = new Map<string, number>();

const reporter: Reporter = {
  plan: () => {},
  note: (text) => post({ type: 'note', text }),
  runStart: (id, totalSteps, step) => post({ type: 'runStart', id, totalSteps, step }),
  progress: (id, step) => {
    // at most ~10 progress messages a second per run: each one wakes the main thread, which shares the cores
    const now = performance.now();
    if (now - (lastProgress.get(id) ?? -Infinity) < PROGRESS_EVERY_MS) return;
    lastProgress.set(id, now);
    post({ type: 'progress', id, step });
  },
  evaluation: (id, evaluation, totalSteps) => post({ type: 'evaluation', id, evaluation, totalSteps }),
  runEnd: (record) => post({ type: 'runEnd', record }),
  close: () => {},
};

// backend and data, loaded once this thread has runs to train
let setup: Promise<[SelectedBackend, LoadedData]> | undefined;

async function train(group: PlannedRun[]): Promise<void> {
  setup ??= Promise.all([selectBackend(job.backend, { threads: job.threads }), loadData(job.data)]);
  const [backend, data] = await setup;
  // interrupted while the runs were claimed: leave them as they are
  const records = controller.signal.aborted ? [] : await trainGroup(group, { data, backend, reporter, signal: controller.signal, outDir: job.outDir, versions: job.versions, provenance: job.provenance });
  post({ type: 'claim', records });
}

function fail(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message, stack: e.stack });
}

port?.on('message', (message: WorkerCommand) => {
  if (message.type === 'abort') controller.abort();
  else if (message.type === 'train') train(message.group).catch(fail);
  // 'stop': nothing is left to claim; the main thread ends this thread
});
post({ type: 'claim', records: [] });
