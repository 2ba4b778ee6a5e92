import { runSummary } from '@negmnist/results/aggregate';
import { backendLabel } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';

/** One row of the runs table: what a reader compares across runs. Serializable for client components. */
export interface RunRow {
  /** `<experiment>/<id>`, unique across the results directory. */
  key: string;
  experiment: string;
  id: string;
  label: string;
  /** Link to the run's page. */
  href: string;
  negative: boolean;
  /** Short config description, e.g. `784-200-100-10 relu→relu torch lr 0.1 bs 64`. */
  config: string;
  seed: number;
  backend: string;
  status: RunRecord['status'];
  /** Validation accuracy (0-1) at the last / best evaluation; null without evaluations. */
  finalValAccuracy: number | null;
  bestValAccuracy: number | null;
  /** Drops of validation accuracy by more than 5 points between consecutive evaluations. */
  instability: number;
  /** fc1 dead-unit fraction (0-1) at the last evaluation; null when not probed. */
  deadFraction: number | null;
  wallTimeMs: number;
}

/** Key of a run, unique across experiments. */
export const runKey = (record: Pick<RunRecord, 'experiment' | 'id'>): string => `${record.experiment}/${record.id}`;

/** Page of a run. */
export const runHref = (record: Pick<RunRecord, 'experiment' | 'id'>): string => `/runs/${record.experiment}/${record.id}/`;

/** One-line description of a config. */
export function describeConfig(config: RunRecord['config']): string {
  return `${config.layers.join('-')} · ${config.hidden}→${config.output} · ${config.init} · lr ${config.lr} · bs ${config.batchSize}`;
}

/** Summarises a record as a table row. */
export function runRow(record: RunRecord): RunRow {
  const summary = runSummary(record);
  return {
    key: runKey(record),
    experiment: record.experiment,
    id: record.id,
    label: record.label,
    href: runHref(record),
    negative: record.config.negative,
    config: describeConfig(record.config),
    seed: summary.seed,
    backend: backendLabel(record.backend),
    status: summary.status,
    finalValAccuracy: summary.finalValAccuracy,
    bestValAccuracy: summary.bestValAccuracy,
    instability: summary.instability,
    deadFraction: summary.finalDeadFraction,
    wallTimeMs: summary.wallTimeMs,
  };
}
