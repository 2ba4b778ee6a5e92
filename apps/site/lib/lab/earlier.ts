import type { PlotOptions } from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';
import { configColorScale } from '@negmnist/viz';
import { fadeColor, readableOnWhite } from '../colors';

// Runs the lab trained before the last Reset, kept on its charts behind the current runs: each in a
// faded copy of the colour it had, and named by the round it came from.

/** Rounds of earlier runs kept (the oldest goes first). */
export const MAX_EARLIER_ROUNDS = 4;
/** How far an earlier run's colour is mixed with white. */
const FADE = 0.55;

/** A run from before a Reset: its record (relabelled), the round it came from and the colour it is drawn in. */
export interface EarlierRun {
  record: RunRecord;
  round: number;
  color: string;
}

/** The colour of each current run, in order: the charts' own configuration colours, readable on white. */
export function currentColors(records: readonly RunRecord[]): string[] {
  return configColorScale(records.map((r) => r.label)).range.map((color) => readableOnWhite(color));
}

/**
 * `earlier` plus the runs of `current` (those with an evaluation), as round `round`: labelled
 * "<label> · run <round>", each in a faded copy of its current colour. Keeps the last
 * {@link MAX_EARLIER_ROUNDS} rounds.
 */
export function keepEarlier(earlier: readonly EarlierRun[], current: readonly RunRecord[], round: number): EarlierRun[] {
  const colors = currentColors(current);
  const added = current.flatMap((record, i) =>
    record.evaluations.length === 0
      ? []
      : [{ record: { ...record, label: `${record.label} · run ${round}`, id: `${record.id}-run${round}` }, round, color: fadeColor(colors[i]!, FADE) }],
  );
  const all = [...earlier, ...added];
  const rounds = [...new Set(all.map((run) => run.round))].slice(-MAX_EARLIER_ROUNDS);
  return all.filter((run) => rounds.includes(run.round));
}

/** The records a lab chart draws: earlier runs first (drawn behind), then the current ones. */
export function chartRecords(current: readonly RunRecord[], earlier: readonly EarlierRun[]): RunRecord[] {
  return [...earlier.map((run) => run.record), ...current];
}

/**
 * Chart options drawn from {@link chartRecords} with each run in its colour: current runs in the
 * charts' colours, earlier ones faded; the legend lists the current runs first.
 */
export function withEarlierColors(options: PlotOptions, current: readonly RunRecord[], earlier: readonly EarlierRun[]): PlotOptions {
  if (earlier.length === 0) return { ...options, color: { ...options.color, range: currentColors(current) } };
  const domain = [...current.map((r) => r.label), ...earlier.map((run) => run.record.label)];
  const range = [...currentColors(current), ...earlier.map((run) => run.color)];
  return { ...options, color: { ...options.color, domain, range } };
}
