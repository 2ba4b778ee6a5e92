// Chaos, measured: how many steps two nearly identical runs of the seed network stay together.
//   torch-torch  PyTorch against PyTorch: its own init and DataLoader order, one fc1 weight + --perturb
//   ours-ours    our trainer against itself: the same, as twin members of one ensemble
//   ours-torch   our trainer against PyTorch from identical starts (our init and batch order, no perturbation)
// for positive and negative images and every seed; validation loss on the first --probe test images every
// --every steps; a pair separates at the first evaluation where |difference| > threshold. A control pair
// per twin kind (perturbation 0, negative images) must stay identical. Each invocation writes
// chaos-<kind>-<images>.json into --out (so kinds can run as separate processes); --report merges every
// such file there into chaos.json and chaos.md.
// Usage: node experiments/reproduce/lockstep/chaos.mjs [--kinds torch-torch,ours-ours,ours-torch]
//          [--images positive,negative] [--seeds 0,1,2,3,4] [--steps 1000] [--every 10] [--perturb 1e-7]
//          [--thresholds 1e-3,1e-2] [--backend wasm] [--out experiments/reproduce/lockstep]
//        node experiments/reproduce/lockstep/chaos.mjs --report [--out experiments/reproduce/lockstep]
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lockstep } from './lockstep.mjs';
import { lossDifferences, pairSeparationStep, runTorch, trainOurTwins, useBackend } from './ours.mjs';

// The files' schemas (the site reads chaos.json with the same one) and the censored median, from the built package.
const require = createRequire(new URL('../../../packages/engine-tfjs/package.json', import.meta.url));
const { chaosFileSchema, chaosPartFileSchema } = require('@negmnist/results');
const { censoredMedian } = require('@negmnist/results/aggregate');

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2,3,4' },
    steps: { type: 'string', default: '1000' },
    every: { type: 'string', default: '10' },
    probe: { type: 'string', default: '1000' },
    perturb: { type: 'string', default: '1e-7' },
    thresholds: { type: 'string', default: '1e-3,1e-2' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: new URL('.', import.meta.url).pathname },
    kinds: { type: 'string', default: 'torch-torch,ours-ours,ours-torch' },
    images: { type: 'string', default: 'positive,negative' },
    report: { type: 'boolean', default: false },
  },
});
const KINDS = ['torch-torch', 'ours-ours', 'ours-torch'];
const kinds = values.kinds.split(',');
const images = values.images.split(',');
if (kinds.some((k) => !KINDS.includes(k)) || images.some((i) => i !== 'positive' && i !== 'negative')) {
  process.stderr.write(`chaos: --kinds: expected some of ${KINDS.join(',')}, --images some of positive,negative; received ${values.kinds} and ${values.images}\n`);
  process.exit(2);
}
const seeds = values.seeds.split(',').map(Number);
const steps = Number(values.steps);
const every = Number(values.every);
const probe = Number(values.probe);
const perturb = Number(values.perturb);
const thresholds = values.thresholds.split(',').map(Number);
for (const [name, v] of Object.entries({ steps, every, probe, perturb })) {
  if (!Number.isFinite(v) || v <= 0) {
    process.stderr.write(`chaos: --${name}: expected a positive number, received ${values[name]}\n`);
    process.exit(2);
  }
}
if (seeds.some((s) => !Number.isInteger(s) || s < 0) || thresholds.some((t) => !(t > 0))) {
  process.stderr.write(`chaos: --seeds: expected non-negative integers, --thresholds positive numbers; received ${values.seeds} and ${values.thresholds}\n`);
  process.exit(2);
}

const runs = [];
const log = (line) => process.stderr.write(`${line}\n`);
if (values.report) {
  await report(values.out);
  process.exit(0);
}
const engine = await useBackend(values.backend);
const started = Date.now();

function summarise(kind, seed, negative, rows, extra = {}) {
  const separation = Object.fromEntries(thresholds.map((t) => [String(t), pairSeparationStep(rows, t)]));
  runs.push({ kind, seed, negative, horizon: steps, ...extra, separation, steps: rows.map((r) => r.step), diff: rows.map((r) => Number(r.diff.toPrecision(3))) });
  log(`${kind} ${negative ? 'negative' : 'positive'} seed ${seed}${extra.control ? ' (control)' : ''}: separate at ${JSON.stringify(separation)}`);
}

const polarities = images.map((i) => i === 'negative');
const torchArgs = (seed, negative, delta) => ['twins', '--seed', String(seed), '--steps', String(steps), '--every', String(every), '--probe', String(probe), '--perturb', String(delta), ...(negative ? ['--negative'] : [])];
let torchVersion;
if (kinds.includes('torch-torch')) {
  for (const negative of polarities) {
    for (const seed of seeds) {
      const t = await runTorch(torchArgs(seed, negative, perturb));
      torchVersion = t.torch;
      summarise('torch-torch', seed, negative, lossDifferences(t, { steps: t.steps, valLoss: t.twinValLoss }), { perturbApplied: t.perturbApplied });
    }
  }
  const control = await runTorch(torchArgs(seeds[0], true, 0));
  summarise('torch-torch', seeds[0], true, lossDifferences(control, { steps: control.steps, valLoss: control.twinValLoss }), { control: true, perturbApplied: 0 });
}

if (kinds.includes('ours-ours')) {
  const pairs = [...polarities.flatMap((negative) => seeds.map((seed) => ({ seed, negative }))), { seed: seeds[0], negative: true, perturb: 0, control: true }];
  const ourTwins = await trainOurTwins({ pairs, steps, every, probe, perturb });
  for (const r of ourTwins) {
    summarise('ours-ours', r.seed, r.negative, lossDifferences({ steps: r.steps, valLoss: r.valLoss }, { steps: r.steps, valLoss: r.twinValLoss }), {
      perturbApplied: r.perturbApplied,
      ...(r.control ? { control: true } : {}),
    });
  }
}

if (kinds.includes('ours-torch')) {
  for (const negative of polarities) {
    for (const seed of seeds) {
      const r = await lockstep({ seed, negative, steps, every, probe, tolerance: thresholds[0], backend: values.backend });
      summarise('ours-torch', seed, negative, r.rows);
      torchVersion = r.versions.torch;
    }
  }
}

const minutes = (Date.now() - started) / 60000;
const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const command = `node experiments/reproduce/lockstep/chaos.mjs --seeds ${values.seeds} --steps ${steps} --every ${every} --probe ${probe} --perturb ${values.perturb} --thresholds ${values.thresholds} --backend ${values.backend} --kinds ${values.kinds} --images ${values.images}`;
const config = { seeds, steps, every, probe, perturb, thresholds, perturbedWeight: 'fc1 unit 0, input pixel (14, 14)' };
const versions = { ...engine, torch: torchVersion, torchThreads: 1, blas: 'OpenBLAS (libopenblas0-pthread, OPENBLAS_NUM_THREADS=1)' };
const part = `chaos-${kinds.join('+')}-${images.join('+')}.json`;
const measured = { command, machine, minutes: Number(minutes.toFixed(1)), versions, config, runs };
await writeFile(join(values.out, part), `${JSON.stringify(measured)}\n`);
log(`wrote ${part} to ${values.out} (${minutes.toFixed(1)} min)`);
// checked after writing, so a file that breaks the schema stays there to look at
checked(chaosPartFileSchema, measured, part);

/** Throws, naming the file and the first bad field, when `data` does not match its schema. */
function checked(schema, data, file) {
  const result = schema.safeParse(data);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new Error(`chaos: ${file}: expected the schema of @negmnist/results, at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Merges every chaos-*.json part in `dir` into chaos.json and chaos.md. */
async function report(dir) {
  const files = (await readdir(dir)).filter((f) => /^chaos-.+\.json$/.test(f)).sort();
  if (files.length === 0) throw new Error(`chaos --report: expected chaos-*.json parts in ${dir}, found none`);
  const parts = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8'))));
  parts.forEach((p, i) => checked(chaosPartFileSchema, p, files[i]));
  const all = parts.flatMap((p) => p.runs);
  runs.push(...all);
  const merged = { parts: parts.map(({ runs: _, ...meta }) => meta), runs: all };
  checked(chaosFileSchema, merged, 'chaos.json');
  await writeFile(join(dir, 'chaos.json'), `${JSON.stringify(merged)}\n`);
  await writeFile(join(dir, 'chaos.md'), markdown(parts));
  log(`wrote chaos.json and chaos.md to ${dir} from ${files.join(', ')}`);
}

function markdown(parts) {
  const label = { 'torch-torch': 'PyTorch vs PyTorch, one weight + 1e-7', 'ours-ours': 'ours vs ours, one weight + 1e-7', 'ours-torch': 'ours vs PyTorch, identical start' };
  const config = parts[0].config;
  const lines = [
    '# Chaos: steps until two nearly identical runs separate',
    '',
    `Validation loss on the first ${config.probe} test images every ${config.every} steps (seed network, batch 64, lr 0.1).`,
    'A pair separates at the first evaluation where |loss difference| exceeds the threshold; "> N" means it had not by its last step N.',
    `Twin rows: ${config.perturb} added in float32 to ${config.perturbedWeight} of the second copy. Seeds ${config.seeds.join(', ')} in every row.`,
    '',
    '| pair | images | threshold | step of separation per seed | median | largest difference per seed |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const kind of KINDS) {
    for (const negative of [false, true]) {
      const rows = runs.filter((r) => r.kind === kind && r.negative === negative && !r.control);
      if (rows.length === 0) continue;
      for (const t of config.thresholds) {
        const at = rows.map((r) => r.separation[String(t)] ?? null);
        const shown = rows.map((r, i) => (at[i] === null ? `> ${r.horizon}` : String(at[i])));
        const med = censoredMedian(at);
        const largest = rows.map((r) => Math.max(...r.diff).toPrecision(2)).join(', ');
        lines.push(`| ${label[kind]} | ${negative ? 'negative' : 'positive'} | ${t} | ${shown.join(', ')} | ${med === null ? `> ${rows[0].horizon}` : med} | ${largest} |`);
      }
    }
  }
  const controls = runs.filter((r) => r.control);
  lines.push('', `Controls (perturbation 0, negative images, seed ${config.seeds[0]}): ${controls.map((r) => `${r.kind} max |difference| ${Math.max(...r.diff)} over ${r.horizon} steps`).join('; ')}.`, '');
  for (const p of parts) {
    lines.push(`- \`${p.command}\`: ${p.minutes} min on ${p.machine}; ${p.versions.backend.startsWith('onnxruntime') ? p.versions.backend : `TensorFlow.js ${p.versions.tfjs} (${p.versions.backend})`}${p.versions.torch === undefined ? '' : `, PyTorch ${p.versions.torch} on the CPU, ${p.versions.torchThreads} thread, ${p.versions.blas}`}.`);
  }
  lines.push('');
  return lines.join('\n');
}
