import { z } from 'zod';
import { backendInfoSchema, runConfigSchema } from './schema';

/**
 * The `explanation` record that `negmnist explain` writes to `<results>/<experiment>/explanation.json`:
 * interventions around the seed configuration on positive and negative images, their effects with bootstrap
 * intervals, a phase diagram over input offset x learning rate, the mechanism over the first steps, the chaos
 * measure of twin runs, and the sentences the site and the report show verbatim. Browser-safe. Every number in
 * it is computed from the run records of the same experiment (ordinary runs that `negmnist ls` lists).
 */

/** Value of `kind` in an explanation record. */
export const EXPLANATION_KIND = 'explanation';
/** Version of the explanation format that writers write; changes within a version are additive only. */
export const EXPLANATION_VERSION = 1;

/** Image polarities: the digits as given (`positive`) or `1 - x` (`negative`). */
export const polarities = ['positive', 'negative'] as const;
/** Per-run quantities whose intervention effects the record reports. */
export const effectMetrics = ['drops', 'fc1DeadFraction', 'collapse', 'finalAccuracy'] as const;
/** What a sentence is about; the site groups them by topic. */
export const sentenceTopics = ['answer', 'effect', 'phase', 'mechanism', 'chaos'] as const;

const finite = z.number().finite();
const share = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

/** Mean, extremes and the per-seed values of one quantity across the seeds of a configuration. */
export const seedStatSchema = z.strictObject({
  /** Mean across seeds. */
  mean: finite,
  min: finite,
  max: finite,
  /** One value per seed, in the order of the configuration's `seeds`. */
  values: z.array(finite).min(1),
});

/** One point of a quantity averaged over seeds at one evaluation step. */
export const seedMeanPointSchema = z.strictObject({
  /** Optimiser step of the evaluation. */
  step: count,
  /** Fractional epoch at this step. */
  epoch: z.number().nonnegative(),
  /** Mean across the seeds that have a value here. */
  mean: finite,
  /** Seeds with a value at this step. */
  count: count,
});

/** A quantity over the evaluation steps (one layer's for layer quantities). */
export const seedMeanSeriesSchema = z.strictObject({
  /** Layer name (`fc1`, `fc2`, …) for layer quantities; null for run quantities. */
  layer: z.string().nullable(),
  points: z.array(seedMeanPointSchema),
});

/** One intervention: a single change to the seed configuration (the baseline changes nothing). */
export const interventionSchema = z.strictObject({
  /** Stable id, e.g. `baseline`, `no-output-activation`, `sigmoid-all`, `centred`, `lr-0.01`, `fc1-lr-tenth`. */
  id: z.string().regex(/^[a-z0-9.-]+$/),
  /** Short human name, e.g. "no output activation". */
  label: z.string().min(1),
  /** One sentence on what changes and why it is tested. */
  description: z.string(),
  /** The run-config fields the intervention sets (empty for the baseline). */
  change: runConfigSchema.partial(),
});

/** Evidence for one intervention on one polarity, from its runs (one per seed). */
export const configurationSchema = z.strictObject({
  /** The intervention's `id`. */
  intervention: z.string(),
  polarity: z.enum(polarities),
  /** Label of the runs (as `negmnist ls` shows it). */
  label: z.string(),
  /** Run ids in the experiment, one per seed. */
  runIds: z.array(z.string()).min(1),
  seeds: z.array(count).min(1),
  /** Validation accuracy at the last evaluation. */
  finalAccuracy: seedStatSchema,
  /** Highest validation accuracy of each run. */
  bestAccuracy: seedStatSchema,
  /** Drops per run (`countDrops`: a fall of more than valCount / 20 images between consecutive evaluations). */
  drops: seedStatSchema,
  /** fc1 dead fraction at the last evaluation; null when fc1 is not a ReLU layer (no dead units defined). */
  fc1DeadFraction: seedStatSchema.nullable(),
  /** Share of runs stuck near chance: final accuracy below `COLLAPSE_BELOW`. */
  collapseShare: share,
  /** Steps until validation accuracy first reached 0.9, per seed; null for a seed that never did. */
  stepsTo90: z.array(count.nullable()),
  /** Dead fraction of each ReLU layer over the evaluations, mean over seeds. */
  deadOverTime: z.array(seedMeanSeriesSchema),
  /** Validation accuracy over the evaluations, mean over seeds. */
  accuracyOverTime: seedMeanSeriesSchema,
});

/** Effect of one intervention on one metric and polarity: intervention mean minus baseline mean, with a bootstrap CI. */
export const effectSchema = z.strictObject({
  intervention: z.string(),
  polarity: z.enum(polarities),
  /** `collapse` is the share of runs stuck near chance (per run 0 or 1). */
  metric: z.enum(effectMetrics),
  baselineMean: finite,
  interventionMean: finite,
  /** interventionMean - baselineMean. */
  difference: finite,
  /** Percentile bootstrap 95% interval of `difference`, resampling each side's seeds with replacement. */
  interval: z.tuple([finite, finite]),
  /** Whether `interval` contains 0 (the data do not rule out no effect). */
  includesZero: z.boolean(),
  /** Seeds behind each mean. */
  baselineSeeds: count,
  interventionSeeds: count,
});

/** Ranking of the interventions. */
export const rankingSchema = z.strictObject({
  /** The rule, in words (e.g. ordered by the effect on negative-image drops, most negative first). */
  rule: z.string(),
  /** Intervention ids, first = largest reduction by the rule. */
  order: z.array(z.string()),
});

/** Mean squared input norm E||x||² of the training inputs one group of phase runs sees. */
export const inputNormSchema = z.strictObject({
  /** Offset c added to positive images; null for the negative images. */
  offset: finite.nullable(),
  negative: z.boolean(),
  /** Mean over the training images of the sum of squared pixels after polarity and offset (unit scaling). */
  meanSquaredNorm: z.number().nonnegative(),
});

/** One cell of the phase diagram: offset (or negative images) x learning rate, several seeds. */
export const phaseCellSchema = z.strictObject({
  /** Offset c on positive images; null for the negative-image row. */
  offset: finite.nullable(),
  negative: z.boolean(),
  lr: z.number().positive(),
  /** E||x||² of the inputs of this cell. */
  meanSquaredNorm: z.number().nonnegative(),
  /** lr x E||x||², the quantity the prediction is about. */
  scale: z.number().nonnegative(),
  runIds: z.array(z.string()).min(1),
  /** Mean drops per run. */
  drops: finite,
  /** Mean fc1 dead fraction at the last evaluation. */
  fc1DeadFraction: share,
  /** Share of runs stuck near chance. */
  collapseShare: share,
  /** Mean final validation accuracy. */
  finalAccuracy: share,
  /** Whether the cell is erratic by `erraticRule`. */
  erratic: z.boolean(),
  /** Whether the fitted threshold calls it erratic (scale >= threshold); null when no threshold was fitted. */
  predictedErratic: z.boolean().nullable(),
});

/** The phase diagram and the test of the prediction "smooth/erratic boundary at lr x E||x||² = K". */
export const phaseSchema = z.strictObject({
  offsets: z.array(finite),
  lrs: z.array(z.number().positive()),
  /** Seeds per cell. */
  seeds: count,
  /** E||x||² of each offset and of the negative images, from the training data. */
  inputNorms: z.array(inputNormSchema),
  cells: z.array(phaseCellSchema),
  /** How a cell is called erratic, in words. */
  erraticRule: z.string(),
  /**
   * K: the threshold on lr x E||x||² that classifies the positive-image cells best (scale >= K erratic), midway
   * between neighbouring scales; null when all cells are one class.
   */
  threshold: z.number().positive().nullable(),
  /** Positive-image cells the threshold classifies correctly, out of `total`. */
  correct: count,
  total: count,
  /** Negative-image cells the threshold (fitted without them) classifies correctly, out of `negativeTotal`. */
  negativeCorrect: count,
  negativeTotal: count,
});

/** Probes of one layer at one step of the mechanism runs, mean over seeds. */
export const mechanismLayerSchema = z.strictObject({
  name: z.string(),
  /** Share of units at or below zero for every probe image (ReLU layers; null otherwise). */
  deadFraction: finite.nullable(),
  gradNorm: finite.nullable(),
  weightNorm: finite.nullable(),
  /** lr x gradNorm / weightNorm: for plain SGD the exact norm of the step's update relative to the weights. */
  updateRatio: finite.nullable(),
  activationMean: finite.nullable(),
  activationStd: finite.nullable(),
});

/** Mechanism of one polarity: fc1 at initialisation and every step of the first steps. */
export const mechanismPolaritySchema = z.strictObject({
  polarity: z.enum(polarities),
  runIds: z.array(z.string()).min(1),
  /** fc1 pre-activations W x + b at initialisation over the training images, all units, mean over seeds. */
  init: z.strictObject({
    fc1PreActivationMean: finite,
    /** Standard deviation over images and units. */
    fc1PreActivationStd: z.number().nonnegative(),
    /** Share of fc1 pre-activations <= 0. */
    fc1NonPositiveShare: share,
    /** E||x||² of the training inputs. */
    inputMeanSquaredNorm: z.number().nonnegative(),
  }),
  /** One entry per step (evaluation every step), mean over seeds. */
  steps: z.array(z.strictObject({ step: count, layers: z.array(mechanismLayerSchema) })),
});

/** Mechanism at initialisation and over the first steps, positive vs negative baseline. */
export const mechanismSchema = z.strictObject({
  /** Steps trained (`maxSteps`). */
  steps: count,
  seeds: count,
  /** Images the pre-activation statistics use (the first of the training set). */
  images: count,
  polarities: z.array(mechanismPolaritySchema),
});

/** One twin pair: the same run twice, the second with one fc1 weight perturbed (`perturbation`). */
export const chaosPairSchema = z.strictObject({
  intervention: z.string(),
  polarity: z.enum(polarities),
  seed: count,
  /** Run ids of the unperturbed and the perturbed run. */
  runIds: z.tuple([z.string(), z.string()]),
  /** First evaluated step where |valLoss difference| > `threshold`; null when never within `maxSteps` (censored). */
  separationStep: count.nullable(),
});

/** The chaos measure: how fast two nearly identical runs separate. */
export const chaosSchema = z.strictObject({
  /** Added to one fc1 weight of the twin (the run config's `perturbation`). */
  perturbation: finite,
  maxSteps: count,
  evalEvery: count,
  /** Separation threshold on |valLoss difference|. */
  threshold: z.number().positive(),
  seeds: count,
  pairs: z.array(chaosPairSchema),
});

/** A sentence generated from the numbers; the site shows it verbatim. */
export const sentenceSchema = z.strictObject({
  /** Stable id, e.g. `effect-centred-negative-drops`. */
  id: z.string(),
  topic: z.enum(sentenceTopics),
  text: z.string().min(1),
  /** Seeds per configuration behind the numbers it quotes. */
  seeds: count,
});

/** Machine the explanation was computed on. */
export const machineSchema = z.strictObject({
  host: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpus: count,
  cpuModel: z.string(),
});

/** Settings of `negmnist explain` and where and how long it ran. */
export const explanationSettingsSchema = z.strictObject({
  /** Seeds per intervention and polarity. */
  seeds: z.number().int().positive(),
  epochs: z.number().int().positive(),
  /** Seeds per phase cell; 0 with `--no-phase`. */
  phaseSeeds: count,
  /** Seeds per twin pair configuration. */
  chaosSeeds: count,
  /** Seeds of the mechanism runs per polarity. */
  mechanismSeeds: count,
  /** Final accuracy below this is "stuck near chance" (`COLLAPSE_BELOW`). */
  collapseBelow: share,
  /** Bootstrap resamples and the seed of their generator. */
  bootstrapRounds: z.number().int().positive(),
  bootstrapSeed: count,
  backend: backendInfoSchema,
  dataset: z.string(),
  /** Training and validation images. */
  trainImages: count,
  validationImages: count,
  /** The command as typed, for re-running. */
  commandLine: z.string(),
  machine: machineSchema,
  /** Package versions (from the run records). */
  versions: z.record(z.string(), z.string()),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** Wall time of this invocation (reused runs cost nothing). */
  wallTimeMs: z.number().nonnegative(),
  /** Training wall time summed over every run of the explanation (across resumes and invocations). */
  trainingWallTimeMs: z.number().nonnegative(),
  /** Runs behind the record. */
  runs: count,
});

/** The explanation record, `<results>/<experiment>/explanation.json`. */
export const explanationSchema = z.strictObject({
  kind: z.literal(EXPLANATION_KIND),
  version: z.literal(EXPLANATION_VERSION),
  experiment: z.string().regex(/^[A-Za-z0-9._-]+$/),
  /** The question the record answers. */
  question: z.string(),
  settings: explanationSettingsSchema,
  interventions: z.array(interventionSchema),
  configurations: z.array(configurationSchema),
  effects: z.array(effectSchema),
  ranking: rankingSchema,
  /** Null with `--no-phase`. */
  phase: phaseSchema.nullable(),
  /** Null when the mechanism runs were skipped. */
  mechanism: mechanismSchema.nullable(),
  /** Null when the twin runs were skipped. */
  chaos: chaosSchema.nullable(),
  sentences: z.array(sentenceSchema),
});

export type Polarity = (typeof polarities)[number];
export type EffectMetric = (typeof effectMetrics)[number];
export type SentenceTopic = (typeof sentenceTopics)[number];
export type SeedStat = z.infer<typeof seedStatSchema>;
export type SeedMeanPoint = z.infer<typeof seedMeanPointSchema>;
export type SeedMeanSeries = z.infer<typeof seedMeanSeriesSchema>;
export type Intervention = z.infer<typeof interventionSchema>;
export type Configuration = z.infer<typeof configurationSchema>;
export type Effect = z.infer<typeof effectSchema>;
export type Ranking = z.infer<typeof rankingSchema>;
export type InputNorm = z.infer<typeof inputNormSchema>;
export type PhaseCell = z.infer<typeof phaseCellSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type MechanismLayer = z.infer<typeof mechanismLayerSchema>;
export type MechanismPolarity = z.infer<typeof mechanismPolaritySchema>;
export type Mechanism = z.infer<typeof mechanismSchema>;
export type ChaosPair = z.infer<typeof chaosPairSchema>;
export type Chaos = z.infer<typeof chaosSchema>;
export type Sentence = z.infer<typeof sentenceSchema>;
export type Machine = z.infer<typeof machineSchema>;
export type ExplanationSettings = z.infer<typeof explanationSettingsSchema>;
export type Explanation = z.infer<typeof explanationSchema>;
