// Lockstep: our trainer and the PyTorch program train the seed network from the same initial weights on
// the same batch order; both evaluate the first --probe test images every --every steps. Prints
// |validation loss difference| per evaluation and a verdict.
// Usage: node experiments/reproduce/lockstep/lockstep.mjs [--seed 0] [--negative] [--steps 300] [--every 10]
//          [--tolerance 1e-4] [--probe 1000] [--backend onnx-cpu|wasm|cpu] [--json]
// (build first: node scripts/pnpm.mjs turbo run build --filter=@negmnist/train...)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportStart, loadData, lossDifferences, runTorch, pairSeparationStep, trainOurs, useBackend } from './ours.mjs';

/** Runs one lockstep comparison; returns the rows, the verdict and the versions that ran. */
export async function lockstep({ seed = 0, negative = false, steps = 300, every = 10, tolerance = 1e-4, probe = 1000, backend = 'wasm' }) {
  const engine = await useBackend(backend);
  const dir = await mkdtemp(join(tmpdir(), 'negmnist-lockstep-'));
  try {
    const data = await loadData(negative, probe);
    const start = await exportStart({ seed, steps, count: data.train.count, dir });
    const common = ['--every', String(every), '--probe', String(probe), ...(negative ? ['--negative'] : [])];
    const [torch, ours] = [await runTorch(['lockstep', '--init', start.init, '--order', start.order, ...common]), await trainOurs({ seed, negative, steps, every, probe })];
    const rows = lossDifferences(ours, torch);
    const separatedAt = pairSeparationStep(rows, tolerance);
    const maxDiff = Math.max(...rows.map((r) => r.diff));
    return {
      seed,
      negative,
      steps,
      every,
      probe,
      tolerance,
      rows,
      maxDiff,
      separatedAt,
      agree: separatedAt === null,
      versions: { ...engine, torch: torch.torch, torchThreads: torch.threads },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line: agree within tolerance for N steps, or separate at step S. */
export function verdict(r) {
  const what = `${r.negative ? 'negative' : 'positive'} seed ${r.seed}, ${r.versions.backend} vs torch ${r.versions.torch}`;
  return r.agree
    ? `${what}: agree within ${r.tolerance} for ${r.steps} steps (max |diff| ${r.maxDiff.toExponential(2)})`
    : `${what}: separate at step ${r.separatedAt} (|diff| > ${r.tolerance}; max ${r.maxDiff.toExponential(2)})`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '0' },
      negative: { type: 'boolean', default: false },
      steps: { type: 'string', default: '300' },
      every: { type: 'string', default: '10' },
      tolerance: { type: 'string', default: '1e-4' },
      probe: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'wasm' },
      json: { type: 'boolean', default: false },
    },
  });
  const number = (name, integer) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      process.stderr.write(`--${name}: expected a ${integer ? 'positive integer' : 'positive number'}, received ${values[name]}\n`);
      process.exit(2);
    }
    return v;
  };
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    process.stderr.write(`--seed: expected a non-negative integer, received ${values.seed}\n`);
    process.exit(2);
  }
  try {
    const r = await lockstep({
      seed,
      negative: values.negative,
      steps: number('steps', true),
      every: number('every', true),
      tolerance: number('tolerance', false),
      probe: number('probe', true),
      backend: values.backend,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      console.log('step  ours        torch       |diff|');
      for (const row of r.rows) console.log(`${String(row.step).padStart(4)}  ${row.ours.toFixed(7)}  ${row.other.toFixed(7)}  ${row.diff.toExponential(2)}`);
      console.log(verdict(r));
    }
  } catch (error) {
    process.stderr.write(`lockstep: ${error.message}\n`);
    process.exit(1);
  }
}
