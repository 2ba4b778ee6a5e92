// Ours against the PyTorch program, in distribution: the seed configuration on positive and negative
// images, several seeds each, both on the seed's evaluation schedule (i % 100 == 99 in every epoch) and
// the one drop rule (countDrops: more than 500 of 10,000 images). Per statistic, the two samples side by
// side with the difference of means, its bootstrap 95% interval and a permutation p-value.
// Seeds are not paired across frameworks (different PRNGs): the samples are independent.
// Usage: node experiments/reproduce/compare.mjs [--seeds 10] [--epochs 1] [--images positive,negative]
//          [--backend onnx-cpu|wasm|cpu] [--rounds 10000] [--out experiments/reproduce/compare]
// Ours trains in this process (onnx-cpu: ONNX Runtime, 1 intra-op thread; wasm/cpu: TensorFlow.js) while
// the PyTorch program (1 thread) runs in a child process: one core each on a 2-core machine.
// (build first: node scripts/pnpm.mjs turbo run build --filter=negmnist...)
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../packages/engine-tfjs/package.json', import.meta.url));
const requireTrain = createRequire(new URL('../../packages/train/package.json', import.meta.url));
const tf = require('@tensorflow/tfjs');
const { createRng, toFloatDataset } = require('@negmnist/data');
const { loadMnist } = require('@negmnist/data/node');
const { seedNetwork } = require('@negmnist/models');
const { COLLAPSE_BELOW, compareFileSchema, compareStatistics, countDrops, isCollapsed } = require('@negmnist/results');
const { bestAccuracy, compareSamples, finalAccuracy } = require('@negmnist/results/aggregate');
const { tfjsEngine } = require('@negmnist/engine-tfjs');
const { train } = requireTrain('@negmnist/train');
const requireOnnx = createRequire(new URL('../../packages/engine-onnx/package.json', import.meta.url));

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    epochs: { type: 'string', default: '1' },
    images: { type: 'string', default: 'negative,positive' },
    backend: { type: 'string', default: 'onnx-cpu' },
    rounds: { type: 'string', default: '10000' },
    out: { type: 'string', default: fileURLToPath(new URL('compare', import.meta.url)) },
  },
});
const seedCount = Number(values.seeds);
const epochs = Number(values.epochs);
const rounds = Number(values.rounds);
const images = values.images.split(',');
for (const [name, v] of Object.entries({ seeds: seedCount, epochs, rounds })) {
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`compare: --${name}: expected a positive integer, received ${values[name]}\n`);
    process.exit(2);
  }
}
if (images.some((i) => i !== 'positive' && i !== 'negative')) {
  process.stderr.write(`compare: --images: expected positive and/or negative, received ${values.images}\n`);
  process.exit(2);
}
if (!['onnx-cpu', 'wasm', 'cpu'].includes(values.backend)) {
  process.stderr.write(`compare: --backend: expected onnx-cpu, wasm or cpu, received ${values.backend}\n`);
  process.exit(2);
}
// The ONNX engine trains on ONNX Runtime, else TensorFlow.js; tfjs holds the model's start and end weights (cpu backend).
const onnx = values.backend === 'onnx-cpu' ? requireOnnx('./dist/index.cjs') : undefined;
const engine = onnx?.onnxEngine({ executionProvider: 'cpu' });
if (values.backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
tf.enableProdMode();
await tf.setBackend(onnx === undefined ? values.backend : 'cpu');
await tf.ready();

const seeds = Array.from({ length: seedCount }, (_, i) => i);
const log = (line) => process.stderr.write(`${line}\n`);

/** The statistics of one run (`compareStatistics`) from its validation correct counts per evaluation and fc1 dead fraction. */
function statistics(correct, count, fc1Dead) {
  const run = { evaluations: correct.map((c) => ({ valAccuracy: c / count, valCorrect: c, valCount: count })) };
  const final = finalAccuracy(run);
  return { final, best: bestAccuracy(run), drops: countDrops(run.evaluations), fc1Dead, collapsed: isCollapsed(final) ? 1 : 0 };
}

async function ours(negative) {
  const data = {
    train: toFloatDataset(await loadMnist({ split: 'train' }), { negative }),
    validation: toFloatDataset(await loadMnist({ split: 'test' }), { negative }),
  };
  const runs = [];
  for (const seed of seeds) {
    const model = seedNetwork({ seed });
    try {
      const r = await train(model, data, { epochs, seed, evalSchedule: 'per-epoch', engine: engine ?? tfjsEngine });
      const last = r.evaluations.at(-1);
      runs.push({ seed, ...statistics(r.evaluations.map((e) => e.valCorrect), last.valCount, last.layers[0].deadFraction) });
      log(`ours ${negative ? 'negative' : 'positive'} seed ${seed}: ${JSON.stringify(runs.at(-1))}`);
    } finally {
      model.dispose();
    }
  }
  return runs;
}

function torch(negative) {
  const script = fileURLToPath(new URL('seed_torch.py', import.meta.url));
  const args = [script, '--json', '--threads', '1', '--epochs', String(epochs), '--seeds', seeds.join(','), ...(negative ? ['--negative'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', args, { env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`seed_torch.py exit ${code}`));
      const runs = stdout.trim().split('\n').map((line) => JSON.parse(line));
      resolve(runs.map((r) => ({ seed: r.seed, ...statistics(r.valCorrect, r.valCount, r.fc1Dead), torch: r.torch })));
    });
  });
}

const started = Date.now();
const rows = [];
const samples = {};
for (const name of images) {
  const negative = name === 'negative';
  const [a, b] = await Promise.all([ours(negative), torch(negative)]);
  samples[name] = { ours: a, torch: b };
  for (const statistic of compareStatistics) {
    const rng = createRng(1000 + rows.length);
    const random = () => rng.nextFloat();
    const c = compareSamples(a.map((r) => r[statistic]), b.map((r) => r[statistic]), { random, rounds });
    rows.push({ images: name, statistic, ...c });
  }
}
const minutes = (Date.now() - started) / 60000;
const torchVersion = Object.values(samples)[0]?.torch[0]?.torch;
const meta = {
  command: `node experiments/reproduce/compare.mjs --seeds ${seedCount} --epochs ${epochs} --images ${values.images} --backend ${values.backend} --rounds ${rounds}`,
  machine: `${cpus().length} x ${cpus()[0]?.model.trim()}, shared with other jobs`,
  minutes: Number(minutes.toFixed(1)),
  versions: { tfjs: tf.version.tfjs, backend: onnx === undefined ? tf.getBackend() : `onnxruntime-node ${onnx.onnxRuntimeVersion()} cpu, 1 intra-op thread`, torch: torchVersion, torchThreads: 1, blas: 'OpenBLAS (libopenblas0-pthread, OPENBLAS_NUM_THREADS=1)' },
  protocol: `seed network, SGD lr 0.1, batch 64, ${epochs} epoch(s), evaluation after batches 100..900 of every epoch on the 10k test set; drops by countDrops; collapsed: final accuracy < ${COLLAPSE_BELOW}; fc1 dead on the first 1000 test images`,
};
await mkdir(values.out, { recursive: true });
const compare = { ...meta, rows, samples };
await writeFile(join(values.out, 'compare.json'), `${JSON.stringify(compare, null, 1)}\n`);
// checked after writing, so a file that breaks the schema the site reads it with stays there to look at
const checked = compareFileSchema.safeParse(compare);
if (!checked.success) {
  const issue = checked.error.issues[0];
  throw new Error(`compare: compare.json: expected the schema of @negmnist/results, at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
const fmt = (v) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
const md = [
  '# Ours vs the PyTorch program, in distribution',
  '',
  `${seedCount} seeds per side and polarity; ${meta.protocol}.`,
  'Difference = ours - PyTorch; 95% percentile bootstrap interval; two-sided permutation p-value.',
  '',
  '| images | statistic | ours mean | PyTorch mean | difference | 95% interval | p |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.images} | ${r.statistic} | ${fmt(r.meanA)} | ${fmt(r.meanB)} | ${fmt(r.difference)} | [${fmt(r.interval[0])}, ${fmt(r.interval[1])}] | ${r.p.toFixed(3)} |`),
  '',
  `Command: \`${meta.command}\`, ${meta.minutes} min on ${meta.machine}. ${onnx === undefined ? `TensorFlow.js ${meta.versions.tfjs} (${meta.versions.backend})` : meta.versions.backend}, PyTorch ${meta.versions.torch} on the CPU, 1 thread, ${meta.versions.blas}.`,
  '',
].join('\n');
await writeFile(join(values.out, 'compare.md'), md);
log(`wrote compare.json and compare.md to ${values.out} (${minutes.toFixed(1)} min)`);
