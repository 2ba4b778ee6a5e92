import type { BackendInfo, Evaluation, GradientHistogram, RunStatus } from '@negmnist/results';
import type { Polarity } from '@negmnist/core';
import type { LabSettings } from './settings';

/** Page → worker. */
export type ToWorker =
  | {
      type: 'start';
      settings: LabSettings;
      polarity: Polarity;
      /** Absolute URL folders of the gzip IDX files and of the tfjs wasm binaries. */
      dataBase: string;
      wasmBase: string;
      /** Start paused (the Step button's first step). */
      paused: boolean;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  /** While paused: train this many more steps, then pause again. */
  | { type: 'step'; steps: number }
  /** After the run ended complete: train this many more epochs from where it stopped (same weights, batch order and history), running. */
  | { type: 'continue'; epochs: number };

/** The first digits of the current batch (the page draws them in the run's polarity). */
export interface BatchStrip {
  /** Pixels 0-255 as stored, `count` images of rows × cols. */
  images: Uint8Array;
  labels: number[];
  count: number;
  rows: number;
  cols: number;
}

/** Worker → page. */
export type FromWorker =
  /** The engine started: its record entry, why engines tried before it were not used, and its runtime's versions. */
  | { type: 'backend'; backend: BackendInfo; notes: string[]; versions: Record<string, string> }
  | { type: 'data'; dataset: string; layers: number[]; trainCount: number; testCount: number; stepsPerEpoch: number; totalSteps: number; startedAt: string }
  | { type: 'progress'; step: number; epoch: number; paused: boolean; stepsPerSecond: number; wallTimeMs: number; strip: BatchStrip }
  | { type: 'evaluation'; evaluation: Evaluation }
  | { type: 'histogram'; histogram: GradientHistogram }
  /** The loop is waiting at the gate (paused) after `step` steps. */
  | { type: 'paused'; step: number }
  | { type: 'end'; status: RunStatus; divergence?: { step: number; reason: string }; step: number; wallTimeMs: number; confusion?: number[][] }
  | { type: 'error'; message: string };
