import { createRng } from '@negmnist/data';
import { countDrops, effectMetrics, isCollapsed } from '@negmnist/results';
import { runOutcome, type RunOutcome } from '@negmnist/results/aggregate';
import type { Configuration, Effect, EffectMetric, OutcomeCounts, Ranking, RunRecord } from '@negmnist/results';
import type { Polarity } from '@negmnist/core';
import { aggregateRuns, bestAccuracy, estimateEffect, metricValue, seedStat, stepsToAccuracy } from '@negmnist/results/aggregate';
import { ConfigError } from '../errors';
import type { PlannedConfiguration } from './runs';

/** Validation accuracy the "steps to" statistic waits for. */
export const TARGET_ACCURACY = 0.9;

/** Looks up the records of run ids; a missing one means another process holds it. */
export function recordsOf(ids: readonly string[], records: ReadonlyMap<string, RunRecord>): RunRecord[] {
  return ids.map((id) => {
    const record = records.get(id);
    if (record === undefined) throw new ConfigError(`run ${id} is not finished (another process may be training it): re-run when it is`);
    if (record.evaluations.length === 0) throw new ConfigError(`run ${id} has no evaluations: lower --eval-every so every run evaluates at least once`);
    return record;
  });
}

/** Outcome counts of a list of outcomes. */
export function outcomeCounts(outcomes: readonly RunOutcome[]): OutcomeCounts {
  return {
    smooth: outcomes.filter((o) => o === 'smooth').length,
    erratic: outcomes.filter((o) => o === 'erratic').length,
    collapsed: outcomes.filter((o) => o === 'collapsed').length,
    diverged: outcomes.filter((o) => o === 'diverged').length,
  };
}

/** The per-run numbers effects compare; fc1 dead fraction is null when fc1 is not a ReLU layer. */
export function runNumbers(record: RunRecord): Record<EffectMetric, number | null> {
  const last = record.evaluations.at(-1);
  if (last === undefined) throw new ConfigError(`run ${record.id} has no evaluations`);
  return {
    drops: countDrops(record.evaluations),
    fc1DeadFraction: metricValue(last, 'deadFraction', 'fc1'),
    collapse: isCollapsed(last.valAccuracy) ? 1 : 0,
    finalAccuracy: last.valAccuracy,
  };
}

/** Evidence of one intervention on one polarity from its runs. */
export function configurationOf(planned: PlannedConfiguration, runs: readonly RunRecord[]): Configuration {
  const numbers = runs.map(runNumbers);
  const dead = numbers.map((n) => n.fc1DeadFraction);
  const [aggregate] = aggregateRuns(runs, { groupBy: () => planned.label, metrics: ['valAccuracy', 'deadFraction'] });
  const series = aggregate?.series ?? [];
  const seedMean = (layer: string | null, points: ReadonlyArray<{ step: number; epoch: number; mean: number; count: number }>) => ({
    layer,
    points: points.map(({ step, epoch, mean, count }) => ({ step, epoch, mean, count })),
  });
  const accuracy = series.find((s) => s.metric === 'valAccuracy');
  const outcomes = runs.map((r) => runOutcome(r));
  const learning = numbers.filter((_, i) => outcomes[i] === 'smooth' || outcomes[i] === 'erratic');
  const stepsTo90 = runs.map((r) => stepsToAccuracy(r.evaluations, TARGET_ACCURACY));
  return {
    intervention: planned.intervention.id,
    polarity: planned.polarity,
    label: planned.label,
    runIds: runs.map((r) => r.id),
    seeds: runs.map((r) => r.config.seed),
    finalAccuracy: seedStat(numbers.map((n) => n.finalAccuracy as number)),
    bestAccuracy: seedStat(runs.map((r) => bestAccuracy(r) as number)),
    drops: seedStat(numbers.map((n) => n.drops as number)),
    fc1DeadFraction: dead.every((d): d is number => d !== null) ? seedStat(dead) : null,
    collapseShare: numbers.filter((n) => n.collapse === 1).length / runs.length,
    outcomes: outcomeCounts(outcomes),
    learningDrops: learning.length === 0 ? null : learning.reduce((s, n) => s + (n.drops as number), 0) / learning.length,
    reached90: stepsTo90.filter((s) => s !== null).length,
    stepsTo90,
    deadOverTime: series.filter((s) => s.metric === 'deadFraction' && s.points.length > 0).map((s) => seedMean(s.layer, s.points)),
    accuracyOverTime: seedMean(null, accuracy?.points ?? []),
  };
}

/** Options of {@link effectsOf}. */
export interface EffectsOptions {
  /** Bootstrap resamples per effect. */
  rounds: number;
  /** Seed of each effect's generator (`createRng(seed)`, fresh per effect, so one effect does not depend on the others). */
  seed: number;
}

/** Effect of every intervention on every metric and polarity against the baseline of the same polarity. */
export function effectsOf(runsByConfiguration: ReadonlyArray<{ planned: PlannedConfiguration; runs: readonly RunRecord[] }>, options: EffectsOptions): Effect[] {
  const baseline = new Map<Polarity, Array<Record<EffectMetric, number | null>>>();
  for (const { planned, runs } of runsByConfiguration) if (planned.intervention.id === 'baseline') baseline.set(planned.polarity, runs.map(runNumbers));
  const effects: Effect[] = [];
  for (const { planned, runs } of runsByConfiguration) {
    const base = baseline.get(planned.polarity);
    if (planned.intervention.id === 'baseline' || base === undefined) continue;
    const numbers = runs.map(runNumbers);
    for (const metric of effectMetrics) {
      const a = numbers.map((n) => n[metric]);
      const b = base.map((n) => n[metric]);
      if (!a.every((v): v is number => v !== null) || !b.every((v): v is number => v !== null)) continue; // e.g. fc1 dead fraction of a sigmoid fc1
      const rng = createRng(options.seed);
      const estimate = estimateEffect(a, b, { random: () => rng.nextFloat(), rounds: options.rounds });
      effects.push({ intervention: planned.intervention.id, polarity: planned.polarity, metric, ...estimate, baselineSeeds: b.length, interventionSeeds: a.length });
    }
  }
  return effects;
}

/** Share of negative-image runs stuck near chance at or above which a change is no fix (it stops learning instead). */
export const NOT_A_FIX_COLLAPSE = 0.5;

/** The ranking rule, stated in the record. */
export const RANKING_RULE =
  `interventions ordered by their effect on drops on negative images (intervention mean - baseline mean), largest reduction first, then by the effect on negative-image collapse; equal effects share a rank (a tie, not an order); a change that leaves at least ${100 * NOT_A_FIX_COLLAPSE}% of negative runs stuck near chance is listed apart as no fix, whatever its drops`;

/** Interventions ranked by {@link RANKING_RULE}. */
export function rankInterventions(effects: readonly Effect[]): Ranking {
  const of = (id: string, metric: EffectMetric) => effects.find((e) => e.intervention === id && e.polarity === 'negative' && e.metric === metric);
  const ids = [...new Set(effects.map((e) => e.intervention))].filter((id) => of(id, 'drops') !== undefined);
  const notFixes = ids.filter((id) => (of(id, 'collapse')?.interventionMean ?? 0) >= NOT_A_FIX_COLLAPSE);
  const key = (id: string): [number, number] => [(of(id, 'drops') as Effect).difference, of(id, 'collapse')?.difference ?? 0];
  const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  const order = ids
    .filter((id) => !notFixes.includes(id))
    .sort((x, y) => {
      const [a, b] = [key(x), key(y)];
      return (same(a[0], b[0]) ? 0 : a[0] - b[0]) || (same(a[1], b[1]) ? 0 : a[1] - b[1]);
    });
  const ranks: number[] = [];
  order.forEach((id, i) => {
    const previous = order[i - 1];
    const tied = previous !== undefined && key(id).every((v, j) => same(v, key(previous)[j] as number));
    ranks.push(tied ? (ranks[i - 1] as number) : i + 1);
  });
  return { rule: RANKING_RULE, order, ranks, notFixes };
}
