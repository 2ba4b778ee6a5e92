import { z } from 'zod';
import { backendInfoSchema } from './schema';
import { polarities, runConfigSchema } from '@negmnist/core';

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

/** Per-run quantities whose intervention effects the record reports. */
export const effectMetrics = ['drops', 'fc1DeadFraction', 'collapse', 'finalAccuracy'] as const;
/** What a sentence is about; the site groups them by topic. */
export const sentenceTopics = ['answer', 'effect', 'phase', 'mechanism', 'chaos', 'sweep', 'sharpness', 'sources'] as const;

const finite = z.number().finite();
const share = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

/** A run's outcome (see `runOutcome`): the two failures, collapse and erratic learning, counted apart. */
export const outcomeCountsSchema = z.strictObject({
  smooth: count,
  erratic: count,
  collapsed: count,
  diverged: count,
});


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
  /** Runs per outcome (`runOutcome`: smooth, erratic, collapsed, diverged); absent in records before it. */
  outcomes: outcomeCountsSchema.optional(),
  /** Mean drops per learning run (collapsed and diverged runs left out); null when none learned; absent in records before it. */
  learningDrops: finite.nullable().optional(),
  /** Runs that reached 0.9 (the ones `stepsTo90` has a step for) out of all; absent in records before it. */
  reached90: count.optional(),
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
  /** Rank of each entry of `order` (1 = first); equal ranks are ties (absent in records before them). */
  ranks: z.array(z.number().int().positive()).optional(),
  /** Interventions left out of the order because most of their negative-image runs never learn (collapse): never a fix. */
  notFixes: z.array(z.string()).optional(),
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

/** Input geometry of one input form, from the training images (E‖x‖² = ‖μ‖² + tr Σ). */
export const inputGeometrySchema = z.strictObject({
  /** E‖x‖²: mean squared input norm. */
  meanSquaredNorm: z.number().nonnegative(),
  /** ‖μ‖²: squared norm of the per-pixel mean image. */
  meanNormSquared: z.number().nonnegative(),
  /** tr Σ: total per-pixel variance. */
  covarianceTrace: z.number().nonnegative(),
  /** λmax(E[xxᵀ]): top eigenvalue of the uncentred second-moment matrix. */
  secondMomentTop: z.number().nonnegative(),
});

/** An input form of the sweep: how the digits become inputs, and its geometry. */
export const inputFormSchema = z.strictObject({
  /** Stable id, e.g. `negative`, `zero-mean-negative-norm`. */
  id: z.string().regex(/^[a-z0-9.-]+$/),
  label: z.string().min(1),
  description: z.string(),
  /** The run-config fields that make it. */
  change: runConfigSchema.partial(),
  geometry: inputGeometrySchema,
  /** λmax of the training-loss Hessian at initialisation (sharpness runs, mean over seeds); null without them. */
  initialSharpness: finite.nullable(),
});

/** One sweep cell: an input form at one learning rate, one run per seed. */
export const sweepCellSchema = z.strictObject({
  form: z.string(),
  lr: z.number().positive(),
  runIds: z.array(z.string()).min(1),
  outcomes: outcomeCountsSchema,
  /** Erratic runs among the learning ones (smooth or erratic); null when none learned. */
  erraticShare: share.nullable(),
  /** Mean drops per learning run; null when none learned. */
  drops: finite.nullable(),
});

/** A critical learning rate with its bootstrap interval over seeds. */
export const criticalLrSchema = z.strictObject({
  form: z.string(),
  /** The lr where half the learning runs are erratic (interpolated in log lr), or the bound when censored; null when no cell had a learning run. */
  value: z.number().positive().nullable(),
  /** `below`: at least half erratic already at the lowest judged lr; `above`: under half at every judged lr. */
  censored: z.enum(['below', 'above']).nullable(),
  /** Percentile bootstrap 95% interval over seeds (paired across learning rates); null when not estimable. */
  interval: z.tuple([z.number().positive(), z.number().positive()]).nullable(),
  /** Share of bootstrap resamples that were censored. */
  censoredShare: share,
});

/** Scalars a rule "lr_c = K / scalar" can use. */
export const candidateScalars = ['meanSquaredNorm', 'meanNormSquared', 'secondMomentTop', 'initialSharpness'] as const;

/** One form held out of a rule's fit. */
export const heldOutSchema = z.strictObject({
  form: z.string(),
  /** K / scalar with K fitted on the other forms; null when the scalar is 0 (no limit predicted). */
  predicted: z.number().positive().nullable(),
  observed: z.number().positive(),
  censored: z.enum(['below', 'above']).nullable(),
  /** |ln(predicted / observed)| for a bracketed form. */
  logError: z.number().nonnegative().nullable(),
  /** Within half a grid step of a bracketed lr_c, or on the allowed side of a censored one. */
  consistent: z.boolean(),
});

/** The leave-one-form-out test of one candidate rule. */
export const ruleTestSchema = z.strictObject({
  scalar: z.enum(candidateScalars),
  /** K fitted on every bracketed form. */
  constant: z.number().positive().nullable(),
  /** Least-squares slope of ln lr_c on ln scalar (the rule says -1). */
  slope: finite.nullable(),
  heldOut: z.array(heldOutSchema),
  meanLogError: z.number().nonnegative().nullable(),
  consistent: count,
});

/** The erratic cut and drop size under which the sweep's lr_c were read, and how they move under other cuts. */
export const sensitivitySchema = z.strictObject({
  /** Drop size as a share of the validation images (0.05: the project's rule). */
  dropShare: z.number().positive(),
  /** Drops that make a learning run erratic. */
  erraticDrops: z.number().int().positive(),
  criticalLrs: z.array(criticalLrSchema),
  /** The rule test that wins under this cut (smallest mean held-out error, most consistent forms first). */
  winner: z.enum(candidateScalars).nullable(),
});

/** The critical-learning-rate sweep: input forms x learning rates x seeds, and the rules tested on it. */
export const sweepSchema = z.strictObject({
  lrs: z.array(z.number().positive()),
  seeds: count,
  /** Training length of each run (epochs of the seed protocol). */
  epochs: z.number().int().positive(),
  /** The erratic rule in words. */
  rule: z.string(),
  forms: z.array(inputFormSchema),
  cells: z.array(sweepCellSchema),
  criticalLrs: z.array(criticalLrSchema),
  rules: z.array(ruleTestSchema),
  /** The candidate whose rule predicts held-out forms best (fewest inconsistent forms, then smallest mean error); null when none can be fitted. */
  winner: z.enum(candidateScalars).nullable(),
  /** The same reading under other drop sizes and erratic cuts. */
  sensitivity: z.array(sensitivitySchema),
});

/** Sharpness of one form over the steps of its runs at the seed's learning rate, lr x λmax with seed extremes. */
export const sharpnessSeriesSchema = z.strictObject({
  form: z.string(),
  lr: z.number().positive(),
  runIds: z.array(z.string()).min(1),
  points: z.array(
    z.strictObject({
      step: count,
      /** lr x λmax: mean, min and max over the seeds measured at this step (2 is the edge of stability). */
      mean: finite,
      min: finite,
      max: finite,
      count: count,
    }),
  ),
  /** Per seed, the first measured step at which lr x λmax ≥ 2; null when never within the run. */
  edgeSteps: z.array(count.nullable()),
  /** Per seed, the first evaluated step with a drop; null when none. */
  firstDropSteps: z.array(count.nullable()),
  /** Per seed, the first evaluated step at which fc1's dead fraction rose by ≥ 0.05 since the previous evaluation; null when never (or fc1 is no ReLU). */
  deadJumpSteps: z.array(count.nullable()),
  /** Per seed: fc1 dead fraction at the first evaluation and at the last. */
  deadFirst: z.array(finite.nullable()),
  deadLast: z.array(finite.nullable()),
});

/** Sharpness runs: λmax along training at the seed's learning rate, per form. */
export const sharpnessSchema = z.strictObject({
  steps: count,
  every: count,
  seeds: count,
  /** Probe images and how λmax was computed, in words. */
  method: z.string(),
  series: z.array(sharpnessSeriesSchema),
});

/** fc1's update against the mean input direction in the mechanism runs of one form. */
export const meanDirectionSummarySchema = z.strictObject({
  form: z.string(),
  runIds: z.array(z.string()).min(1),
  /** ‖μ‖ of the form's training inputs. */
  meanNorm: z.number().nonnegative(),
  /** Mean over steps and seeds of ‖uᵀG‖ / ‖G‖_F. */
  cosine: finite.nullable(),
  /** Mean over steps and seeds of the share of units whose mean-direction component flipped sign from one step to the next. */
  signFlipShare: finite.nullable(),
  /** Steps (evaluations) behind each mean. */
  steps: count,
});

/** Dead fc1 units at initialisation (before any step) against at the end, per configuration. */
export const deadUnitsSchema = z.strictObject({
  intervention: z.string(),
  polarity: z.enum(polarities),
  /** Share of fc1 units ≤ 0 for every probe image at initialisation, per seed. */
  atInit: seedStatSchema,
  /** At the last evaluation, per seed. */
  atEnd: seedStatSchema,
});

/** A published account the answer engages, and what our measurements say of it. */
export const sourceSchema = z.strictObject({
  id: z.string(),
  /** Authors, title, venue and year. */
  citation: z.string(),
  /** What it says, in one sentence. */
  claim: z.string(),
  verdict: z.enum(['confirms', 'refines', 'contradicts', 'not tested']),
  /** Why, from the record's numbers. */
  evidence: z.string(),
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
  /** The critical-learning-rate sweep (absent in records before it; null when skipped). */
  sweep: sweepSchema.nullable().optional(),
  /** Sharpness along training (absent in records before it; null when skipped). */
  sharpness: sharpnessSchema.nullable().optional(),
  /** fc1's update against the mean input direction, per mechanism form (absent in records before it). */
  meanDirection: z.array(meanDirectionSummarySchema).optional(),
  /** Dead fc1 units at initialisation and at the end, per configuration (absent in records before it). */
  deadUnits: z.array(deadUnitsSchema).optional(),
  /** The published accounts and our verdict on each (absent in records before it). */
  sources: z.array(sourceSchema).optional(),
  sentences: z.array(sentenceSchema),
});

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
export type OutcomeCounts = z.infer<typeof outcomeCountsSchema>;
export type InputGeometryRecord = z.infer<typeof inputGeometrySchema>;
export type InputFormRecord = z.infer<typeof inputFormSchema>;
export type SweepCell = z.infer<typeof sweepCellSchema>;
export type CriticalLrRecord = z.infer<typeof criticalLrSchema>;
export type CandidateScalar = (typeof candidateScalars)[number];
export type RuleTestRecord = z.infer<typeof ruleTestSchema>;
export type Sensitivity = z.infer<typeof sensitivitySchema>;
export type Sweep = z.infer<typeof sweepSchema>;
export type SharpnessSeries = z.infer<typeof sharpnessSeriesSchema>;
export type Sharpness = z.infer<typeof sharpnessSchema>;
export type MeanDirectionSummary = z.infer<typeof meanDirectionSummarySchema>;
export type DeadUnits = z.infer<typeof deadUnitsSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Machine = z.infer<typeof machineSchema>;
export type ExplanationSettings = z.infer<typeof explanationSettingsSchema>;
export type Explanation = z.infer<typeof explanationSchema>;
