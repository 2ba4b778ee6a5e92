import { runOutcome, runOutcomes, runSummary, seedStat } from '@negmnist/results/aggregate';
import type { RunOutcome } from '@negmnist/results/aggregate';
import type { RunRecord, SeedStat } from '@negmnist/results';
import { SEED_CONFIG } from '@negmnist/core';
import type { RunConfig } from '@negmnist/core';
import { plural } from './format';
import { runsPerConfiguration } from './seed-counts';
import type { RunsPerConfiguration } from './seed-counts';

/** What the records say about one group of runs (one polarity, or one configuration). */
export interface GroupFindings {
  runs: number;
  /** Final validation accuracy (0-1) across runs; null when no run has an evaluation. */
  finalAccuracy: SeedStat | null;
  /** Final fc1 dead fraction (0-1) across runs; null when not probed. */
  deadFc1: SeedStat | null;
  /** Final share of probe images with all logits <= 0; null without evaluations. */
  deadOutput: SeedStat | null;
  /**
   * Runs by outcome (`runOutcome` of @negmnist/results): `collapsed` (stuck near chance, or every probe image's
   * logits ≤ 0), `diverged`, `erratic` (learning, with a validation drop of more than 5 points), `smooth`.
   */
  outcomes: Record<RunOutcome, number>;
  /** Validation drops of more than 5 points, summed over the erratic runs. */
  drops: number;
  /** The seeds of the runs, ascending, each once. */
  seeds: number[];
  /** Training length of the runs (epochs), ascending, each once. */
  epochs: number[];
}

/** One experiment of the results directory: what its figures rest on. */
export interface ExperimentScope {
  /** Experiment name (the results subdirectory), e.g. `quick`. */
  experiment: string;
  runs: number;
  /** Runs per configuration (label). */
  perConfiguration: RunsPerConfiguration;
  /** Training lengths (epochs), ascending, each once. */
  epochs: number[];
}

/** Findings per configuration label, for the "what changes it" table. */
export interface ConfigFindings extends GroupFindings {
  label: string;
  config: RunConfig;
}

/** The numbers behind the answer page. */
export interface Findings {
  /** `seed`: groups hold only runs with the seed program's config; `all`: no such pair exists, so every run counts. */
  basis: 'seed' | 'all';
  positive: GroupFindings | null;
  negative: GroupFindings | null;
  configs: ConfigFindings[];
  /** The experiments of the records, in first-seen order. */
  experiments: ExperimentScope[];
}

/**
 * True for the seed program's setup (`SEED_CONFIG` of @negmnist/core): its layers, activations, init, learning
 * rate and batch size; the training length and evaluation schedule may differ.
 */
export function isSeedConfig(config: RunConfig): boolean {
  return (
    config.layers.join('-') === SEED_CONFIG.layers.join('-') &&
    config.hidden === SEED_CONFIG.hidden &&
    config.output === SEED_CONFIG.output &&
    config.init === SEED_CONFIG.init &&
    config.lr === SEED_CONFIG.lr &&
    config.batchSize === SEED_CONFIG.batchSize
  );
}

/** `seedStat` of @negmnist/results over the finite values, or null when there are none (no evaluation, no probe). */
export function finiteSeedStat(values: readonly (number | null)[]): SeedStat | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : seedStat(present);
}

/** Findings of a group of runs; null for an empty group. */
export function groupFindings(records: readonly RunRecord[]): GroupFindings | null {
  if (records.length === 0) return null;
  const summaries = records.map(runSummary);
  const ran = records.map((r) => runOutcome(r));
  const outcomes = Object.fromEntries(runOutcomes.map((o) => [o, ran.filter((r) => r === o).length])) as Record<RunOutcome, number>;
  return {
    runs: records.length,
    finalAccuracy: finiteSeedStat(summaries.map((s) => s.finalValAccuracy)),
    deadFc1: finiteSeedStat(summaries.map((s) => s.finalDeadFraction)),
    deadOutput: finiteSeedStat(records.map((r) => r.evaluations.at(-1)?.deadOutputFraction ?? null)),
    outcomes,
    drops: summaries.reduce((total, s, i) => total + (ran[i] === 'erratic' ? s.instability : 0), 0),
    seeds: distinctSorted(records.map((r) => r.config.seed)),
    epochs: distinctSorted(records.map((r) => r.config.epochs)),
  };
}

/** Runs the answer page compares: the seed config's runs when both polarities exist, else all runs. */
export function comparedRecords(records: readonly RunRecord[]): { basis: Findings['basis']; positive: RunRecord[]; negative: RunRecord[] } {
  const seed = records.filter((r) => isSeedConfig(r.config));
  const hasPair = seed.some((r) => r.config.negative) && seed.some((r) => !r.config.negative);
  const compared = hasPair ? seed : records;
  return {
    basis: hasPair ? 'seed' : 'all',
    positive: compared.filter((r) => !r.config.negative),
    negative: compared.filter((r) => r.config.negative),
  };
}

/** Splits runs by polarity (see {@link comparedRecords}) and by configuration label. */
export function findings(records: readonly RunRecord[]): Findings {
  const { basis, positive, negative } = comparedRecords(records);
  const labels = [...new Set(records.map((r) => r.label))];
  const configs = labels.map((label) => {
    const group = records.filter((r) => r.label === label);
    return { label, config: group[0]!.config, ...groupFindings(group)! };
  });
  return { basis, positive: groupFindings(positive), negative: groupFindings(negative), configs, experiments: experimentScopes(records) };
}

/** What each experiment's figures rest on: its runs, runs per configuration and epochs. */
export function experimentScopes(records: readonly RunRecord[]): ExperimentScope[] {
  const names = [...new Set(records.map((r) => r.experiment))];
  return names.map((experiment) => {
    const runs = records.filter((r) => r.experiment === experiment);
    return { experiment, runs: runs.length, perConfiguration: runsPerConfiguration(runs), epochs: distinctSorted(runs.map((r) => r.config.epochs)) };
  });
}

function distinctSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * The answer's first sentence, from the numbers: whether negative images left more fc1 units dead than
 * positive ones, and whether the two groups' ranges across seeds overlap (then seed noise could explain it).
 */
export function deadFc1Headline(negative: GroupFindings, positive: GroupFindings): string {
  const neg = negative.deadFc1;
  const pos = positive.deadFc1;
  if (neg === null || pos === null) return 'These runs recorded no dead-unit probe for fc1, so they cannot say whether negative images kill first-layer units.';
  const seeds = `(${plural(negative.runs, 'negative run')} and ${plural(positive.runs, 'positive run')})`;
  if (neg.mean <= pos.mean) return `In these runs negative images do not leave more first-layer units dead than positive images ${seeds}.`;
  const claim = neg.mean > 0.5 ? 'Negative images kill most of the first layer' : 'Negative images kill more first-layer units than positive images';
  if (negative.runs === 1 && positive.runs === 1) {
    return `${claim} in this pair of runs, one seed each: with a single run per side these runs cannot tell the difference from seed noise.`;
  }
  const separated = neg.min > pos.max;
  return separated
    ? `${claim}: every negative run ends with more dead fc1 units than any positive run ${seeds}.`
    : `${claim} on average, but the ranges across seeds overlap ${seeds}, so seed noise could explain part of the difference.`;
}
