import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SEED_CONFIG } from '@negmnist/core';
import { mnistDataDir } from '@negmnist/data/node';
import { benchModes } from '@negmnist/results';
import type { BenchMachine, BenchMode, BlasInfo } from '@negmnist/results';
import pkg from '../../package.json' with { type: 'json' };
import { backendById, backendIds, intraOpThreadsText } from '../backends/table';
import type { BackendId } from '../backends/table';
import { blasWarning } from '../bench/blas';
import { gridSample, torchRunSpec } from '../bench/jobs';
import type { OursJob } from '../bench/jobs';
import { describeMachine, machineInfo } from '../bench/machine';
import { oursRow, runGpuTime, runOurs } from '../bench/ours';
import { benchReport } from '../bench/report';
import type { BenchSettings } from '../bench/report';
import { formatTable, withRatios } from '../bench/table';
import type { Measurement } from '../bench/table';
import { describeSetup, measureTorch, torchInfo, torchSetups } from '../bench/torch';
import type { TorchInfo } from '../bench/torch';
import { loadExperiment } from '../config/experiment';
import { option, parseCommand, readChoiceList, readNonNegativeInt, readNumberList, readPositive, readPositiveInt, readText, switchFlag } from '../cli/flag-table';
import type { CommandHelp } from '../cli/flag-table';
import { helpText } from '../cli/help';
import type { CommandContext } from './context';

/** Defaults of `negmnist bench` (`quick`: the step counts of `--quick`). */
export const BENCH_DEFAULTS = {
  modes: ['step'] as BenchMode[],
  ks: [1, 8, 64, 256],
  steps: 200,
  warmup: 20,
  quick: { steps: 30, warmup: 5 },
  epochs: 1,
  runs: 4,
  timeoutSeconds: 600,
} as const;

const RATIO_NOTE = 'vs PyTorch: PyTorch time / ours for the same work (above 1: ours faster); protocol by wall time, other modes by model-steps/s; GPU rows against PyTorch CUDA (the faster of eager and CUDA graph), CPU rows against the PyTorch row with the same CPU threads; else against PyTorch\'s fastest row.';
const GPU_TIME_NOTE = "GPU ms/step (webgpu, step and ensemble): the GPU time of the WGSL engine's compute passes per step of all K members, from timestamp queries, measured in a second process on the same work (so the timed row runs without queries); blank where not measured, and the setup says why.";

const d = BENCH_DEFAULTS;
const BACKEND_IDS = backendIds(() => true);

const MODE_NOTES: Record<BenchMode, string> = {
  step: `ms per SGD step of the seed network, batch ${SEED_CONFIG.batchSize} (PyTorch: 1 thread, and all cores)`,
  protocol: "one seed run on real MNIST, --epochs epochs, the seed's evaluation schedule and probes",
  grid: "--runs runs of the seed grid at once (ours: the grid's worker threads; PyTorch: one process per core x 1 thread, and 1 process x all cores)",
  ensemble: 'K seed networks per step for each --k (PyTorch: one bmm ensemble; on CUDA eager, reading the loss every step as the seed does, and the step captured once as a CUDA graph and replayed; GPU rows of ours add GPU ms/step where the adapter has timestamp queries)',
};

/** Flags of `negmnist bench`. */
export const BENCH_FLAGS = {
  mode: option(readChoiceList(benchModes), { placeholder: '<list>', description: 'what to measure: all or a comma-separated list of modes (see above)', default: [...d.modes] }),
  backends: option(readChoiceList(BACKEND_IDS), { placeholder: '<list>', description: `backends to measure: all or a comma-separated list of ${BACKEND_IDS.join(', ')}; absent ones get one row`, default: [...BACKEND_IDS], defaultText: 'all' }),
  k: option(readNumberList('comma-separated positive integers such as 1,8,64,256', (k) => Number.isInteger(k) && k > 0), { placeholder: '<list>', description: 'ensemble sizes', default: [...d.ks] }),
  steps: option(readPositiveInt, { placeholder: '<n>', description: 'timed steps in step/ensemble mode', defaultText: `${d.steps}; --quick ${d.quick.steps}` }),
  warmup: option(readNonNegativeInt, { placeholder: '<n>', description: 'untimed steps first', defaultText: `${d.warmup}; --quick ${d.quick.warmup}` }),
  epochs: option(readPositiveInt, { placeholder: '<n>', description: 'epochs in protocol/grid mode', default: d.epochs }),
  runs: option(readPositiveInt, { placeholder: '<n>', description: 'grid runs, configurations first', default: d.runs }),
  python: option(readText, { placeholder: '<path>', description: 'Python with torch', defaultText: '/usr/bin/python3, else python3 on PATH' }),
  timeout: option(readPositive, { placeholder: '<seconds>', description: 'time limit of one measurement', default: d.timeoutSeconds }),
  quick: switchFlag('fewer steps: a smoke run that still prints numbers'),
  json: switchFlag('print machine, versions and rows as one JSON object'),
  save: option(readText, { placeholder: '<prefix>', description: 'also write <prefix>.json and <prefix>.md (the table with its header)' }),
} as const;

/** What `negmnist bench --help` says besides the flags. */
export const BENCH_HELP: CommandHelp = {
  usage: 'bench [options]',
  summary: "time our backends against the seed's PyTorch program (step, protocol, grid, ensemble)",
  about: [
    "Measures negmnist on every backend present, each in its own process running the trainer's own code (as negmnist train and negmnist grid do), against the seed's PyTorch program (a torch script shipped with negmnist, run by python3) in the same invocation, and prints one table: wall, training and evaluation time, steps/s, model-steps/s, speed vs PyTorch (PyTorch's time / ours) and peak memory (peak RSS of the process). The header names both sides' versions, threads and the BLAS torch loaded, with a warning when that is the netlib reference BLAS. Without python3 + torch, negmnist only.",
  ],
  sections: [
    { title: `Modes (--mode, a comma-separated list or all; default ${d.modes.join(',')})`, terms: benchModes.map((mode) => [mode, MODE_NOTES[mode]] as const) },
    { title: 'Options', flags: ['mode', 'backends', 'k', 'steps', 'warmup', 'epochs', 'runs', 'python', 'timeout', 'quick', 'json', 'save', 'help'] },
  ],
  examples: ['bench', 'bench --mode protocol,grid --backends wasm', 'bench --mode ensemble --k 1,8,64,256 --backends webgpu'],
};

function findPython(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  const which = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : undefined;
}

/** The header lines: when, what ran on both sides (versions, threads, BLAS) and how. */
function header(measuredAt: string, machine: BenchMachine, s: BenchSettings, versions: Record<string, string>, torch: { info: TorchInfo; blas: BlasInfo } | { skipped: string }): string[] {
  const lines = [`measured: ${measuredAt} (start of the bench)`, describeMachine(machine)];
  lines.push(`negmnist: ${Object.entries(versions).map(([name, v]) => `${name} ${v}`).join(', ')}; one process per measurement running the trainer's own code (negmnist train/grid)`);
  if ('skipped' in torch) lines.push(`pytorch: skipped: ${torch.skipped}`);
  else {
    const { info, blas } = torch;
    lines.push(`pytorch: torch ${info.torch}, Python ${info.python}, BLAS ${blas.name}${blas.library === undefined ? '' : ` (${blas.library})`}${info.cuda === null ? '' : `, CUDA ${info.cuda}`}; threads per row (torch.set_num_threads; OPENBLAS_NUM_THREADS=1 with several)`);
  }
  lines.push(`work: seed network ${SEED_CONFIG.layers.join('-')}, batch ${SEED_CONFIG.batchSize}, SGD lr ${SEED_CONFIG.lr}; step/ensemble: ${s.steps} timed steps after ${s.warmup} warm-up; protocol/grid: ${s.epochs} epoch(s) of real MNIST, the seed's evaluation schedule (after batches ${SEED_CONFIG.evalEvery}..${9 * SEED_CONFIG.evalEvery} of each epoch) on the 10k test set`);
  return lines;
}

/** `negmnist bench`: ours on every backend present vs PyTorch, same machine, same invocation. */
export async function benchCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags } = parseCommand('bench', argv, BENCH_FLAGS, 0);
  if (flags.help) return ctx.print(helpText(BENCH_HELP, BENCH_FLAGS));
  const steps = flags.quick ? d.quick : d;
  const s: BenchSettings = {
    modes: flags.mode,
    backends: flags.backends,
    ks: flags.k,
    steps: flags.steps ?? steps.steps,
    warmup: flags.warmup ?? steps.warmup,
    epochs: flags.epochs,
    runs: flags.runs,
    timeoutMs: flags.timeout * 1000,
  };
  // the bench's date, written into its JSON and table (the start: measurements take minutes)
  const startedAt = new Date();
  const python = findPython(flags.python);
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
  const measureOurs = async (backend: BackendId, job: Omit<OursJob, 'outDir' | 'backend'>, k: number): Promise<void> => {
    const known = absent.get(backend);
    if (known !== undefined) return;
    progress(`${job.mode}${job.mode === 'ensemble' ? ` K=${k}` : ''}: negmnist ${backend}${job.threads === undefined ? '' : `, ${job.threads} thread(s)`}`);
    const outcome = await runOurs({ ...job, backend }, s.timeoutMs);
    const how =
      job.mode === 'grid' && !('failure' in outcome)
        ? { setup: `${outcome.result.workers} worker thread(s) x 1 thread (the grid's choice)`, threads: outcome.result.workers }
        : backendById(backend).device === 'gpu'
          ? { setup: '1 process, GPU', threads: 0 }
          : job.threads === undefined
            ? { setup: '1 process', threads: 1 }
            : { setup: `1 process x ${intraOpThreadsText(job.threads)}`, threads: job.threads };
    let row = oursRow(job.mode, backend, k, how, outcome);
    // the WGSL engine's GPU time per step, where its adapter has timestamp queries (else the row says why not)
    if (!('failure' in outcome) && backendById(backend).engine === 'webgpu' && (job.mode === 'step' || job.mode === 'ensemble')) {
      progress(`${job.mode}${job.mode === 'ensemble' ? ` K=${k}` : ''}: negmnist ${backend}, GPU time (timestamp queries)`);
      const gpu = await runGpuTime({ ...job, backend }, s.timeoutMs);
      row = 'gpuMsPerStep' in gpu ? { ...row, gpuMsPerStep: gpu.gpuMsPerStep } : { ...row, setup: `${row.setup}; ${gpu.unmeasured}` };
    }
    if ('failure' in outcome && outcome.failure.unavailable) absent.set(backend, row);
    else if (!('failure' in outcome)) versions = { ...versions, ...outcome.result.versions };
    rows.push(row);
  };
  const measurePeers = async (mode: BenchMode, args: string[], k: number, runs?: string[]): Promise<void> => {
    if (!('info' in torch) || python === undefined) return;
    for (const setup of torchSetups(mode, cores, torch.info.cuda !== null)) {
      progress(`${mode}${mode === 'ensemble' ? ` K=${k}` : ''}: PyTorch ${describeSetup(setup)}`);
      rows.push(await measureTorch({ python, mode, setup, args, runs, k, timeoutMs: s.timeoutMs }));
    }
  };
  const stepArgs = ['--steps', String(s.steps), '--warmup', String(s.warmup)];
  // a backend with intra-op threads, one run: 1 thread, and every core (as PyTorch's two rows)
  const threadCounts = (backend: BackendId): (number | undefined)[] => (backendById(backend).parallelism === 'intra-op' ? [...new Set([1, cores])] : [undefined]);
  for (const mode of s.modes) {
    if (mode === 'step') {
      for (const backend of flags.backends) for (const threads of threadCounts(backend)) await measureOurs(backend, { mode, k: 1, steps: s.steps, warmup: s.warmup, ...(threads === undefined ? {} : { threads }) }, 1);
      await measurePeers(mode, stepArgs, 1);
    } else if (mode === 'protocol') {
      for (const backend of flags.backends) for (const threads of threadCounts(backend)) await measureOurs(backend, { mode, epochs: s.epochs, ...(threads === undefined ? {} : { threads }) }, 1);
      await measurePeers(mode, ['--data', dataDir, '--epochs', String(s.epochs)], 1);
    } else if (mode === 'grid') {
      const runs = gridSample((await loadExperiment('seed')).runs, s.runs, s.epochs);
      for (const backend of flags.backends) await measureOurs(backend, { mode, runs }, 1);
      await measurePeers(mode, ['--data', dataDir, '--epochs', String(s.epochs)], 1, runs.map(torchRunSpec));
    } else {
      for (const k of s.ks) {
        for (const backend of flags.backends) await measureOurs(backend, { mode, k, steps: s.steps, warmup: s.warmup }, k);
        await measurePeers(mode, [...stepArgs, '--k', String(k)], k);
      }
    }
  }
  const table = withRatios(rows);
  const torchSide = 'info' in torch ? { ...torch.info, blas: torch.blas } : { skipped: torch.skipped };
  const report = benchReport(startedAt, { machine, settings: s, negmnist: versions, pytorch: torchSide, rows: table });
  const json = JSON.stringify(report);
  const text = [...header(report.measuredAt, machine, s, versions, torch), '', formatTable(table), '', RATIO_NOTE, GPU_TIME_NOTE, ...(warning === undefined ? [] : [warning])].join('\n');
  const { save } = flags;
  if (save !== undefined) {
    await mkdir(dirname(resolve(save)), { recursive: true });
    await writeFile(`${save}.json`, `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
    await writeFile(`${save}.md`, `${text}\n`);
  }
  ctx.print(flags.json ? json : text);
  return 0;
}
