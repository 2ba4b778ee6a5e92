import type { StepsTiming } from '@negmnist/engine-webgpu';

/** GPU time per step of all members, or why there is none. */
export type GpuTime = { gpuMsPerStep: number } | { unmeasured: string };

/** Milliseconds per step of the submissions after the first `warmup` steps; undefined when none was timed. */
export function timedMsPerStep(timings: readonly StepsTiming[], warmup: number): number | undefined {
  let seen = 0;
  let ms = 0;
  let steps = 0;
  for (const t of timings) {
    if (seen >= warmup) {
      ms += t.gpuMs;
      steps += t.steps;
    }
    seen += t.steps;
  }
  return steps > 0 ? ms / steps : undefined;
}

/**
 * The GPU time of a step of the WGSL engine (@negmnist/engine-webgpu) on the work a bench row measured, from
 * the timed submissions of each of the session's train() calls (one per ensemble it made, in order): the
 * ensembles' times per step after the `warmup` steps added up. Without any timed submission the adapter lacks
 * `timestamp-query`, and the answer says so, naming `adapter`.
 */
export function gpuTimeOf(submissions: readonly (readonly StepsTiming[])[], warmup: number, adapter: string): GpuTime {
  if (submissions.every((timings) => timings.length === 0)) return { unmeasured: `no GPU time: ${adapter} has no timestamp-query` };
  let total = 0;
  for (const timings of submissions) {
    const ms = timedMsPerStep(timings, warmup);
    if (ms === undefined) return { unmeasured: 'no GPU time: no step after the warm-up' };
    total += ms;
  }
  return { gpuMsPerStep: total };
}
