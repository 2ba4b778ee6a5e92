import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OursFailure, OursJob, OursResult } from './jobs';
import { runChild } from './spawn';
import type { Measurement } from './table';

/** How one of our configurations is described in the table. */
export interface OursSetup {
  /** e.g. `1 process x 1 thread`, `2 workers x 1 thread (grid default)`. */
  setup: string;
  /** CPU threads it uses (0 for GPU work). */
  threads: number;
}

/** Outcome of one child: a measurement, or why not (absent backend, failure). */
export type OursOutcome = { wallMs: number; result: OursResult } | { failure: OursFailure };

/** Runs one job in `dist/bench-child.cjs` (the trainer's own code path) in a scratch directory. */
export async function runOurs(job: Omit<OursJob, 'outDir'>, timeoutMs: number): Promise<OursOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'negmnist-bench-'));
  try {
    const child = fileURLToPath(new URL('./bench-child.cjs', import.meta.url));
    const outcome = await runChild(process.execPath, [child, JSON.stringify({ ...job, outDir })], { timeoutMs });
    const json = outcome.json;
    if (json !== undefined && typeof json.error === 'string') return { failure: json as unknown as OursFailure };
    if (json === undefined) return { failure: { error: outcome.error ?? 'no result', unavailable: false } };
    return { wallMs: outcome.wallMs, result: json as unknown as OursResult };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The table row for one outcome of ours. */
export function oursRow(mode: Measurement['mode'], backend: string, k: number, how: OursSetup, outcome: OursOutcome): Measurement {
  if ('failure' in outcome) {
    return { mode, side: 'negmnist', label: backend, setup: how.setup, threads: how.threads, k, skipped: outcome.failure.unavailable ? `absent here (${outcome.failure.error})` : outcome.failure.error };
  }
  const { result, wallMs } = outcome;
  // The --backend name, not the record's: two engines may both call their backend `cpu`.
  const label = `${backend}${result.backend.adapter === undefined ? '' : ` (${result.backend.adapter})`}`;
  // A grid is judged by throughput over its wall time; one run by its steps' time.
  const seconds = (mode === 'grid' ? wallMs : result.trainingMs) / 1000;
  const steps = mode === 'grid' ? result.modelSteps : result.steps;
  return {
    mode,
    side: 'negmnist',
    label,
    setup: how.setup,
    threads: how.threads,
    k,
    wallMs,
    trainingMs: mode === 'grid' ? undefined : result.trainingMs,
    evaluationMs: mode === 'protocol' ? result.evaluationMs : undefined,
    steps: result.steps,
    stepsPerSecond: seconds > 0 ? steps / seconds : undefined,
    modelStepsPerSecond: seconds > 0 ? result.modelSteps / seconds : undefined,
    peakRssMiB: result.peakRssMiB,
  };
}
