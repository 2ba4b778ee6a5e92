import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GpuTime } from './gpu-time';
import type { OursFailure, OursJob, OursResult } from './jobs';
import { runChild, type ChildOutcome } from './spawn';
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

/** Runs one job in `dist/bench-child.cjs` in a scratch directory. */
async function runJob(job: Omit<OursJob, 'outDir'>, timeoutMs: number): Promise<ChildOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'negmnist-bench-'));
  try {
    const child = fileURLToPath(new URL('./bench-child.cjs', import.meta.url));
    return await runChild(process.execPath, [child, JSON.stringify({ ...job, outDir })], { timeoutMs });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Runs one measurement of ours in its own process (the trainer's own code path). */
export async function runOurs(job: Omit<OursJob, 'outDir'>, timeoutMs: number): Promise<OursOutcome> {
  const outcome = await runJob(job, timeoutMs);
  const json = outcome.json;
  if (json !== undefined && typeof json.error === 'string') return { failure: json as unknown as OursFailure };
  if (json === undefined) return { failure: { error: outcome.error ?? 'no result', unavailable: false } };
  return { wallMs: outcome.wallMs, result: json as unknown as OursResult };
}

/**
 * The GPU time per step of a measured step/ensemble job on the WGSL engine, in a process of its own (so the
 * measured row carries no timestamp queries): the same session, its ensembles and warm-up included.
 */
export async function runGpuTime(job: Omit<OursJob, 'outDir' | 'gpuTiming'>, timeoutMs: number): Promise<GpuTime> {
  const { json, error } = await runJob({ ...job, gpuTiming: true }, timeoutMs);
  if (typeof json?.gpuMsPerStep === 'number') return { gpuMsPerStep: json.gpuMsPerStep };
  if (typeof json?.unmeasured === 'string') return { unmeasured: json.unmeasured };
  return { unmeasured: `no GPU time: ${typeof json?.error === 'string' ? json.error : (error ?? 'no result')}` };
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
