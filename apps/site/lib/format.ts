import type { RunRecord, SeedStat } from '@negmnist/results';

/** A fraction as a percentage, e.g. 0.7312 → "73.1%"; "n/a" for null. */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}

/** Mean and range of fractions, e.g. "73.1% (range 70.2–75.0%)"; the range is left out for one value. */
export function percentSpread(spread: Pick<SeedStat, 'mean' | 'min' | 'max'> | null, digits = 1): string {
  if (!spread) return 'n/a';
  if (spread.min === spread.max) return percent(spread.mean, digits);
  return `${percent(spread.mean, digits)} (range ${(spread.min * 100).toFixed(digits)}–${percent(spread.max, digits)})`;
}

/** Milliseconds as a short duration: "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "1 run" / "3 runs". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A record without its bulky parts (histograms, confusion matrix; layer probes unless `layers`), for client components. */
export function slimRecord(record: RunRecord, options: { layers?: boolean } = {}): RunRecord {
  const { confusion: _confusion, ...rest } = record;
  const evaluations = options.layers === false ? record.evaluations.map((e) => ({ ...e, layers: [] })) : record.evaluations;
  return { ...rest, evaluations, gradientHistograms: [] };
}
