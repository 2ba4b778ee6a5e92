// engine-webgpu against onnx-cpu, in distribution: the seed network on negative real MNIST (60,000 training
// images, the seed's settings from core's SEED_CONFIG through runSettings: lr 0.1, batch 64, evaluation after
// batches 100..900 of every epoch), the same seeds on both engines, each side's seeds trained as ONE
// ensemble (each member exactly as it would train alone: its own initial weights and shuffle generator).
// Per statistic (final and best accuracy, drops, fc1 dead fraction, collapsed) the two samples' medians and
// ranges, the difference of means with its bootstrap 95% interval and a permutation p-value
// (compareSamples); the runs' outcomes (runOutcome: smooth, erratic, collapsed, diverged) counted apart; and
// per seed the step where the two engines' runs part (separationStep on validation loss, > 1e-2).
// Float32 implementations part chaotically on negative images (experiments/reproduce/lockstep/chaos.md), so
// seed-for-seed equality is not expected after a few hundred steps: the runs are compared as distributions.
// Usage: node experiments/reproduce/distribution/run.mjs [--seeds 10] [--epochs 3] [--validation 10000]
//          [--engines onnx-cpu,webgpu] [--max-steps N] [--rounds 100000] [--reuse] [--out DIR]
// --validation N evaluates on the first N test images (the seed uses all 10,000); --reuse keeps a side whose
// <engine>.json in DIR has the same protocol (a long lavapipe side need not run twice).
// Build first: node scripts/pnpm.mjs turbo run build --filter=@negmnist/engine-webgpu... --filter=@negmnist/engine-onnx...
// WebGPU in Node on a machine without a GPU: lavapipe (Mesa >= 25), XDG_RUNTIME_DIR set.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const requireOnnx = createRequire(new URL('../../../packages/engine-onnx/package.json', import.meta.url));
const requireWebgpu = createRequire(new URL('../../../packages/engine-webgpu/package.json', import.meta.url));
const { SEED_CONFIG, runSettings } = requireOnnx('@negmnist/core');
const { createRng, toFloatDataset } = requireOnnx('@negmnist/data');
const { loadMnist } = requireOnnx('@negmnist/data/node');
const { createMlpEnsemble } = requireOnnx('@negmnist/models');
const { train } = requireOnnx('@negmnist/train');
const { compareSampleSchema, compareStatistics, countDrops } = requireOnnx('@negmnist/results');
const { bestAccuracy, compareSamples, finalAccuracy, median, runOutcome, runOutcomes, seedStat, separationStep } = requireOnnx('@negmnist/results/aggregate');

const ENGINES = ['onnx-cpu', 'webgpu'];
const SEPARATION = 1e-2;
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    epochs: { type: 'string', default: '3' },
    validation: { type: 'string', default: '10000' },
    engines: { type: 'string', default: ENGINES.join(',') },
    'max-steps': { type: 'string' },
    rounds: { type: 'string', default: '100000' },
    reuse: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('.', import.meta.url)) },
  },
});
const fail = (line) => {
  process.stderr.write(`distribution: ${line}\n`);
  process.exit(2);
};
const integer = (name, text) => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) fail(`--${name}: expected a positive integer, received ${text}`);
  return v;
};
const seedCount = integer('seeds', values.seeds);
const epochs = integer('epochs', values.epochs);
const validationCount = integer('validation', values.validation);
const rounds = integer('rounds', values.rounds);
const maxSteps = values['max-steps'] === undefined ? undefined : integer('max-steps', values['max-steps']);
const engines = values.engines.split(',');
if (engines.some((e) => !ENGINES.includes(e))) fail(`--engines: expected some of ${ENGINES.join(', ')}, received ${values.engines}`);
const seeds = Array.from({ length: seedCount }, (_, i) => i);
const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const protocol = {
  network: 'seed network 784-200-100-10, ReLU on every layer (logits included), PyTorch init',
  images: 'negative real MNIST: 60,000 training images',
  validation: `the first ${validationCount} of the 10,000 test images`,
  lr: SEED_CONFIG.lr,
  batchSize: SEED_CONFIG.batchSize,
  epochs,
  evaluation: `${SEED_CONFIG.evalSchedule}, every ${SEED_CONFIG.evalEvery} batches (after batches 100..900 of every epoch), final ${SEED_CONFIG.evalFinal}`,
  seeds,
  ...(maxSteps === undefined ? {} : { maxSteps }),
};

const head = (ds, count) => ({ ...ds, count, images: ds.images.subarray(0, count * ds.rows * ds.cols), labels: ds.labels.subarray(0, count) });
const test = await loadMnist({ split: 'test' });
if (validationCount > test.count) fail(`--validation: expected at most ${test.count}, received ${validationCount}`);
const data = { train: toFloatDataset(await loadMnist({ split: 'train' })), validation: toFloatDataset(head(test, validationCount)) };

/** One engine: the seeds as one ensemble; per member its statistics and its curve. */
async function side(name) {
  const onnx = requireOnnx('./dist/index.cjs');
  const engine = name === 'webgpu' ? requireWebgpu('./dist/index.cjs').webgpuEngine() : onnx.onnxEngine({ executionProvider: 'cpu' });
  const settings = seeds.map((seed) => runSettings({ ...SEED_CONFIG, layers: [...SEED_CONFIG.layers], dataset: 'mnist', seed, negative: true, epochs }));
  const versions =
    name === 'webgpu'
      ? { engine: '@negmnist/engine-webgpu', adapter: await engine.adapter(), webgpu: requireWebgpu('webgpu/package.json').version }
      : { engine: '@negmnist/engine-onnx', backend: `onnxruntime-node ${onnx.onnxRuntimeVersion()} cpu, 1 intra-op thread` };
  log(`${name}: ${JSON.stringify(versions)}; ${seedCount} members, ${epochs} epoch(s)`);
  const model = createMlpEnsemble(settings.map((s) => s.model));
  const started = Date.now();
  let result;
  try {
    result = await train(model, data, {
      ...settings[0].loop,
      ...(maxSteps === undefined ? {} : { maxSteps }),
      members: settings.map((s) => s.member),
      engine,
      hooks: {
        onEvalEnd: ({ step, evaluations }) =>
          log(`${name} step ${step}: ${((Date.now() - started) / 60000).toFixed(1)} min, accuracy ${evaluations.map((e) => (e === undefined ? '-' : e.valAccuracy.toFixed(3))).join(' ')}`),
      },
    });
  } finally {
    model.dispose();
    if (name === 'webgpu') await engine.destroy();
  }
  const minutes = (Date.now() - started) / 60000;
  const runs = result.members.map((member, k) => {
    const last = member.evaluations.at(-1);
    const outcome = runOutcome(member);
    const run = {
      seed: seeds[k],
      final: finalAccuracy(member),
      best: bestAccuracy(member),
      drops: countDrops(member.evaluations),
      fc1Dead: last.layers[0].deadFraction,
      collapsed: outcome === 'collapsed' || outcome === 'diverged' ? 1 : 0,
      outcome,
      ...(member.divergence === undefined ? {} : { divergence: member.divergence }),
      steps: member.evaluations.map((e) => e.step),
      valCorrect: member.evaluations.map((e) => e.valCorrect),
      valLoss: member.evaluations.map((e) => e.valLoss),
    };
    compareSampleSchema.parse(run);
    return run;
  });
  return { engine: name, versions, protocol, minutes: Number(minutes.toFixed(1)), msPerStep: Number(((60000 * minutes) / result.step).toFixed(1)), steps: result.step, runs };
}

await mkdir(values.out, { recursive: true });
const sides = {};
for (const name of engines) {
  const file = join(values.out, `${name}.json`);
  if (values.reuse) {
    const saved = await readFile(file, 'utf8').then(JSON.parse, () => undefined);
    if (saved !== undefined && JSON.stringify(saved.protocol) === JSON.stringify(protocol)) {
      log(`${name}: reusing ${file} (${saved.minutes} min when it ran)`);
      sides[name] = saved;
      continue;
    }
  }
  sides[name] = await side(name);
  await writeFile(file, `${JSON.stringify(sides[name], null, 1)}\n`);
  log(`${name}: ${sides[name].minutes} min, ${sides[name].msPerStep} ms per step (evaluations included); wrote ${file}`);
}
if (engines.length < 2) process.exit(0);

const [a, b] = [sides.webgpu, sides['onnx-cpu']];
const rows = compareStatistics.map((statistic, i) => {
  const rng = createRng(2000 + i);
  const xs = a.runs.map((r) => r[statistic]);
  const ys = b.runs.map((r) => r[statistic]);
  const spread = (v) => ({ median: median(v), min: seedStat(v).min, max: seedStat(v).max });
  return { statistic, webgpu: spread(xs), onnx: spread(ys), ...compareSamples(xs, ys, { random: () => rng.nextFloat(), rounds }) };
});
const outcomes = Object.fromEntries([a, b].map((s) => [s.engine, Object.fromEntries(runOutcomes.map((o) => [o, s.runs.filter((r) => r.outcome === o).length]))]));
const separation = seeds.map((seed, k) => {
  const curve = (run) => run.steps.map((step, i) => ({ step, valLoss: run.valLoss[i] }));
  return { seed, step: separationStep(curve(a.runs[k]), curve(b.runs[k]), SEPARATION) };
});
const command = `node experiments/reproduce/distribution/run.mjs --seeds ${seedCount} --epochs ${epochs} --validation ${validationCount}${maxSteps === undefined ? '' : ` --max-steps ${maxSteps}`} --rounds ${rounds}`;
const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other jobs`;
const summary = { command, machine, protocol, versions: { webgpu: a.versions, onnx: b.versions }, minutes: { webgpu: a.minutes, onnx: b.minutes }, rows, outcomes, separation };
await writeFile(join(values.out, 'distribution.json'), `${JSON.stringify(summary, null, 1)}\n`);

const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
const md = [
  '| statistic | webgpu median [min, max] | onnx-cpu median [min, max] | difference of means, 95% interval | p |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.statistic} | ${fmt(r.webgpu.median)} [${fmt(r.webgpu.min)}, ${fmt(r.webgpu.max)}] | ${fmt(r.onnx.median)} [${fmt(r.onnx.min)}, ${fmt(r.onnx.max)}] | ${r.difference.toFixed(3)} [${r.interval[0].toFixed(3)}, ${r.interval[1].toFixed(3)}] | ${r.p.toFixed(3)} |`,
  ),
  '',
  `Outcomes (runOutcome): ${Object.entries(outcomes).map(([e, c]) => `${e} ${runOutcomes.map((o) => `${c[o]} ${o}`).join(', ')}`).join('; ')}.`,
  `Step where each seed's two runs part (|validation loss difference| > ${SEPARATION}): ${separation.map((s) => `${s.seed}: ${s.step ?? 'never'}`).join(', ')}.`,
  '',
].join('\n');
await writeFile(join(values.out, 'distribution.md'), md);
process.stdout.write(md);
