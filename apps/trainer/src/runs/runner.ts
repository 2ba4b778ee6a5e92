import { runSettings } from '@negmnist/core';
import { createMlpEnsemble } from '@negmnist/models';
import { SCHEMA_VERSION } from '@negmnist/results';
import type { Provenance, RunRecord, RunStatus } from '@negmnist/results';
import { writeRecord } from '@negmnist/results/store';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import { train } from '@negmnist/train';
import type { TrainHooks, TrainResult } from '@negmnist/train';
import { memberCheckpoint, stackCheckpoints, type Checkpoint, type MemberCheckpoint } from '@negmnist/train/checkpoint';
import type { SelectedBackend } from '../backends/select';
import { runInputs, type LoadedData } from '../config/data';
import { removeRunCheckpoint, saveRunCheckpoint } from './checkpoint';
import type { PlannedRun } from './plan';
import type { Reporter } from './progress';

/** What training a group needs besides its runs. */
export interface GroupContext {
  data: LoadedData;
  backend: SelectedBackend;
  reporter: Reporter;
  /** Aborts after the current step (SIGINT). */
  signal: AbortSignal;
  /** Results root, `results/`. */
  outDir: string;
  /** Package versions stored in each record. */
  versions: Record<string, string>;
  /** Host, process and shard stored in each record. */
  provenance?: Provenance;
  /** Extra training hooks, called before the runner's own (`negmnist bench` times evaluations with them). */
  hooks?: TrainHooks;
  /** Steps the first engine call ends after (train()'s `firstCallSteps`). Default: none. */
  firstCallSteps?: number;
}

interface Progress {
  status: RunStatus;
  step: number;
  stepsPerEpoch: number;
  totalSteps: number;
  wallTimeMs: number;
  member: Pick<MemberCheckpoint, 'divergence' | 'evaluations' | 'gradientHistograms' | 'confusion' | 'sharpness'>;
}

function buildRecord(run: PlannedRun, ctx: GroupContext, startedAt: string, p: Progress): RunRecord {
  const { spec } = run;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: spec.id,
    experiment: spec.experiment,
    label: spec.label,
    config: spec.config,
    status: p.status,
    ...(p.status === 'diverged' && p.member.divergence !== undefined ? { divergence: p.member.divergence } : {}),
    backend: { ...(ctx.backend.engine === undefined ? {} : { engine: ctx.backend.engine }), name: ctx.backend.name, ...(ctx.backend.adapter === undefined ? {} : { adapter: ctx.backend.adapter }) },
    ...(ctx.provenance === undefined ? {} : { provenance: ctx.provenance }),
    versions: ctx.versions,
    startedAt,
    updatedAt: new Date().toISOString(),
    wallTimeMs: p.wallTimeMs,
    stepsPerEpoch: p.stepsPerEpoch,
    totalSteps: p.totalSteps,
    step: p.step,
    evaluations: p.member.evaluations,
    gradientHistograms: p.member.gradientHistograms,
    ...(p.member.confusion === undefined ? {} : { confusion: p.member.confusion }),
    ...(p.member.sharpness === undefined ? {} : { sharpness: p.member.sharpness }),
  };
}

// The caller's hooks first, so they see each evaluation end before records and checkpoints are written.
const withExtraHooks = (extra: TrainHooks | undefined, own: TrainHooks): TrainHooks[] => (extra === undefined ? [own] : [extra, own]);

/**
 * Trains runs of one setup (see `groupRuns`: members share input scaling, offset and step limit) as one ensemble (resuming from their checkpoints when they have them),
 * writing each run's record and checkpoint at every evaluation. Returns the final records.
 */
export async function trainGroup(group: readonly PlannedRun[], ctx: GroupContext): Promise<RunRecord[]> {
  const first = group[0];
  if (first === undefined) return [];
  const { config } = first.spec;
  const now = new Date().toISOString();
  const startedAt = group.map((run) => run.existing?.startedAt ?? now);
  const checkpoints = group.map((run) => run.checkpoint);
  const resumeFrom = checkpoints.every((c): c is Checkpoint => c !== undefined) ? stackCheckpoints(checkpoints) : undefined;
  const settings = group.map((run) => runSettings(run.spec.config));
  const model = createMlpEnsemble(settings.map((s) => s.model));
  let totalSteps = 0;
  let result: TrainResult;
  // each evaluation's checkpoint and record writes, which go on behind the training that follows
  let writes: Promise<void> = Promise.resolve();
  try {
    result = await train(model, runInputs(ctx.data, config), {
      ...runSettings(config).loop,
      members: settings.map((s) => s.member),
      signal: ctx.signal,
      ...(ctx.firstCallSteps === undefined ? {} : { firstCallSteps: ctx.firstCallSteps }),
      // a TensorFlow.js backend (the active one) unless the backend brings its own engine
      engine: ctx.backend.trainEngine ?? tfjsEngine,
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      hooks: withExtraHooks(ctx.hooks, {
        onTrainBegin: (r) => {
          totalSteps = r.totalSteps;
          for (const run of group) ctx.reporter.runStart(run.spec.id, r.totalSteps, r.step);
        },
        onBatchEnd: (r) => {
          for (const run of group) ctx.reporter.progress(run.spec.id, r.step);
        },
        onEvalEnd: async (r) => {
          // the checkpoint is a snapshot (weights and history copied), so its files can be written while training goes on
          const checkpoint = await r.checkpoint();
          for (const [k, run] of group.entries()) {
            const evaluation = r.evaluations[k];
            if (evaluation !== undefined) ctx.reporter.evaluation(run.spec.id, evaluation, totalSteps);
          }
          // at most one evaluation's files in flight: the previous ones are on disk (or their error is thrown) first
          await writes;
          writes = (async () => {
            for (const [k, run] of group.entries()) {
              const member = memberCheckpoint(checkpoint, k);
              // Checkpoint before record: a kill in between leaves a record that the checkpoint supersedes.
              await saveRunCheckpoint(run.dir, member);
              const history = member.members[0] as MemberCheckpoint;
              await writeRecord(ctx.outDir, buildRecord(run, ctx, startedAt[k] as string, { status: 'running', step: checkpoint.step, stepsPerEpoch: checkpoint.stepsPerEpoch, totalSteps, wallTimeMs: checkpoint.wallTimeMs, member: history }));
            }
          })();
          // awaited at the next evaluation or the run's end; until then not an unhandled rejection
          writes.catch(() => undefined);
        },
      }),
    });
  } finally {
    model.dispose();
    // an interrupted or failed run still leaves its last evaluation's checkpoint on disk
    await writes.catch(() => undefined);
  }
  // the last running record is on disk before the final one replaces it (a write error surfaces here)
  await writes;
  const records: RunRecord[] = [];
  for (const [k, run] of group.entries()) {
    const member = result.members[k] ?? result;
    const record = buildRecord(run, ctx, startedAt[k] as string, { status: member.status, step: result.step, stepsPerEpoch: result.stepsPerEpoch, totalSteps: result.totalSteps, wallTimeMs: result.wallTimeMs, member });
    if (member.status === 'interrupted' && result.checkpoint !== undefined) await saveRunCheckpoint(run.dir, memberCheckpoint(result.checkpoint, k));
    await writeRecord(ctx.outDir, record);
    if (member.status !== 'interrupted') await removeRunCheckpoint(run.dir);
    ctx.reporter.runEnd(record);
    records.push(record);
  }
  return records;
}
