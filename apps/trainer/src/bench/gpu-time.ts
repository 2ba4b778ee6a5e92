import { runSettings, type RunConfig } from '@negmnist/core';
import { webgpuEngine, type StepsTiming } from '@negmnist/engine-webgpu';
import { createMlpEnsemble } from '@negmnist/models';
import { train } from '@negmnist/train';
import { runInputs, type LoadedData } from '../config/data';

/** GPU time per step of all members, or why there is none. */
export type GpuTime = { gpuMsPerStep: number } | { unmeasured: string };

/** Options of {@link wgslGpuTime}. */
export interface GpuTimeOptions {
  /** The measured session's runs, in order. */
  configs: readonly RunConfig[];
  /** How many runs each of its train() calls trained together, in order (the ensembles it made). */
  groups: readonly number[];
  data: LoadedData;
  /** Untimed steps first in each group: one submission of their own, as in the measured session. */
  warmup: number;
}

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
 * The GPU time of a step of the WGSL engine (@negmnist/engine-webgpu) on the work a bench row measured: the
 * same groups of members trained the same way (runSettings, as the trainer's runner does) with timestamp
 * queries around each submission's compute pass; the groups' times per step added up. Where the adapter
 * lacks `timestamp-query`, says so.
 */
export async function wgslGpuTime(o: GpuTimeOptions): Promise<GpuTime> {
  let timings: StepsTiming[] = [];
  const engine = webgpuEngine({ onStepsTimed: (t) => timings.push(t) });
  try {
    let total = 0;
    let first = 0;
    for (const size of o.groups) {
      const configs = o.configs.slice(first, first + size);
      first += size;
      const settings = configs.map((config) => runSettings(config));
      const [lead] = configs;
      if (lead === undefined || settings[0] === undefined) continue;
      const model = createMlpEnsemble(settings.map((s) => s.model));
      timings = [];
      try {
        await train(model, runInputs(o.data, lead), { ...settings[0].loop, members: settings.map((s) => s.member), engine, ...(o.warmup > 0 ? { stepsPerCall: o.warmup } : {}) });
      } finally {
        model.dispose();
      }
      const ms = timedMsPerStep(timings, o.warmup);
      if (ms === undefined) return { unmeasured: timings.length === 0 ? `no GPU time: ${await engine.adapter()} has no timestamp-query` : 'no GPU time: no step after the warm-up' };
      total += ms;
    }
    return { gpuMsPerStep: total };
  } finally {
    await engine.destroy();
  }
}
