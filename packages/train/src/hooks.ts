import type { Evaluation, GradientHistogram } from '@negmnist/results';
import type { Checkpoint } from './checkpoint/checkpoint';
import type { TrainResult } from './result';

/** Passed to onTrainBegin. */
export interface TrainBeginRecord {
  /** Steps already done (0, or the checkpoint's step when resuming). */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Number of models trained together (1 for a single Mlp). */
  readonly members: number;
}

/** Passed to onEpochBegin (also when a resume lands mid-epoch). */
export interface EpochBeginRecord {
  /** 0-based epoch. */
  readonly epoch: number;
  /** Steps done before this epoch's first (remaining) batch. */
  readonly step: number;
}

/** Passed to onBatchEnd after every optimiser step. Holds no GPU values, so it costs no device read. */
export interface BatchEndRecord {
  /** Steps done, 1-based. */
  readonly step: number;
  /** 0-based epoch. */
  readonly epoch: number;
  /** 0-based batch within the epoch. */
  readonly batch: number;
  /** Images in this batch (the last batch of an epoch may be smaller). */
  readonly batchSize: number;
  /** The batch's training-image indices, one array per member (the same array when members share a data order). */
  readonly indices: readonly Uint32Array[];
}

/** Passed to onEvalEnd after each evaluation. */
export interface EvalEndRecord {
  readonly step: number;
  /** Fractional epoch, step / stepsPerEpoch. */
  readonly epoch: number;
  /** Member 0's evaluation (the only one for a single Mlp). */
  readonly evaluation: Evaluation;
  /** One evaluation per member still training at this step (undefined entries for members already diverged). */
  readonly evaluations: readonly (Evaluation | undefined)[];
  /**
   * Resumable state at this step (weights read from the device on the first call, which later calls
   * share). Call it during the hook: it rejects once the hook has returned, because training has moved on.
   */
  checkpoint(): Promise<Checkpoint>;
}

/** Passed to onEpochEnd, after the epoch's last step (and its evaluation, if one fell there). */
export interface EpochEndRecord {
  /** 0-based epoch that ended. */
  readonly epoch: number;
  readonly step: number;
  /** Member 0's fc1 weight-gradient histogram at the epoch's last batch. */
  readonly gradientHistogram: GradientHistogram;
  /** One histogram per member (undefined for members already diverged). */
  readonly gradientHistograms: readonly (GradientHistogram | undefined)[];
}

/** Passed to onTrainEnd, whatever the status. */
export interface TrainEndRecord {
  readonly result: TrainResult;
}

/** Training hooks: every method optional, may be async; awaited in order. */
export interface TrainHooks {
  onTrainBegin?(record: TrainBeginRecord): void | Promise<void>;
  onEpochBegin?(record: EpochBeginRecord): void | Promise<void>;
  onBatchEnd?(record: BatchEndRecord): void | Promise<void>;
  onEvalEnd?(record: EvalEndRecord): void | Promise<void>;
  onEpochEnd?(record: EpochEndRecord): void | Promise<void>;
  onTrainEnd?(record: TrainEndRecord): void | Promise<void>;
}

type HookName = keyof TrainHooks;
type RecordOf<N extends HookName> = Parameters<NonNullable<TrainHooks[N]>>[0];

/** Calls hook `name` of every hooks object in order, awaiting each. */
export async function callHooks<N extends HookName>(hooks: readonly TrainHooks[], name: N, record: RecordOf<N>): Promise<void> {
  for (const h of hooks) {
    const fn = h[name] as ((r: RecordOf<N>) => void | Promise<void>) | undefined;
    if (fn) await fn.call(h, record);
  }
}
