import { writeFile } from 'node:fs/promises';
import { stepsPerEpoch, toFloatDataset } from '@negmnist/data';
import { evalSchedules } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import { writeExplanation } from '@negmnist/results/store';
import { choiceFlag, layersFlag, numberFlag, parseCommand, RUN_FLAGS, stringFlag } from '../args';
import { backendChoices } from '../backend';
import { dataSourceFromFlags, datasetName, loadData } from '../data';
import { UsageError } from '../errors';
import type { DataSource } from '../experiment';
import { INTERVENTION_IDS, INTERVENTIONS } from '../explain/interventions';
import { buildExplanation } from '../explain/record';
import { explanationReport } from '../explain/report';
import { explainBase, explainRuns } from '../explain/runs';
import type { ChaosSettings, MechanismSettings, PhaseSettings } from '../explain/runs';
import { HELP } from '../help';
import { runSession } from '../session';
import type { CommandContext } from './context';

/** Flags of `negmnist explain`. */
export const EXPLAIN_FLAGS = {
  ...RUN_FLAGS,
  seeds: { type: 'string' },
  only: { type: 'string' },
  'no-phase': { type: 'boolean' },
  'phase-seeds': { type: 'string' },
  'phase-offsets': { type: 'string' },
  'phase-lrs': { type: 'string' },
  'chaos-seeds': { type: 'string' },
  'chaos-steps': { type: 'string' },
  'chaos-threshold': { type: 'string' },
  'mechanism-seeds': { type: 'string' },
  'mechanism-steps': { type: 'string' },
  'bootstrap-rounds': { type: 'string' },
  workers: { type: 'string' },
  report: { type: 'string' },
} as const;

/** Defaults of `negmnist explain`, also quoted by its help. */
export const EXPLAIN_DEFAULTS = {
  seeds: 5,
  epochs: 5,
  phaseSeeds: 3,
  phaseOffsets: [0, 0.25, 0.5, 0.75, 1],
  phaseLrs: [0.01, 0.03, 0.1, 0.3],
  chaosSeeds: 1,
  chaosSteps: 500,
  chaosEvalEvery: 10,
  chaosThreshold: 0.01,
  perturbation: 1e-7,
  mechanismSeeds: 2,
  mechanismSteps: 100,
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
  const phaseSeeds = positiveFlag(values, 'phase-seeds', d.phaseSeeds);
  const phase: PhaseSettings | null =
    values['no-phase'] === true
      ? null
      : {
          offsets: listFlag(values, 'phase-offsets', d.phaseOffsets, (x) => x >= 0, 'non-negative offsets such as 0,0.5,1'),
          lrs: listFlag(values, 'phase-lrs', d.phaseLrs, (x) => x > 0, 'positive learning rates such as 0.01,0.1'),
          seeds: phaseSeeds,
        };
  const chaosSeeds = countFlag(values, 'chaos-seeds', d.chaosSeeds);
  const chaos: ChaosSettings | null =
    chaosSeeds === 0 ? null : { seeds: chaosSeeds, maxSteps: positiveFlag(values, 'chaos-steps', d.chaosSteps), evalEvery: d.chaosEvalEvery, perturbation: d.perturbation };
  const chaosThreshold = numberFlag(values, 'chaos-threshold', 'positive') ?? d.chaosThreshold;
  const mechanismSeeds = countFlag(values, 'mechanism-seeds', d.mechanismSeeds);
  const mechanism: MechanismSettings | null = mechanismSeeds === 0 ? null : { seeds: mechanismSeeds, steps: positiveFlag(values, 'mechanism-steps', d.mechanismSteps) };
  const bootstrapRounds = positiveFlag(values, 'bootstrap-rounds', d.bootstrapRounds);
  const backend = choiceFlag(values, 'backend', backendChoices) ?? 'auto';
  const workers = numberFlag(values, 'workers', 'positiveInt');
  const report = stringFlag(values, 'report');
  const outDir = stringFlag(values, 'out') ?? 'results';
  const source: DataSource = dataSourceFromFlags(values) ?? { kind: 'mnist' };

  const data = await loadData(source);
  // Positive unit images (pixel / 255): E||x||² and fc1 pre-activations form each run's inputs from them.
  const train = toFloatDataset(data.train);
  const plan = explainRuns({
    experiment,
    dataset: datasetName(source),
    stepsPerEpoch: stepsPerEpoch(train.count, base.batchSize),
    interventions,
    seeds,
    base,
    phase,
    chaos,
    mechanism,
  });
  const commandLine = ['negmnist', 'explain', ...argv].join(' ');
  const threads = numberFlag(values, 'threads', 'positiveInt');
  const trained = await runSession({ runs: plan.specs, data: source, backend, outDir, ensemble: 'auto', workers, threads, quiet: values.quiet === true, json: values.json === true, resumeCommand: commandLine }, ctx);
  const records = new Map<string, RunRecord>(trained.filter((r) => r.experiment === experiment).map((r) => [r.id, r]));
  const explanation = await buildExplanation(plan, records, train, data.validation.count, {
    experiment,
    seeds,
    epochs: base.epochs,
    phase,
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
  const file = await writeExplanation(outDir, explanation);
  if (report !== undefined) await writeFile(report, explanationReport(explanation));
  if (values.json === true) {
    ctx.print(JSON.stringify({ event: 'explanation', file, ...(report === undefined ? {} : { report }) }));
    return 0;
  }
  if (values.quiet !== true) for (const sentence of explanation.sentences) ctx.print(`- ${sentence.text}`);
  ctx.print(`explanation: ${file}${report === undefined ? '' : `; report: ${report}`}`);
  return 0;
}
