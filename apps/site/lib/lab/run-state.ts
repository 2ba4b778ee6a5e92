import { SCHEMA_VERSION } from '@negmnist/results';
import type { BackendInfo, Evaluation, GradientHistogram, RunRecord, RunStatus } from '@negmnist/results';
import type { BatchStrip, FromWorker } from './protocol';
import { labRunConfig, labRunId, labRunLabel } from './settings';
import type { Polarity } from '@negmnist/core';
import type { LabSettings } from './settings';

/** What the page knows of one run, folded from its worker's messages. */
export interface RunState {
  polarity: Polarity;
  phase: 'loading' | 'training' | 'paused' | 'ended' | 'failed';
  backend?: BackendInfo;
  /** Engines tried before the one running, and why each was not used. */
  notes: string[];
  /** The engine's runtime versions, for the record (e.g. `@tensorflow/tfjs`). */
  versions?: Record<string, string>;
  dataset?: string;
  /** Layer sizes of the run's network, input to output. */
  layers?: number[];
  trainCount?: number;
  testCount?: number;
  stepsPerEpoch?: number;
  totalSteps?: number;
  startedAt?: string;
  step: number;
  stepsPerSecond: number;
  wallTimeMs: number;
  strip?: BatchStrip;
  evaluations: Evaluation[];
  gradientHistograms: GradientHistogram[];
  status: RunStatus;
  divergence?: { step: number; reason: string };
  confusion?: number[][];
  error?: string;
}

/** A run before its worker has said anything. */
export function initialRunState(polarity: Polarity): RunState {
  return { polarity, phase: 'loading', notes: [], step: 0, stepsPerSecond: 0, wallTimeMs: 0, evaluations: [], gradientHistograms: [], status: 'running' };
}

/** The state after one worker message (pure: returns a new object). */
export function applyMessage(state: RunState, message: FromWorker): RunState {
  switch (message.type) {
    case 'backend':
      return { ...state, backend: message.backend, notes: message.notes, versions: message.versions };
    case 'data':
      return { ...state, phase: 'training', dataset: message.dataset, layers: message.layers, trainCount: message.trainCount, testCount: message.testCount, stepsPerEpoch: message.stepsPerEpoch, totalSteps: message.totalSteps, startedAt: message.startedAt };
    case 'progress':
      return { ...state, phase: state.phase === 'ended' ? 'ended' : message.paused ? 'paused' : 'training', step: message.step, stepsPerSecond: message.stepsPerSecond, wallTimeMs: message.wallTimeMs, strip: message.strip };
    case 'evaluation':
      return { ...state, evaluations: [...state.evaluations, message.evaluation], wallTimeMs: Math.max(state.wallTimeMs, message.evaluation.wallTimeMs) };
    case 'paused':
      return state.phase === 'ended' || state.phase === 'failed' ? state : { ...state, phase: 'paused', step: message.step };
    case 'histogram':
      return { ...state, gradientHistograms: [...state.gradientHistograms, message.histogram] };
    case 'end':
      return {
        ...state,
        phase: 'ended',
        status: message.status,
        step: message.step,
        wallTimeMs: message.wallTimeMs,
        ...(message.divergence ? { divergence: message.divergence } : {}),
        ...(message.confusion ? { confusion: message.confusion } : {}),
      };
    case 'error':
      return { ...state, phase: 'failed', error: message.message };
  }
}

/** Whether a run can train further epochs (Continue): it ended complete, not diverged or failed. */
export function canContinue(state: RunState): boolean {
  return state.phase === 'ended' && state.status === 'done' && state.stepsPerEpoch !== undefined && state.totalSteps !== undefined;
}

/**
 * The state of a run told to train `epochs` more epochs (Continue): training again towards the new
 * total, with its step, evaluations and histograms kept. A run that cannot continue comes back as it is.
 */
export function continueRun(state: RunState, epochs: number): RunState {
  if (!canContinue(state) || state.stepsPerEpoch === undefined || state.totalSteps === undefined) return state;
  return { ...state, phase: 'training', status: 'running', totalSteps: state.totalSteps + epochs * state.stepsPerEpoch };
}

/**
 * The run as a record in the CLI's schema (experiment `lab`), or undefined before its data and
 * backend are known. A run still going is `running`.
 */
export function labRecord(settings: LabSettings, state: RunState, now: Date = new Date()): RunRecord | undefined {
  const { backend, dataset, layers, stepsPerEpoch, totalSteps, startedAt } = state;
  if (backend === undefined || dataset === undefined || layers === undefined || stepsPerEpoch === undefined || totalSteps === undefined || startedAt === undefined) return undefined;
  const status: RunStatus = state.phase === 'ended' ? state.status : 'running';
  return {
    schemaVersion: SCHEMA_VERSION,
    id: labRunId(settings, state.polarity),
    experiment: 'lab',
    label: labRunLabel(settings, state.polarity),
    // epochs as trained: the settings' own, plus any a Continue added
    config: labRunConfig({ ...settings, epochs: Math.round(totalSteps / stepsPerEpoch) }, state.polarity, dataset, layers),
    status,
    ...(status === 'diverged' && state.divergence ? { divergence: state.divergence } : {}),
    backend,
    versions: { ...state.versions, browser: typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent },
    startedAt,
    updatedAt: now.toISOString(),
    wallTimeMs: state.wallTimeMs,
    stepsPerEpoch,
    totalSteps,
    step: state.step,
    evaluations: state.evaluations,
    gradientHistograms: state.gradientHistograms,
    ...(state.confusion ? { confusion: state.confusion } : {}),
  };
}
