import { fileURLToPath } from 'node:url';
import type { BenchMode, BlasInfo } from '@negmnist/results';
import { classifyBlas } from './blas';
import { runChild } from './spawn';
import type { Measurement } from './table';

/** What the torch script says about itself (every mode reports it). */
export interface TorchInfo {
  torch: string;
  python: string;
  /** torch.get_num_threads() in that process. */
  threads: number;
  blasConfig: string[];
  blasLibraries: string[];
  /** CUDA device name, or null. */
  cuda: string | null;
}

/** One PyTorch configuration: processes x threads on the CPU, or the GPU (eager, or the step as a replayed CUDA graph). */
export interface TorchSetup {
  processes: number;
  threads: number;
  cuda: boolean;
  /** ensemble on CUDA: the step captured once with `torch.cuda.CUDAGraph` and replayed (`--cuda-graph`). */
  cudaGraph: boolean;
}

/**
 * The PyTorch configurations a mode compares against, on a machine with `cores` cores (and CUDA if `cuda`).
 * CUDA only where the torch script runs on the device (step, ensemble); ensemble adds the step captured as
 * a CUDA graph and replayed, what a PyTorch user picks for many small steps.
 */
export function torchSetups(mode: BenchMode, cores: number, cuda: boolean): TorchSetup[] {
  const cpu = (processes: number, threads: number): TorchSetup => ({ processes, threads, cuda: false, cudaGraph: false });
  const setups: TorchSetup[] = [];
  // A grid's best: one process per core, or one process using every core; one run: 1 thread, or all.
  setups.push(mode === 'grid' && cores > 1 ? cpu(cores, 1) : cpu(1, 1));
  if (cores > 1) setups.push(cpu(1, cores));
  if (cuda && (mode === 'step' || mode === 'ensemble')) setups.push({ processes: 1, threads: 1, cuda: true, cudaGraph: false });
  if (cuda && mode === 'ensemble') setups.push({ processes: 1, threads: 1, cuda: true, cudaGraph: true });
  return setups;
}

/** The script's arguments that choose a setup's device. */
export function setupArgs(s: TorchSetup): string[] {
  return s.cudaGraph ? ['--cuda-graph'] : s.cuda ? ['--cuda'] : [];
}

/** How a setup reads in the table. */
export function describeSetup(s: TorchSetup): string {
  if (s.cudaGraph) return '1 process, CUDA graph (step captured once, replayed)';
  if (s.cuda) return '1 process, CUDA, eager';
  const threads = `${s.threads} thread${s.threads > 1 ? 's' : ''}${s.threads > 1 ? ' (OPENBLAS_NUM_THREADS=1)' : ''}`;
  return `${s.processes} process${s.processes > 1 ? 'es' : ''} x ${threads}`;
}

const script = (): string => fileURLToPath(new URL('../python/seed_bench.py', import.meta.url));

/** Asks the torch script for versions and BLAS; a missing python3 or torch is a one-line reason. */
export async function torchInfo(python: string | undefined): Promise<{ info: TorchInfo; blas: BlasInfo } | { skipped: string }> {
  if (python === undefined) return { skipped: 'python3 not found: measuring negmnist only (install python3 and torch to compare)' };
  const outcome = await runChild(python, [script(), 'info'], { timeoutMs: 120_000 });
  const json = outcome.json;
  if (json === undefined) return { skipped: `${python} ${script()} failed (${outcome.error ?? 'no output'}): measuring negmnist only` };
  if (typeof json.error === 'string') return { skipped: `${json.error}: measuring negmnist only (apt install python3-torch, or pip install torch)` };
  const info = json as unknown as TorchInfo;
  return { info, blas: classifyBlas(info.blasLibraries, info.blasConfig) };
}

/** Splits `items` round-robin into `parts` non-empty lists. */
export function splitRoundRobin<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: Math.max(1, Math.min(parts, items.length)) }, () => []);
  items.forEach((item, i) => out[i % out.length]?.push(item));
  return out;
}

/** Options of {@link measureTorch}. */
export interface MeasureTorchOptions {
  python: string;
  mode: BenchMode;
  setup: TorchSetup;
  /** Mode arguments for the script (steps, data dir, k, ...). */
  args: string[];
  /** grid: run specs `negative:hidden:seed`, split across the processes. */
  runs?: string[];
  k: number;
  timeoutMs: number;
  /** The torch script (default: `seed_bench.py` shipped beside the built CLI). */
  script?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Runs one PyTorch configuration (its processes at once) and returns its table row. */
export async function measureTorch(o: MeasureTorchOptions): Promise<Measurement> {
  const { setup, mode, k } = o;
  const row = { mode, side: 'pytorch' as const, label: setup.cuda ? 'PyTorch CUDA' : 'PyTorch CPU', setup: describeSetup(setup), threads: setup.cuda ? 0 : setup.processes * setup.threads, k };
  const env: Record<string, string> = setup.threads > 1 ? { OPENBLAS_NUM_THREADS: '1' } : {};
  const shares = o.runs === undefined ? [undefined] : splitRoundRobin(o.runs, setup.processes);
  const started = performance.now();
  const outcomes = await Promise.all(
    shares.map((share) => {
      const args = [o.script ?? script(), mode, ...o.args, '--threads', String(setup.threads), ...(share === undefined ? [] : ['--runs', share.join(',')]), ...setupArgs(setup)];
      return runChild(o.python, args, { env, timeoutMs: o.timeoutMs });
    }),
  );
  const wallMs = performance.now() - started;
  const failed = outcomes.find((x) => x.json === undefined || typeof x.json.error === 'string');
  if (failed !== undefined) return { ...row, skipped: typeof failed.json?.error === 'string' ? failed.json.error : (failed.error ?? 'no result') };
  const results = outcomes.map((x) => x.json as Record<string, unknown>);
  const sum = (key: string): number => results.reduce((s, r) => s + (num(r[key]) ?? 0), 0);
  const peakRssMiB = Math.max(...results.map((r) => num(r.peakRssMiB) ?? 0));
  if (mode === 'grid') {
    const steps = sum('steps');
    return { ...row, wallMs, steps: steps / Math.max(1, sum('runs')), stepsPerSecond: steps / (wallMs / 1000), modelStepsPerSecond: steps / (wallMs / 1000), peakRssMiB };
  }
  const trainingMs = sum('trainingMs');
  const steps = sum('steps');
  const stepsPerSecond = trainingMs > 0 ? steps / (trainingMs / 1000) : undefined;
  return {
    ...row,
    wallMs,
    trainingMs,
    evaluationMs: mode === 'protocol' ? sum('evaluationMs') : undefined,
    steps,
    stepsPerSecond,
    modelStepsPerSecond: stepsPerSecond === undefined ? undefined : stepsPerSecond * k,
    peakRssMiB,
  };
}
