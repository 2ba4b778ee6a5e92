import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { polarities } from '@negmnist/core';
import { inputGeometry, stepsPerEpoch } from '@negmnist/data';
import type { Intervention, RunRecord } from '@negmnist/results';
import { EXPLANATION_FILE, readExplanation, readRun, runDirectory, writeExplanation, writeFileAtomic } from '@negmnist/results/store';
import { nameFlag, SESSION_FLAGS, SHAPE_FLAGS, WORKERS_FLAG, withSettingsDefaults } from '../cli/args';
import { dataSourceFromFlags, datasetName, loadData, runInputs } from '../config/data';
import type { DataSource } from '../config/data';
import { ConfigError, UsageError } from '../errors';
import { explanationMarkdown, MARKDOWN_END, MARKDOWN_START, replaceMarkdownSection } from '../explain/markdown';
import { INTERVENTION_IDS, INTERVENTIONS } from '../explain/interventions';
import { buildExplanation } from '../explain/record';
import { explanationReport } from '../explain/report';
import { explainBase, explainRuns } from '../explain/runs';
import type { ChaosSettings, MechanismSettings, SharpnessRunSettings, SweepSettings } from '../explain/runs';
import { sweepForms } from '../explain/forms';
import { option, parseCommand, readNonNegativeInt, readNumberList, readPositive, readPositiveInt, readText, switchFlag } from '../cli/flag-table';
import type { CommandHelp, Reader } from '../cli/flag-table';
import { helpText } from '../cli/help';
import { SEED_PRESET } from '../config/presets';
import { runOverrides } from '../config/run-overrides';
import { runSession } from '../runs/session';
import type { CommandContext } from './context';

/** Defaults of `negmnist explain` (its flags' defaults, and the settings no flag changes). */
export const EXPLAIN_DEFAULTS = {
  seeds: 5,
  epochs: 5,
  sweepSeeds: 5,
  /** 10^(k/4) for k = -8..0: nine learning rates, four per decade. */
  sweepLrs: [0.01, 0.0178, 0.0316, 0.0562, 0.1, 0.178, 0.316, 0.562, 1],
  sharpnessSeeds: 3,
  sharpnessSteps: 500,
  sharpnessEvery: 50,
  chaosSeeds: 1,
  chaosSteps: 500,
  chaosEvalEvery: 10,
  chaosThreshold: 0.01,
  perturbation: 1e-7,
  mechanismSeeds: 2,
  mechanismSteps: 100,
  mechanismForms: ['positive', 'negative', 'zero-mean-negative-norm', 'positive-negative-mean'],
  mechanismImages: 1000,
  bootstrapRounds: 10_000,
  bootstrapSeed: 0,
} as const;

/** `--only a,b`: those interventions and the baseline, which every effect is measured against. */
const readInterventions: Reader<Intervention[]> = (raw, flag) => {
  const ids = raw.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !INTERVENTION_IDS.includes(id));
  if (unknown.length > 0) throw new UsageError(`--${flag}: expected intervention ids from ${INTERVENTION_IDS.join(', ')}, received ${JSON.stringify(unknown[0] ?? raw)}`);
  return INTERVENTIONS.filter((i) => i.id === 'baseline' || ids.includes(i.id));
};

/** `--sweep-lrs`: distinct learning rates, ascending. */
const readLrs: Reader<number[]> = (raw, flag) =>
  [...new Set(readNumberList('comma-separated positive learning rates such as 0.01,0.1', (x) => x > 0)(raw, flag))].sort((a, b) => a - b);

const d = EXPLAIN_DEFAULTS;
const FORMS = sweepForms(1).length;
const count = (placeholder: string, description: string, fallback: number, defaultText?: string) =>
  option(readNonNegativeInt, { placeholder, description, default: fallback, ...(defaultText === undefined ? {} : { defaultText }) });
const steps = (description: string, fallback: number, defaultText?: string) =>
  option(readPositiveInt, { placeholder: '<n>', description, default: fallback, ...(defaultText === undefined ? {} : { defaultText }) });

/** Flags of `negmnist explain`; the protocol's shape defaults to the seed program's (with fewer epochs). */
export const EXPLAIN_FLAGS = {
  ...SESSION_FLAGS,
  ...withSettingsDefaults(SHAPE_FLAGS, SEED_PRESET),
  epochs: { ...SHAPE_FLAGS.epochs, description: 'epochs of every full run', defaultText: `${d.epochs}; the seed program's ${SEED_PRESET.epochs} with --epochs ${SEED_PRESET.epochs}, ${SEED_PRESET.epochs / d.epochs} times the time` },
  name: { ...nameFlag('experiment folder'), default: 'explain' },
  seeds: steps('seeds per intervention and polarity', d.seeds, `${d.seeds}: ${d.seeds * INTERVENTIONS.length * polarities.length} runs of --epochs`),
  only: option(readInterventions, { placeholder: '<ids>', description: 'comma-separated intervention ids (the baseline is always included)', default: [...INTERVENTIONS], defaultText: `all ${INTERVENTIONS.length}` }),
  'no-sweep': switchFlag('skip the critical-learning-rate sweep (and the sharpness runs)'),
  'sweep-seeds': steps('seeds per sweep cell', d.sweepSeeds, `${d.sweepSeeds}: ${FORMS} forms x ${d.sweepLrs.length} lrs, ${d.sweepSeeds * FORMS * d.sweepLrs.length} runs of --epochs, some shared with the interventions`),
  'sweep-lrs': option(readLrs, { placeholder: '<list>', description: 'learning rates of the sweep', default: [...d.sweepLrs] }),
  'sharpness-seeds': count('<n>', `sharpness runs per form at lr ${SEED_PRESET.lr} (0 skips them)`, d.sharpnessSeeds),
  'sharpness-steps': steps('steps of the sharpness runs', d.sharpnessSteps),
  'sharpness-every': steps('steps between λmax measurements and evaluations', d.sharpnessEvery),
  'chaos-seeds': count('<n>', 'twin pairs per intervention and polarity (0 skips them)', d.chaosSeeds, `${d.chaosSeeds}: ${d.chaosSeeds * INTERVENTIONS.length * polarities.length * 2} runs of --chaos-steps`),
  'chaos-steps': steps(`steps of the twin runs, evaluated every ${d.chaosEvalEvery}`, d.chaosSteps),
  'chaos-threshold': option(readPositive, { placeholder: '<x>', description: '|validation loss difference| that counts as separated', default: d.chaosThreshold }),
  'mechanism-seeds': count('<n>', `seeds of the per-step mechanism runs per form (${d.mechanismForms.join(', ')}; 0 skips them)`, d.mechanismSeeds, `${d.mechanismSeeds}: ${d.mechanismSeeds * d.mechanismForms.length} runs`),
  'mechanism-steps': steps('steps of the mechanism runs, evaluated after every step', d.mechanismSteps),
  'bootstrap-rounds': steps('bootstrap resamples per effect', d.bootstrapRounds),
  workers: WORKERS_FLAG,
  report: option(readText, { placeholder: '<file.html>', description: 'also write a standalone HTML page (inline SVG, no JavaScript)' }),
  markdown: option(readText, {
    placeholder: '<file.md>',
    description: "also rewrite the generated section of a Markdown file (between the explanation:start and explanation:end markers, e.g. the README's)",
  }),
  check: switchFlag('train nothing: recompute the record from the finished runs on disk and exit 2 naming every number that differs from explanation.json (and from the --markdown section)'),
} as const;

/** What `negmnist explain --help` says besides the flags. */
export const EXPLAIN_HELP: CommandHelp = {
  usage: 'explain [options]',
  summary: 'interventions, critical-lr sweep, sharpness, chaos and mechanism runs -> explanation.json',
  about: [
    `Explains the seed configuration's erratic training on negative images with evidence: it trains single changes ("interventions") around the seed configuration on positive and negative images, a critical-learning-rate sweep (${FORMS} input forms x learning rates x seeds), sharpness runs (λmax of the loss Hessian every ${d.sharpnessEvery} steps), twin runs and per-step mechanism runs as ordinary runs under results/<name>/<run-id>/ (resumable, listed by negmnist ls), then writes the versioned record results/<name>/explanation.json. Re-running with the same settings reuses finished runs and recomputes the record. Identical runs of two parts (e.g. the sweep's negative images at lr ${SEED_PRESET.lr} and the baseline) train once.`,
    `Input forms of the sweep: ${sweepForms(1).map((f) => f.label).join('; ')}. Each form's critical lr (half its learning runs erratic) gets a bootstrap interval over seeds; each rule "lr_c = K / scalar" (E||x||², ||μ||², λmax(E[xxᵀ]), λmax of the Hessian at init) predicts every form held out from its fit.`,
    'What is measured: final and best accuracy, drops (a fall of more than 5% of the validation images between evaluations), outcomes counted apart (smooth, erratic, collapsed: stuck near chance or all logits <= 0, diverged), steps to 90%, dead units at initialisation and over time, sharpness, fc1\'s update against the mean input direction; each intervention\'s effect (intervention mean - baseline mean) with a bootstrap 95% interval across seeds, ranked by the effect on negative-image drops (ties shown as ties, changes whose runs mostly never learn listed apart); the published accounts with a verdict each; sentences from those numbers.',
  ],
  sections: [
    { title: 'Interventions (ids for --only; the baseline is always included)', terms: INTERVENTIONS.map((i) => [i.id, i.label] as const) },
    {
      title: 'Options (defaults and what they cost)',
      flags: ['seeds', 'epochs', 'only', 'no-sweep', 'sweep-seeds', 'sweep-lrs', 'sharpness-seeds', 'sharpness-steps', 'sharpness-every', 'chaos-seeds', 'chaos-steps', 'chaos-threshold', 'mechanism-seeds', 'mechanism-steps', 'bootstrap-rounds', 'report', 'markdown', 'check', 'name', 'workers'],
    },
    { title: 'The protocol (as negmnist train; defaults: the seed program\'s)', flags: ['batch', 'eval-every', 'eval-schedule', 'probe-size', 'layers'] },
    { title: 'Backend, data and output', flags: ['backend', 'threads', 'images', 'labels', 'test-images', 'test-labels', 'out', 'quiet', 'json', 'help'] },
    {
      title: 'Cost',
      paragraphs: [
        `With every default on MNIST: about 640 runs, about 2,800 epochs of training (the sweep's runs at high learning rates often stop early when they diverge) plus the sharpness probes; about an hour on 2 cores with onnx-cpu, ${SEED_PRESET.epochs / d.epochs} times that with --epochs ${SEED_PRESET.epochs}.`,
      ],
    },
  ],
  examples: [
    'explain --report explain.html',
    'explain --seeds 3 --only centred,lr-0.01 --no-sweep',
    'explain --out experiments/explain --name explanation --seeds 8 --chaos-seeds 2 --check',
    `explain --epochs ${SEED_PRESET.epochs} --name explain-${SEED_PRESET.epochs} --report explain-${SEED_PRESET.epochs}.html`,
  ],
};

/** `negmnist explain`: interventions x polarities x seeds, phase diagram, twin and mechanism runs, then `explanation.json` (and `--report`). */
export async function explainCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const startedAt = Date.now();
  const { flags, values } = parseCommand('explain', argv, EXPLAIN_FLAGS, 0);
  if (flags.help) return ctx.print(helpText(EXPLAIN_HELP, EXPLAIN_FLAGS));
  const experiment = flags.name;
  const base = explainBase({ epochs: d.epochs, ...runOverrides(values, EXPLAIN_FLAGS) });
  const { seeds, out: outDir, markdown, check, report } = flags;
  const existing = check ? await readExplanation(join(outDir, experiment, EXPLANATION_FILE)) : undefined;
  if (check && existing === undefined) throw new UsageError(`--check: expected ${join(outDir, experiment, EXPLANATION_FILE)} to hold the explanation to check, received no such file`);
  const source: DataSource = dataSourceFromFlags(values) ?? { kind: 'mnist' };
  const data = await loadData(source);
  // Control (a): per-pixel centred positive images scaled to the E||x||² of negative images
  const negativeNorm = inputGeometry(runInputs(data, { negative: true }).train).meanSquaredNorm;
  const positiveVariance = inputGeometry(runInputs(data, { negative: false }).train).covarianceTrace;
  const forms = sweepForms(Math.sqrt(negativeNorm / positiveVariance));
  const sweep: SweepSettings | null = flags['no-sweep'] ? null : { forms, lrs: flags['sweep-lrs'], seeds: flags['sweep-seeds'] };
  // --check recomputes the record as it was made: with sharpness runs exactly when it has them
  const sharpness: SharpnessRunSettings | null =
    flags['sharpness-seeds'] === 0 || (check && existing?.sharpness == null) ? null : { seeds: flags['sharpness-seeds'], steps: flags['sharpness-steps'], every: flags['sharpness-every'] };
  const chaos: ChaosSettings | null = flags['chaos-seeds'] === 0 ? null : { seeds: flags['chaos-seeds'], maxSteps: flags['chaos-steps'], evalEvery: d.chaosEvalEvery, perturbation: d.perturbation };
  const mechanism: MechanismSettings | null = flags['mechanism-seeds'] === 0 ? null : { seeds: flags['mechanism-seeds'], steps: flags['mechanism-steps'], forms: [...d.mechanismForms] };

  const plan = explainRuns({
    experiment,
    dataset: datasetName(source),
    stepsPerEpoch: stepsPerEpoch(data.train.count, base.batchSize),
    interventions: flags.only,
    seeds,
    base,
    sweep,
    sharpness,
    chaos,
    mechanism,
  });
  const commandLine = ['negmnist', 'explain', ...argv.filter((a) => a !== '--check')].join(' ');
  // --check trains nothing: every run must be on disk, finished
  const trained = check
    ? await finishedRecords(outDir, experiment, plan.specs.map((s) => s.id))
    : await runSession({ runs: plan.specs, data: source, backend: flags.backend, outDir, ensemble: 'auto', workers: flags.workers, threads: flags.threads, quiet: flags.quiet, json: flags.json, resumeCommand: commandLine }, ctx);
  const records = new Map<string, RunRecord>(trained.filter((r) => r.experiment === experiment).map((r) => [r.id, r]));
  const explanation = await buildExplanation(plan, records, data, {
    experiment,
    seeds,
    epochs: base.epochs,
    sweep,
    sharpness,
    chaos,
    chaosThreshold: flags['chaos-threshold'],
    mechanism,
    mechanismImages: d.mechanismImages,
    bootstrapRounds: flags['bootstrap-rounds'],
    bootstrapSeed: d.bootstrapSeed,
    dataset: datasetName(source),
    commandLine,
    startedAt,
  });
  if (check && existing !== undefined) {
    const differences = explanationDifferences(existing, { ...explanation, settings: { ...explanation.settings, commandLine: existing.settings.commandLine } });
    const markdownDiffers = markdown !== undefined && !(await readFile(markdown, 'utf8')).includes(explanationMarkdown(existing, { recordPath: relative(dirname(markdown), join(outDir, experiment, EXPLANATION_FILE)) }));
    for (const path of differences.slice(0, 20)) ctx.print(`differs: ${path}`);
    if (markdownDiffers) ctx.print(`differs: the generated section of ${markdown} (re-run without --check to rewrite it)`);
    if (differences.length > 0 || markdownDiffers) throw new ConfigError(`--check: ${differences.length} number(s) of ${join(outDir, experiment, EXPLANATION_FILE)} differ from the ones its ${records.size} run records give${markdownDiffers ? `, and ${markdown} is not the record's` : ''}`);
    ctx.print(`check: every number of ${join(outDir, experiment, EXPLANATION_FILE)} is what its ${records.size} run records give${markdown === undefined ? '' : `, and ${markdown} shows that record`}`);
    return 0;
  }
  const file = await writeExplanation(outDir, explanation);
  if (markdown !== undefined) {
    const text = await readFile(markdown, 'utf8').catch(() => {
      throw new UsageError(`--markdown: expected a Markdown file with the markers ${MARKDOWN_START} and ${MARKDOWN_END}, received no file ${markdown}`);
    });
    let next: string;
    try {
      next = replaceMarkdownSection(text, explanationMarkdown(explanation, { recordPath: relative(dirname(markdown), file) }));
    } catch (error) {
      throw new UsageError(`--markdown ${markdown}: ${(error as Error).message}`);
    }
    await writeFileAtomic(markdown, next);
  }
  if (report !== undefined) await writeFile(report, await explanationReport(explanation));
  if (flags.json) {
    ctx.print(JSON.stringify({ event: 'explanation', file, ...(report === undefined ? {} : { report }) }));
    return 0;
  }
  if (!flags.quiet) for (const sentence of explanation.sentences) ctx.print(`- ${sentence.text}`);
  ctx.print(`explanation: ${file}${report === undefined ? '' : `; report: ${report}`}`);
  return 0;
}

/** The finished records of `ids`; throws naming the first missing or unfinished one (for --check, which trains nothing). */
async function finishedRecords(outDir: string, experiment: string, ids: readonly string[]): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for (const id of ids) {
    const record = await readRun(runDirectory(outDir, experiment, id));
    if (record === undefined || record.status === 'running' || record.status === 'interrupted') {
      throw new ConfigError(`--check: run ${id} of ${join(outDir, experiment)} is ${record === undefined ? 'missing' : record.status}: expected every run of the explanation finished (run without --check to train it)`);
    }
    out.push(record);
  }
  return out;
}

/** Provenance fields that differ between two computations of the same numbers. */
const PROVENANCE = new Set(['settings.machine', 'settings.startedAt', 'settings.finishedAt', 'settings.wallTimeMs', 'settings.commandLine']);

/** JSON paths at which two explanation records differ, provenance aside; numbers equal to 1e-9 relative. */
export function explanationDifferences(a: unknown, b: unknown, path = ''): string[] {
  if (PROVENANCE.has(path)) return [];
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? [] : [path];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path} (length ${a.length} vs ${b.length})`];
    return a.flatMap((x, i) => explanationDifferences(x, b[i], `${path}[${i}]`));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => explanationDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`));
  }
  return Object.is(a, b) ? [] : [path];
}
