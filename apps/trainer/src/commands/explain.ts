import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { inputGeometry, stepsPerEpoch } from '@negmnist/data';
import { evalSchedules } from '@negmnist/core';
import type { RunRecord } from '@negmnist/results';
import { EXPLANATION_FILE, readExplanation, readRun, runDirectory, writeExplanation, writeFileAtomic } from '@negmnist/results/store';
import { choiceFlag, layersFlag, numberFlag, parseCommand, RUN_FLAGS, stringFlag } from '../args';
import { backendChoices } from '../backend';
import { dataSourceFromFlags, datasetName, loadData, runInputs } from '../data';
import { ConfigError, UsageError } from '../errors';
import { explanationMarkdown, MARKDOWN_END, MARKDOWN_START, replaceMarkdownSection } from '../explain/markdown';
import type { DataSource } from '../experiment';
import { INTERVENTION_IDS, INTERVENTIONS } from '../explain/interventions';
import { buildExplanation } from '../explain/record';
import { explanationReport } from '../explain/report';
import { explainBase, explainRuns } from '../explain/runs';
import type { ChaosSettings, MechanismSettings, SharpnessRunSettings, SweepSettings } from '../explain/runs';
import { sweepForms } from '../explain/forms';
import { HELP } from '../help';
import { runSession } from '../session';
import type { CommandContext } from './context';

/** Flags of `negmnist explain`. */
export const EXPLAIN_FLAGS = {
  ...RUN_FLAGS,
  seeds: { type: 'string' },
  only: { type: 'string' },
  'no-sweep': { type: 'boolean' },
  'sweep-seeds': { type: 'string' },
  'sweep-lrs': { type: 'string' },
  'sharpness-seeds': { type: 'string' },
  'sharpness-steps': { type: 'string' },
  'sharpness-every': { type: 'string' },
  'chaos-seeds': { type: 'string' },
  'chaos-steps': { type: 'string' },
  'chaos-threshold': { type: 'string' },
  'mechanism-seeds': { type: 'string' },
  'mechanism-steps': { type: 'string' },
  'bootstrap-rounds': { type: 'string' },
  workers: { type: 'string' },
  report: { type: 'string' },
  markdown: { type: 'string' },
  check: { type: 'boolean' },
} as const;

/** Defaults of `negmnist explain`, also quoted by its help. */
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

type Values = Record<string, string | boolean | undefined>;

function listFlag(values: Values, name: string, fallback: readonly number[], check: (x: number) => boolean, expected: string): number[] {
  const raw = stringFlag(values, name);
  if (raw === undefined) return [...fallback];
  const list = raw.split(',').map((part) => Number(part.trim()));
  if (raw.trim() === '' || !list.every((x) => Number.isFinite(x) && check(x))) throw new UsageError(`--${name}: expected comma-separated ${expected}, received ${JSON.stringify(raw)}`);
  return [...new Set(list)];
}

function interventionsFlag(values: Values) {
  const raw = stringFlag(values, 'only');
  if (raw === undefined) return [...INTERVENTIONS];
  const ids = raw.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !INTERVENTION_IDS.includes(id));
  if (unknown.length > 0 || ids.length === 0) throw new UsageError(`--only: expected intervention ids from ${INTERVENTION_IDS.join(', ')}, received ${JSON.stringify(unknown[0] ?? raw)}`);
  // The baseline is always trained: every effect is measured against it.
  return INTERVENTIONS.filter((i) => i.id === 'baseline' || ids.includes(i.id));
}

const countFlag = (values: Values, name: string, fallback: number): number => numberFlag(values, name, 'nonNegativeInt') ?? fallback;
const positiveFlag = (values: Values, name: string, fallback: number): number => numberFlag(values, name, 'positiveInt') ?? fallback;

/** `negmnist explain`: interventions x polarities x seeds, phase diagram, twin and mechanism runs, then `explanation.json` (and `--report`). */
export async function explainCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const startedAt = Date.now();
  const { values } = parseCommand('explain', argv, EXPLAIN_FLAGS, 0);
  if (values.help === true) return ctx.print(HELP.explain ?? '');
  const d = EXPLAIN_DEFAULTS;
  const experiment = stringFlag(values, 'name') ?? 'explain';
  if (!/^[A-Za-z0-9._-]+$/.test(experiment)) throw new UsageError(`--name: expected letters, digits, ".", "_" or "-", received ${JSON.stringify(experiment)}`);
  const schedule = choiceFlag(values, 'eval-schedule', evalSchedules);
  const base = explainBase({
    epochs: numberFlag(values, 'epochs', 'positiveInt') ?? d.epochs,
    batchSize: numberFlag(values, 'batch', 'positiveInt'),
    layers: layersFlag(values),
    evalEvery: numberFlag(values, 'eval-every', 'positiveInt'),
    probeSize: numberFlag(values, 'probe-size', 'positiveInt'),
    ...(schedule === undefined ? {} : { evalSchedule: schedule, evalFinal: schedule === 'global' }),
  });
  const seeds = positiveFlag(values, 'seeds', d.seeds);
  const interventions = interventionsFlag(values);
  const outDir = stringFlag(values, 'out') ?? 'results';
  const markdown = stringFlag(values, 'markdown');
  const check = values.check === true;
  const existing = check ? await readExplanation(join(outDir, experiment, EXPLANATION_FILE)) : undefined;
  if (check && existing === undefined) throw new UsageError(`--check: expected ${join(outDir, experiment, EXPLANATION_FILE)} to hold the explanation to check, received no such file`);
  const sweepLrs = listFlag(values, 'sweep-lrs', d.sweepLrs, (x) => x > 0, 'positive learning rates such as 0.01,0.1').sort((a, b) => a - b);
  const source: DataSource = dataSourceFromFlags(values) ?? { kind: 'mnist' };
  const data = await loadData(source);
  // Control (a): per-pixel centred positive images scaled to the E||x||² of negative images
  const negativeNorm = inputGeometry(runInputs(data, { negative: true }).train).meanSquaredNorm;
  const positiveVariance = inputGeometry(runInputs(data, { negative: false }).train).covarianceTrace;
  const forms = sweepForms(Math.sqrt(negativeNorm / positiveVariance));
  const sweepSeeds = positiveFlag(values, 'sweep-seeds', d.sweepSeeds);
  const sweep: SweepSettings | null =
    values['no-sweep'] === true
      ? null
      : { forms, lrs: sweepLrs, seeds: sweepSeeds };
  const backend = choiceFlag(values, 'backend', backendChoices) ?? 'auto';
  const sharpnessSeeds = countFlag(values, 'sharpness-seeds', d.sharpnessSeeds);
  // --check recomputes the record as it was made: with sharpness runs exactly when it has them
  const sharpness: SharpnessRunSettings | null =
    sharpnessSeeds === 0 || (check && existing?.sharpness == null) ? null : { seeds: sharpnessSeeds, steps: positiveFlag(values, 'sharpness-steps', d.sharpnessSteps), every: positiveFlag(values, 'sharpness-every', d.sharpnessEvery) };
  const chaosSeeds = countFlag(values, 'chaos-seeds', d.chaosSeeds);
  const chaos: ChaosSettings | null =
    chaosSeeds === 0 ? null : { seeds: chaosSeeds, maxSteps: positiveFlag(values, 'chaos-steps', d.chaosSteps), evalEvery: d.chaosEvalEvery, perturbation: d.perturbation };
  const chaosThreshold = numberFlag(values, 'chaos-threshold', 'positive') ?? d.chaosThreshold;
  const mechanismSeeds = countFlag(values, 'mechanism-seeds', d.mechanismSeeds);
  const mechanism: MechanismSettings | null =
    mechanismSeeds === 0 ? null : { seeds: mechanismSeeds, steps: positiveFlag(values, 'mechanism-steps', d.mechanismSteps), forms: [...d.mechanismForms] };
  const bootstrapRounds = positiveFlag(values, 'bootstrap-rounds', d.bootstrapRounds);
  const workers = numberFlag(values, 'workers', 'positiveInt');
  const report = stringFlag(values, 'report');

  const plan = explainRuns({
    experiment,
    dataset: datasetName(source),
    stepsPerEpoch: stepsPerEpoch(data.train.count, base.batchSize),
    interventions,
    seeds,
    base,
    sweep,
    sharpness,
    chaos,
    mechanism,
  });
  const commandLine = ['negmnist', 'explain', ...argv.filter((a) => a !== '--check')].join(' ');
  const threads = numberFlag(values, 'threads', 'positiveInt');
  // --check trains nothing: every run must be on disk, finished
  const trained = check
    ? await finishedRecords(outDir, experiment, plan.specs.map((s) => s.id))
    : await runSession({ runs: plan.specs, data: source, backend, outDir, ensemble: 'auto', workers, threads, quiet: values.quiet === true, json: values.json === true, resumeCommand: commandLine }, ctx);
  const records = new Map<string, RunRecord>(trained.filter((r) => r.experiment === experiment).map((r) => [r.id, r]));
  const explanation = await buildExplanation(plan, records, data, {
    experiment,
    seeds,
    epochs: base.epochs,
    sweep,
    sharpness,
    chaos,
    chaosThreshold,
    mechanism,
    mechanismImages: d.mechanismImages,
    bootstrapRounds,
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
  if (values.json === true) {
    ctx.print(JSON.stringify({ event: 'explanation', file, ...(report === undefined ? {} : { report }) }));
    return 0;
  }
  if (values.quiet !== true) for (const sentence of explanation.sentences) ctx.print(`- ${sentence.text}`);
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
