/**
 * The measurement files the project commits besides run records, each with its one schema: the writer's
 * type is the schema's `z.infer` and the site parses with the same schema. `negmnist bench --json`
 * reports (experiments/bench/), and the "same as PyTorch" evidence of experiments/reproduce: `chaos.json`
 * of lockstep/chaos.mjs and `compare.json` of compare.mjs.
 */
import { z } from 'zod';

/** What `negmnist bench` measures. */
export const benchModes = ['step', 'protocol', 'grid', 'ensemble'] as const;
/** The two sides of a bench table: ours, and the PyTorch program. */
export const benchSides = ['negmnist', 'pytorch'] as const;

/** An ISO 8601 timestamp with its offset (`2026-12-04T18:20:05.123Z`, `2026-11-27T13:20:51+00:00`). */
const timestamp = z.iso.datetime({ offset: true });

/** The machine a bench ran on. */
export const benchMachineSchema = z.object({
  cpu: z.string(),
  cores: z.number().int(),
  memoryGiB: z.number(),
  os: z.string(),
  /** Node version, e.g. `v20.20.2`. */
  node: z.string(),
  /** One-minute load average when the bench started. */
  loadAverage: z.number(),
});

/** What the bench was asked to measure (the flags, defaults filled). */
export const benchSettingsSchema = z.object({
  modes: z.array(z.enum(benchModes)),
  backends: z.array(z.string()),
  /** Ensemble sizes. */
  ks: z.array(z.number().int()),
  steps: z.number(),
  warmup: z.number(),
  epochs: z.number(),
  runs: z.number(),
  timeoutMs: z.number(),
});

/** Which BLAS a PyTorch process runs on, from its build settings and the libraries mapped into it. */
export const blasInfoSchema = z.object({
  /** Human name: OpenBLAS, MKL, BLIS, ATLAS, reference BLAS (netlib), or unknown. */
  name: z.string(),
  /** The library file that decided it (resolved path); absent when none was mapped (a statically linked MKL). */
  library: z.string().optional(),
  /** True for the netlib reference BLAS: unoptimised loops that no PyTorch user runs on. */
  reference: z.boolean(),
});

/** The PyTorch side: what the torch script reported (it may say more, kept as is) with the BLAS it loaded, or why it was not measured. */
export const benchPytorchSchema = z.union([
  z.looseObject({
    torch: z.string(),
    python: z.string(),
    /** torch.get_num_threads() in that process. */
    threads: z.number(),
    blasConfig: z.array(z.string()),
    blasLibraries: z.array(z.string()),
    /** CUDA device name, or null. */
    cuda: z.string().nullable(),
    blas: blasInfoSchema,
  }),
  z.object({ skipped: z.string() }),
]);

/** One measured (or skipped) configuration: one row of a bench table. */
export const benchRowSchema = z.object({
  mode: z.enum(benchModes),
  side: z.enum(benchSides),
  /** What ran: our backend with its adapter, or the PyTorch device. */
  label: z.string(),
  /** How it ran, e.g. `1 process x 1 thread`, `2 workers x 1 thread`. */
  setup: z.string(),
  /** CPU threads the configuration uses in all (its processes x threads); 0 for a GPU. */
  threads: z.number().int(),
  /** Models trained per step (the ensemble size; 1 otherwise). */
  k: z.number().int(),
  /** Spawn to exit of the measured process(es), imports and data loading included. */
  wallMs: z.number().optional(),
  /** Time in SGD steps (protocol: everything but evaluations, records and checkpoints included). */
  trainingMs: z.number().optional(),
  /** Time in evaluations on the validation set (protocol and grid). */
  evaluationMs: z.number().optional(),
  /** SGD steps of each model. */
  steps: z.number().optional(),
  /** Steps per second of training time (grid: of wall time, all runs together). */
  stepsPerSecond: z.number().optional(),
  /** stepsPerSecond x models per step. */
  modelStepsPerSecond: z.number().optional(),
  /** Peak resident memory of the largest process (VmHWM / ru_maxrss), MiB. */
  peakRssMiB: z.number().optional(),
  /** GPU time per step of each ensemble (timestamp queries around its compute passes), ms; absent where not measured. */
  gpuMsPerStep: z.number().optional(),
  /** Why the row has no numbers. */
  skipped: z.string().optional(),
  /** PyTorch's time / ours for the same work (above 1: ours faster); PyTorch rows: absent. */
  vsPytorch: z.number().optional(),
  /** The PyTorch row the ratio was taken against. */
  vsPytorchLabel: z.string().optional(),
});

/** One `negmnist bench --json` report, as the bench writes it (and `--save` stores it). */
export const benchReportSchema = z.object({
  /** When the bench started measuring, ISO 8601 in UTC (`2026-12-04T18:20:00.000Z`). */
  measuredAt: timestamp,
  machine: benchMachineSchema,
  settings: benchSettingsSchema,
  /** Package versions on our side (negmnist, onnxruntime-node, @tensorflow/tfjs, …). */
  negmnist: z.record(z.string(), z.string()),
  pytorch: benchPytorchSchema,
  rows: z.array(benchRowSchema),
});

/**
 * A committed bench file: a {@link benchReportSchema} report, or one from before `measuredAt` existed, dated
 * by `committedAt` instead (backfilled from git: the date of the commit that wrote its numbers).
 */
export const benchFileSchema = benchReportSchema.extend({
  measuredAt: timestamp.optional(),
  /** Files from before `measuredAt`: when the commit that wrote their numbers was made (measured then or before). */
  committedAt: timestamp.optional(),
});

export type BenchMode = (typeof benchModes)[number];
export type BenchSide = (typeof benchSides)[number];
export type BenchMachine = z.infer<typeof benchMachineSchema>;
export type BenchSettings = z.infer<typeof benchSettingsSchema>;
export type BlasInfo = z.infer<typeof blasInfoSchema>;
export type BenchPytorch = z.infer<typeof benchPytorchSchema>;
export type BenchRow = z.infer<typeof benchRowSchema>;
export type BenchReport = z.infer<typeof benchReportSchema>;
export type BenchFile = z.infer<typeof benchFileSchema>;

/** Versions a reproduce script ran with (tfjs, backend, torch, torchThreads, blas, …). */
const versionsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/** The statistics of one run that compare.mjs compares between ours and PyTorch, in table order. */
export const compareStatistics = ['final', 'best', 'drops', 'fc1Dead', 'collapsed'] as const;

/** One run of one side in `compare.json`: its seed and its {@link compareStatistics}; the PyTorch side adds its torch version. */
export const compareSampleSchema = z.looseObject({
  seed: z.number().int(),
  /** Final and best validation accuracy. */
  final: z.number(),
  best: z.number(),
  /** Validation-accuracy drops (`countDrops`). */
  drops: z.number(),
  /** fc1 dead fraction at the end, on the first 1000 test images. */
  fc1Dead: z.number(),
  /** 1 when the run is stuck near chance (`isCollapsed`), else 0. */
  collapsed: z.number(),
});

/** `compare/compare.json` of `compare.mjs`: ours vs the PyTorch program, per polarity and statistic. */
export const compareFileSchema = z.object({
  command: z.string(),
  machine: z.string(),
  minutes: z.number(),
  versions: versionsSchema,
  /** The training and evaluation protocol in words. */
  protocol: z.string(),
  rows: z.array(
    z.object({
      /** `positive` or `negative`. */
      images: z.string(),
      statistic: z.enum(compareStatistics),
      /** Mean of ours. */
      meanA: z.number(),
      /** Mean of the PyTorch program. */
      meanB: z.number(),
      difference: z.number(),
      /** Bootstrap 95% interval of the difference. */
      interval: z.tuple([z.number(), z.number()]),
      /** Permutation p-value. */
      p: z.number(),
    }),
  ),
  /** Per polarity, the runs of each side. */
  samples: z.record(z.string(), z.object({ ours: z.array(compareSampleSchema), torch: z.array(compareSampleSchema) })),
});

/** One invocation of `chaos.mjs` (one `chaos-<kind>-<images>.json` part), without its runs. */
export const chaosPartSchema = z.object({
  command: z.string(),
  machine: z.string(),
  minutes: z.number(),
  versions: versionsSchema,
  config: z.looseObject({ perturb: z.number(), thresholds: z.array(z.number()), every: z.number(), probe: z.number() }),
});

/** One pair of runs of `chaos.json`: its separation steps and its difference curve. */
export const chaosRunSchema = z.object({
  /** `torch-torch`, `ours-ours` or `ours-torch`. */
  kind: z.string(),
  seed: z.number().int(),
  negative: z.boolean(),
  /** Steps the pair ran. */
  horizon: z.number(),
  /** The perturbation the twin's weight actually got (float32); absent for `ours-torch`. */
  perturbApplied: z.number().optional(),
  /** A control pair (perturbation 0): it must stay identical. */
  control: z.boolean().optional(),
  /** First evaluated step past each threshold (keyed by the threshold as written); null: never within the horizon. */
  separation: z.record(z.string(), z.number().nullable()),
  steps: z.array(z.number()),
  /** |validation loss difference| at each of `steps`. */
  diff: z.array(z.number()),
});

/** One part file of `chaos.mjs`: an invocation with its runs (`--report` merges them into {@link chaosFileSchema}). */
export const chaosPartFileSchema = chaosPartSchema.extend({ runs: z.array(chaosRunSchema) });

/** `lockstep/chaos.json` of `chaos.mjs --report`: twin and lockstep pairs with their separation steps and difference curves. */
export const chaosFileSchema = z.object({
  parts: z.array(chaosPartSchema),
  runs: z.array(chaosRunSchema),
});

export type CompareStatistic = (typeof compareStatistics)[number];
export type CompareSample = z.infer<typeof compareSampleSchema>;
export type CompareFile = z.infer<typeof compareFileSchema>;
export type ChaosPart = z.infer<typeof chaosPartSchema>;
export type ChaosRun = z.infer<typeof chaosRunSchema>;
export type ChaosPartFile = z.infer<typeof chaosPartFileSchema>;
export type ChaosFile = z.infer<typeof chaosFileSchema>;
