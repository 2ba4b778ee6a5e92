import type { RunRecord } from '@negmnist/results';

/** How many runs (seeds) each configuration of some records has. */
export interface RunsPerConfiguration {
  /** Distinct configurations (record labels). */
  configurations: number;
  /** Fewest and most runs of one configuration; 0 and 0 for no records. */
  min: number;
  max: number;
}

/** Runs per configuration label of `records` (seeds of one configuration share its label). */
export function runsPerConfiguration(records: readonly Pick<RunRecord, 'label'>[]): RunsPerConfiguration {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.label, (counts.get(record.label) ?? 0) + 1);
  const values = [...counts.values()];
  return { configurations: counts.size, min: values.length > 0 ? Math.min(...values) : 0, max: values.length > 0 ? Math.max(...values) : 0 };
}

/** "1 seed" / "3 seeds" / "1–3 seeds" per configuration. */
export function seedsText({ min, max }: RunsPerConfiguration): string {
  if (min === max) return `${min} seed${min === 1 ? '' : 's'}`;
  return `${min}–${max} seeds`;
}

/** "1 epoch" / "2 epochs" / "2 or 20 epochs" for the training lengths of some runs. */
export function epochsText(epochs: readonly number[]): string {
  return `${epochs.join(' or ')} ${epochs.length === 1 && epochs[0] === 1 ? 'epoch' : 'epochs'}`;
}

/**
 * What a learning-curve chart of `records` draws, in words: a mean with a min–max band only where a
 * configuration has several runs; a configuration with one run is one line and claims no band.
 */
export function curvesCaption(records: readonly Pick<RunRecord, 'label'>[]): string {
  const counts = runsPerConfiguration(records);
  if (counts.configurations === 0) return 'no runs shown';
  if (counts.max === 1) return 'one run per configuration (1 seed): each line is a single run, with no band and no mean over seeds';
  if (counts.min > 1) return `mean over the ${seedsText(counts)} of each configuration, band from min to max`;
  return `mean over the ${seedsText(counts)} of each configuration, band from min to max where there are several; a configuration with one run is a single line`;
}
