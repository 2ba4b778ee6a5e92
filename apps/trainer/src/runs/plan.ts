import { readRun, runDirectory } from '@negmnist/results/store';
import type { RunRecord } from '@negmnist/results';
import { resolveRunConfig, type RunConfig } from '@negmnist/core';
import type { Checkpoint } from '@negmnist/train/checkpoint';
import { ConfigError } from '../errors';
import type { RunSpec } from '../config/experiment';
import { loadRunCheckpoint } from './checkpoint';

/** Most models trained as one ensemble (one batched computation), on any backend. */
export const MAX_ENSEMBLE = 64;

/** Most runs with a config one ensemble may hold on a backend (the WGSL engine: what fits its device). */
export type EnsembleLimit = (config: RunConfig) => number;

/** The size ensembles of runs with `config` are cut to: the backend's limit within 1..MAX_ENSEMBLE. */
export function ensembleSize(config: RunConfig, limit?: EnsembleLimit): number {
  return Math.max(1, Math.min(MAX_ENSEMBLE, limit?.(config) ?? MAX_ENSEMBLE));
}

/** A run still to train, with what a previous attempt left. */
export interface PlannedRun {
  spec: RunSpec;
  dir: string;
  existing?: RunRecord;
  checkpoint?: Checkpoint;
}

/** Runs to train and runs already finished (done or diverged). */
export interface Plan {
  todo: PlannedRun[];
  finished: RunRecord[];
}

function differences(a: RunConfig, b: RunConfig): string[] {
  // both sides' keys: an optional field (e.g. `perturbation`) present on one side only is a difference
  return ([...new Set([...Object.keys(a), ...Object.keys(b)])] as Array<keyof RunConfig>)
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key} ${JSON.stringify(b[key])} there, ${JSON.stringify(a[key])} asked`);
}

/** Reads what each run's directory already holds: finished runs are skipped, interrupted ones resume. */
export async function planRuns(specs: readonly RunSpec[], outDir: string): Promise<Plan> {
  const plan: Plan = { todo: [], finished: [] };
  for (const spec of specs) {
    const dir = runDirectory(outDir, spec.experiment, spec.id);
    const existing = await readRun(dir);
    if (existing !== undefined) {
      const diff = differences(spec.config, existing.config);
      if (diff.length > 0) {
        throw new ConfigError(`${dir} holds a run with other settings (${diff.join('; ')}): pass --name <new-name> or --out <other-dir>, or delete it`);
      }
      if (existing.status === 'done' || existing.status === 'diverged') {
        plan.finished.push(existing);
        continue;
      }
    }
    const checkpoint = existing === undefined ? undefined : await loadRunCheckpoint(dir);
    plan.todo.push({ spec, dir, existing, checkpoint });
  }
  return plan;
}

/**
 * Groups runs that can train as one ensemble: same layer sizes, batch, epochs, step limit, evaluation
 * schedule, probe size, input scaling and offset, and resume step (members may differ in polarity, lr,
 * fc1 rate, perturbation, activations, init and seed), cut into ensembles of at most `ensembleSize`
 * (`limit`: the backend's). With `ensemble` false every run trains alone.
 */
export function groupRuns(todo: readonly PlannedRun[], ensemble: boolean, limit?: EnsembleLimit): PlannedRun[][] {
  if (!ensemble) return todo.map((run) => [run]);
  const groups = new Map<string, PlannedRun[]>();
  for (const run of todo) {
    const { layers, batchSize, epochs, maxSteps, evalEvery, evalSchedule, evalFinal, probeSize, input, inputOffset, inputGain, sharpnessEvery, meanDirectionProbe } = resolveRunConfig(run.spec.config);
    const key = JSON.stringify([layers, batchSize, epochs, maxSteps ?? null, evalEvery, evalSchedule, evalFinal, probeSize, [input, inputOffset, inputGain], sharpnessEvery ?? null, meanDirectionProbe, run.checkpoint?.step ?? 0]);
    const group = groups.get(key) ?? [];
    group.push(run);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => {
    // members share the shape that sizes an ensemble, so the first one's config sizes the group
    const size = ensembleSize((group[0] as PlannedRun).spec.config, limit);
    return Array.from({ length: Math.ceil(group.length / size) }, (_, i) => group.slice(i * size, (i + 1) * size));
  });
}
