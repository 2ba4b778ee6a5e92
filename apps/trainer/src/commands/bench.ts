import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, toFloatDataset } from '@negmnist/data';
import type { FloatDataset } from '@negmnist/data';
import { createMlpEnsemble } from '@negmnist/models';
import { train } from '@negmnist/train';
import { choiceFlag, numberFlag, parseCommand, stringFlag } from '../args';
import { backendChoices, selectBackend } from '../backend';
import type { SelectedBackend } from '../backend';
import { HELP } from '../help';
import type { CommandContext } from './context';

const BATCH = 64;
const BATCHES_PER_EPOCH = 20;

/** PyTorch's side of the benchmark, or why it was skipped. */
export type TorchTiming = { msPerStep: number; threads: number; torch: string; device: string } | { skipped: string };

function syntheticDataset(count: number, seed: number): FloatDataset {
  const rng = createRng(seed);
  const images = Uint8Array.from({ length: count * 784 }, () => rng.nextUint32() >>> 24);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(rng.nextFloat() * 10));
  return toFloatDataset({ name: 'bench', images, labels, count, rows: 28, cols: 28, numClasses: 10 });
}

/** Times `steps` SGD steps of the seed network with @negmnist/train on the active backend (after `warmup`). */
async function timeOurs(backend: SelectedBackend, steps: number, warmup: number): Promise<number> {
  const total = steps + warmup;
  const model = createMlpEnsemble([{}]);
  let startedAt = 0;
  let endedAt = 0;
  try {
    await train(model, { train: syntheticDataset(BATCH * BATCHES_PER_EPOCH, 1), validation: syntheticDataset(BATCH, 2) }, {
      epochs: Math.ceil(total / BATCHES_PER_EPOCH),
      evalEvery: Number.MAX_SAFE_INTEGER,
      probeSize: BATCH,
      ...(backend.trainEngine === undefined ? {} : { engine: backend.trainEngine }),
      hooks: {
        onBatchEnd: (r) => {
          if (r.step === warmup) startedAt = performance.now();
        },
        // The final evaluation reads device values, so queued GPU work is finished by now.
        onEvalEnd: () => {
          endedAt = performance.now();
        },
      },
    });
  } finally {
    model.dispose();
  }
  const timed = Math.ceil(total / BATCHES_PER_EPOCH) * BATCHES_PER_EPOCH - warmup;
  return (endedAt - startedAt) / timed;
}

function findPython(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  if (existsSync('/usr/bin/python3')) return '/usr/bin/python3';
  const which = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : undefined;
}

/** Runs the shipped torch script; a missing python3 or torch is a note, not an error. */
export function timeTorch(python: string | undefined, steps: number, warmup: number, cuda: boolean): TorchTiming {
  if (python === undefined) return { skipped: 'python3 not found (install python3 and torch to compare with the seed program)' };
  const script = fileURLToPath(new URL('../python/seed_bench.py', import.meta.url));
  const run = spawnSync(python, [script, String(steps), String(warmup), String(BATCH), ...(cuda ? ['--cuda'] : [])], { encoding: 'utf8' });
  if (run.error !== undefined) return { skipped: `${python} could not run (${run.error.message})` };
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(line) as { error?: string; msPerStep: number; threads: number; torch: string; device: string };
    if (parsed.error !== undefined) return { skipped: `${parsed.error} (pip install torch, or apt install python3-torch)` };
    return parsed;
  } catch {
    return { skipped: `${python} ${script} failed: ${(run.stderr || run.stdout).trim().split('\n').at(-1) ?? 'no output'}` };
  }
}

/** `negmnist bench`: ms per seed-network SGD step, ours vs PyTorch, same machine, same invocation. */
export async function benchCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand('bench', argv, { steps: { type: 'string' }, warmup: { type: 'string' }, python: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } }, 0);
  if (values.help === true) return ctx.print(HELP.bench ?? '');
  const steps = numberFlag(values, 'steps', 'positiveInt') ?? 200;
  const warmup = numberFlag(values, 'warmup', 'nonNegativeInt') ?? 20;
  const backend: SelectedBackend = await selectBackend(choiceFlag(values, 'backend', backendChoices) ?? 'auto');
  const label = `${backend.choice}${backend.adapter === undefined ? '' : ` (${backend.adapter})`}`;
  if (values.json !== true) ctx.print(`bench: seed network 784-200-100-10, batch ${BATCH}, SGD lr 0.1, ${steps} timed steps after ${warmup} warm-up`);
  const ours = await timeOurs(backend, steps, warmup);
  if (values.json !== true) for (const note of backend.notes) ctx.print(`backend: ${note}`);
  if (values.json !== true) ctx.print(`negmnist  ${label}: ${ours.toFixed(2)} ms/step`);
  const torchCpu = timeTorch(findPython(stringFlag(values, 'python')), steps, warmup, false);
  const torchCuda = 'skipped' in torchCpu ? undefined : timeTorch(findPython(stringFlag(values, 'python')), steps, warmup, true);
  const peers = [torchCpu, ...(torchCuda !== undefined && !('skipped' in torchCuda) && torchCuda.device === 'cuda' ? [torchCuda] : [])];
  if (values.json === true) {
    ctx.print(JSON.stringify({ backend: { engine: backend.engine, name: backend.name, adapter: backend.adapter }, oursMsPerStep: ours, torch: peers }));
    return 0;
  }
  for (const peer of peers) {
    if ('skipped' in peer) ctx.print(`pytorch   skipped: ${peer.skipped}`);
    else ctx.print(`pytorch   ${peer.torch} ${peer.device} (${peer.device === 'cpu' ? `${peer.threads} thread(s)` : 'GPU'}): ${peer.msPerStep.toFixed(2)} ms/step  -> ratio negmnist/pytorch ${(ours / peer.msPerStep).toFixed(2)}`);
  }
  return 0;
}
