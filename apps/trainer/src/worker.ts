import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from './backend';
import { loadData } from './data';
import type { Reporter } from './progress';
import { trainGroup } from './runner';
import type { WorkerJob, WorkerMessage } from './workers';

// Worker-thread entry (dist/worker.cjs): trains its share of the runs and reports to the main thread.
const job = workerData as WorkerJob;
const port = parentPort;
const post = (message: WorkerMessage) => port?.postMessage(message);
const controller = new AbortController();
port?.on('message', (message: { type: string }) => {
  if (message.type === 'abort') controller.abort();
});

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

async function work(): Promise<void> {
  const backend = await selectBackend(job.backend, { threads: job.threads ?? 1 });
  const data = await loadData(job.data);
  const records = [];
  for (const group of job.groups) {
    if (controller.signal.aborted) break;
    records.push(...(await trainGroup(group, { data, backend, reporter, signal: controller.signal, outDir: job.outDir, versions: job.versions, provenance: job.provenance })));
  }
  post({ type: 'done', records });
}

work().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message, stack: e.stack });
});
