import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mnistDataDir } from '@negmnist/data/node';
import pkg from '../../package.json' with { type: 'json' };
import { numberFlag, parseCommand, stringFlag } from '../args';
import { backendChoices, gpuBackendChoices } from '../backend';
import type { BackendChoice } from '../backend';
import { blasWarning } from '../bench/blas';
import type { BlasInfo } from '../bench/blas';
import { gridSample, torchRunSpec } from '../bench/jobs';
import type { OursJob } from '../bench/jobs';
import { describeMachine, machineInfo } from '../bench/machine';
import type { MachineInfo } from '../bench/machine';
import { oursRow, runOurs } from '../bench/ours';
import { benchReport } from '../bench/report';
import type { BenchSettings } from '../bench/report';
import { benchModes, formatTable, withRatios } from '../bench/table';
import type { BenchMode, Measurement } from '../bench/table';
import { measureTorch, torchInfo, torchSetups } from '../bench/torch';
import type { TorchInfo } from '../bench/torch';
import { UsageError } from '../errors';
import { loadExperiment } from '../experiment';
import { HELP } from '../help';
import { intraOpThreadsText } from '../onnx-backend';
import type { CommandContext } from './context';

const FLAGS = {
  mode: { type: 'string' },
  backends: { type: 'string' },
  k: { type: 'string' },
  steps: { type: 'string' },
  warmup: { type: 'string' },
  epochs: { type: 'string' },
  runs: { type: 'string' },
  python: { type: 'string' },
  timeout: { type: 'string' },
  quick: { type: 'boolean' },
  save: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const RATIO_NOTE = 'vs PyTorch: PyTorch time / ours for the same work (above 1: ours faster); protocol by wall time, other modes by model-steps/s; GPU rows against PyTorch CUDA, CPU rows against the PyTorch row with the same CPU threads; else against PyTorch\'s fastest row.';

/** Every backend `--backend` names except auto: the bench measures each one present. */
const ALL_BACKENDS = backendChoices.filter((b) => b !== 'auto');

/** `--name a,b,c` restricted to `allowed` (or `all`), or undefined when absent. */
export function listFlag<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === 'all') return [...allowed];
  const items = raw.split(',').map((s) => s.trim());
  const bad = items.find((item) => !(allowed as readonly string[]).includes(item));
  if (bad !== undefined || items.length === 0) throw new UsageError(`--${name}: expected all or a comma-separated list of ${allowed.join(', ')}, received ${JSON.stringify(raw)}`);
  return items as T[];
}

/** `--k 1,8,64` as ensemble sizes. */
export function ensembleSizes(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || !sizes.every((k) => Number.isInteger(k) && k > 0)) throw new UsageError(`--k: expected comma-separated positive integers such as 1,8,64,256, received ${JSON.stringify(raw)}`);
  return sizes;
}

function findPython(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  const which = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : undefined;
}

/** The header lines: when, what ran on both sides (versions, threads, BLAS) and how. */
function header(measuredAt: string, machine: MachineInfo, s: BenchSettings, versions: Record<string, string>, torch: { info: TorchInfo; blas: BlasInfo } | { skipped: string }): string[] {
  const lines = [`measured: ${measuredAt} (start of the bench)`, describeMachine(machine)];
  lines.push(`negmnist: ${Object.entries(versions).map(([name, v]) => `${name} ${v}`).join(', ')}; one process per measurement running the trainer's own code (negmnist train/grid)`);
  if ('skipped' in torch) lines.push(`pytorch: skipped: ${torch.skipped}`);
  else {
    const { info, blas } = torch;
    lines.push(`pytorch: torch ${info.torch}, Python ${info.python}, BLAS ${blas.name}${blas.library === undefined ? '' : ` (${blas.library})`}${info.cuda === null ? '' : `, CUDA ${info.cuda}`}; threads per row (torch.set_num_threads; OPENBLAS_NUM_THREADS=1 with several)`);
  }
  lines.push(`work: seed network 784-200-100-10, batch 64, SGD lr 0.1; step/ensemble: ${s.steps} timed steps after ${s.warmup} warm-up; protocol/grid: ${s.epochs} epoch(s) of real MNIST, the seed's evaluation schedule (after batches 100..900 of each epoch) on the 10k test set`);
  return lines;
}

/** `negmnist bench`: ours on every backend present vs PyTorch, same machine, same invocation. */
export async function benchCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand('bench', argv, FLAGS, 0);
  if (values.help === true) return ctx.print(HELP.bench ?? '');
  const quick = values.quick === true;
  const modeFlag = stringFlag(values, 'mode');
  const s: BenchSettings = {
    modes: modeFlag === undefined ? ['step'] : (listFlag(modeFlag, 'mode', benchModes) as BenchMode[]),
    backends: listFlag(stringFlag(values, 'backends'), 'backends', ALL_BACKENDS) ?? [...ALL_BACKENDS],
    ks: ensembleSizes(stringFlag(values, 'k')) ?? [1, 8, 64, 256],
    steps: numberFlag(values, 'steps', 'positiveInt') ?? (quick ? 30 : 200),
    warmup: numberFlag(values, 'warmup', 'nonNegativeInt') ?? (quick ? 5 : 20),
    epochs: numberFlag(values, 'epochs', 'positiveInt') ?? 1,
    runs: numberFlag(values, 'runs', 'positiveInt') ?? 4,
    timeoutMs: (numberFlag(values, 'timeout', 'positive') ?? 600) * 1000,
  };
  // the bench's date, written into its JSON and table (the start: measurements take minutes)
  const startedAt = new Date();
  const python = findPython(stringFlag(values, 'python'));
  const torch = await torchInfo(python);
  const progress = (line: string) => ctx.warn(`bench: ${line}`);
  const warning = 'blas' in torch ? blasWarning(torch.blas) : undefined;
  if (warning !== undefined) ctx.warn(warning);
  const machine = machineInfo();
  const cores = machine.cores;
  const dataDir = mnistDataDir();
  const rows: Measurement[] = [];
  const absent = new Map<string, Measurement>();
  let versions: Record<string, string> = { negmnist: pkg.version };
  const measureOurs = async (backend: string, job: Omit<OursJob, 'outDir' | 'backend'>, k: number): Promise<void> => {
    const known = absent.get(backend);
    if (known !== undefined) return;
    progress(`${job.mode}${job.mode === 'ensemble' ? ` K=${k}` : ''}: negmnist ${backend}${job.threads === undefined ? '' : `, ${job.threads} thread(s)`}`);
    const outcome = await runOurs({ ...job, backend }, s.timeoutMs);
    const how =
      job.mode === 'grid' && !('failure' in outcome)
        ? { setup: `${outcome.result.workers} worker thread(s) x 1 thread (the grid's choice)`, threads: outcome.result.workers }
        : gpuBackendChoices.has(backend as BackendChoice)
          ? { setup: '1 process, GPU', threads: 0 }
          : job.threads === undefined
            ? { setup: '1 process', threads: 1 }
            : { setup: `1 process x ${intraOpThreadsText(job.threads)}`, threads: job.threads };
    const row = oursRow(job.mode, backend, k, how, outcome);
    if ('failure' in outcome && outcome.failure.unavailable) absent.set(backend, row);
    else if (!('failure' in outcome)) versions = { ...versions, ...outcome.result.versions };
    rows.push(row);
  };
  const measurePeers = async (mode: BenchMode, args: string[], k: number, runs?: string[]): Promise<void> => {
    if (!('info' in torch) || python === undefined) return;
    for (const setup of torchSetups(mode, cores, torch.info.cuda !== null)) {
      progress(`${mode}${mode === 'ensemble' ? ` K=${k}` : ''}: PyTorch ${setup.cuda ? 'CUDA' : `${setup.processes}x${setup.threads}`}`);
      rows.push(await measureTorch({ python, mode, setup, args, runs, k, timeoutMs: s.timeoutMs }));
    }
  };
  const stepArgs = ['--steps', String(s.steps), '--warmup', String(s.warmup)];
  // onnx-cpu one run: 1 intra-op thread, and every core (as PyTorch's two rows)
  const threadCounts = (backend: string): (number | undefined)[] => (backend === 'onnx-cpu' ? [...new Set([1, cores])] : [undefined]);
  for (const mode of s.modes) {
    if (mode === 'step') {
      for (const backend of s.backends) for (const threads of threadCounts(backend)) await measureOurs(backend, { mode, k: 1, steps: s.steps, warmup: s.warmup, ...(threads === undefined ? {} : { threads }) }, 1);
      await measurePeers(mode, stepArgs, 1);
    } else if (mode === 'protocol') {
      for (const backend of s.backends) for (const threads of threadCounts(backend)) await measureOurs(backend, { mode, epochs: s.epochs, ...(threads === undefined ? {} : { threads }) }, 1);
      await measurePeers(mode, ['--data', dataDir, '--epochs', String(s.epochs)], 1);
    } else if (mode === 'grid') {
      const runs = gridSample((await loadExperiment('seed')).runs, s.runs, s.epochs);
      for (const backend of s.backends) await measureOurs(backend, { mode, runs }, 1);
      await measurePeers(mode, ['--data', dataDir, '--epochs', String(s.epochs)], 1, runs.map(torchRunSpec));
    } else {
      for (const k of s.ks) {
        for (const backend of s.backends) await measureOurs(backend, { mode, k, steps: s.steps, warmup: s.warmup }, k);
        await measurePeers(mode, [...stepArgs, '--k', String(k)], k);
      }
    }
  }
  const table = withRatios(rows);
  const torchSide = 'info' in torch ? { ...torch.info, blas: torch.blas } : { skipped: torch.skipped };
  const report = benchReport(startedAt, { machine, settings: s, negmnist: versions, pytorch: torchSide, rows: table });
  const json = JSON.stringify(report);
  const text = [...header(report.measuredAt, machine, s, versions, torch), '', formatTable(table), '', RATIO_NOTE, ...(warning === undefined ? [] : [warning])].join('\n');
  const save = stringFlag(values, 'save');
  if (save !== undefined) {
    await mkdir(dirname(resolve(save)), { recursive: true });
    await writeFile(`${save}.json`, `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
    await writeFile(`${save}.md`, `${text}\n`);
  }
  ctx.print(values.json === true ? json : text);
  return 0;
}
