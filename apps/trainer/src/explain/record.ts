import { cpus, hostname } from 'node:os';
import { SEED_CONFIG } from '@negmnist/core';
import { COLLAPSE_BELOW, EXPLANATION_KIND, EXPLANATION_VERSION } from '@negmnist/results';
import type { Explanation, RunRecord } from '@negmnist/results';
import { answerSentences, sourcesOf } from './answer';
import { deadUnitsOf } from './dead-units';
import { chaosOf, mechanismOf } from './dynamics';
import { meanDirectionOf, sharpnessOf } from './sharpness';
import { sweepOf } from './sweep';
import { configurationOf, effectsOf, rankInterventions, recordsOf } from './evidence';
import type { ChaosSettings, ExplainPlan, MechanismSettings, SharpnessRunSettings, SweepSettings } from './runs';
import type { LoadedData } from '../config/data';
import { explanationSentences } from './sentences';

/** The question an explanation answers. */
export const QUESTION = `Why does the seed network (${SEED_CONFIG.layers.join('-')}, ReLU on every layer including the logits, SGD lr ${SEED_CONFIG.lr}) train smoothly on MNIST but erratically on negative MNIST (1 - x), and which single change removes which symptom?`;

/** Everything besides the runs that the record states. */
export interface ExplanationOptions {
  experiment: string;
  seeds: number;
  epochs: number;
  sweep: SweepSettings | null;
  sharpness: SharpnessRunSettings | null;
  chaos: ChaosSettings | null;
  /** Separation threshold on |valLoss difference| of twin runs. */
  chaosThreshold: number;
  mechanism: MechanismSettings | null;
  /** Training images the mechanism's pre-activation statistics use. */
  mechanismImages: number;
  bootstrapRounds: number;
  bootstrapSeed: number;
  dataset: string;
  commandLine: string;
  /** When this invocation began (ms since the epoch). */
  startedAt: number;
}

/** Computes the explanation record from the finished runs of `plan` (every number from the records and the training images). */
export async function buildExplanation(plan: ExplainPlan, records: ReadonlyMap<string, RunRecord>, data: LoadedData, options: ExplanationOptions): Promise<Explanation> {
  const validationImages = data.validation.count;
  const byConfiguration = plan.configurations.map((planned) => ({ planned, runs: recordsOf(planned.runIds, records) }));
  const configurations = byConfiguration.map(({ planned, runs }) => configurationOf(planned, runs));
  const effects = effectsOf(byConfiguration, { rounds: options.bootstrapRounds, seed: options.bootstrapSeed });
  const ranking = rankInterventions(effects);
  const bootstrap = { rounds: options.bootstrapRounds, seed: options.bootstrapSeed };
  const sweep = options.sweep === null ? null : sweepOf(plan, options.sweep, records, data, { epochs: options.epochs, ...bootstrap });
  const sharpness = options.sharpness === null || plan.sharpness.length === 0 ? null : sharpnessOf(plan, options.sharpness, records);
  const meanNorms = new Map((sweep?.forms ?? []).map((f) => [f.id, Math.sqrt(f.geometry.meanNormSquared)]));
  const meanSquaredNorms = new Map((sweep?.forms ?? []).map((f) => [f.id, f.geometry.meanSquaredNorm]));
  const chaos = options.chaos === null ? null : chaosOf(plan, options.chaos, options.chaosThreshold, records);
  const mechanism = options.mechanism === null ? null : await mechanismOf(plan, options.mechanism, records, data, options.mechanismImages, meanSquaredNorms);
  const meanDirection = meanDirectionOf(plan, records, meanNorms);
  const deadUnits = await deadUnitsOf(plan, records, data);
  const answer = { sweep, sharpness, meanDirection, deadUnits, configurations, effects };
  const sources = sourcesOf(answer);
  const interventions = plan.configurations.map((c) => c.intervention).filter((intervention, i, all) => all.findIndex((o) => o.id === intervention.id) === i);
  const used = recordsOf(plan.specs.map((s) => s.id), records);
  const first = used[0] as RunRecord;
  const cpu = cpus();
  const finished = Date.now();
  return {
    kind: EXPLANATION_KIND,
    version: EXPLANATION_VERSION,
    experiment: options.experiment,
    question: QUESTION,
    settings: {
      seeds: options.seeds,
      epochs: options.epochs,
      phaseSeeds: 0,
      chaosSeeds: options.chaos?.seeds ?? 0,
      mechanismSeeds: options.mechanism?.seeds ?? 0,
      collapseBelow: COLLAPSE_BELOW,
      bootstrapRounds: options.bootstrapRounds,
      bootstrapSeed: options.bootstrapSeed,
      backend: first.backend,
      dataset: options.dataset,
      trainImages: data.train.count,
      validationImages,
      commandLine: options.commandLine,
      machine: { host: hostname(), platform: process.platform, arch: process.arch, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown' },
      versions: first.versions,
      startedAt: new Date(options.startedAt).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      wallTimeMs: finished - options.startedAt,
      trainingWallTimeMs: used.reduce((sum, r) => sum + r.wallTimeMs, 0),
      runs: used.length,
    },
    interventions,
    configurations,
    effects,
    ranking,
    phase: null,
    mechanism,
    chaos,
    sweep,
    sharpness,
    meanDirection,
    deadUnits,
    sources,
    sentences: [...answerSentences(answer, sources), ...explanationSentences({ epochs: options.epochs, interventions, configurations, effects, ranking, mechanism, chaos })],
  };
}
