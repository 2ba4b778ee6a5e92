#!/usr/bin/env node
// The main job: the `quick` grid (positive/negative x relu/sigmoid hidden, 2 epochs, 2 seeds) on real
// MNIST with the built `negmnist` CLI and the fastest backend present, then the table of its runs.
// With --images/--labels it instead loads that IDX pair with the built @negmnist/data and prints
// counts, per-class counts and mean pixels of positive and negative images.
// Usage: node scripts/demo.mjs [--images <path> --labels <path>]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USER_ERROR = 2;

async function importData() {
  const dist = new URL('../packages/data/dist/', import.meta.url);
  try {
    return { ...(await import(new URL('index.js', dist).href)), ...(await import(new URL('node.js', dist).href)) };
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw Object.assign(new Error('@negmnist/data is not built: run `pnpm --filter @negmnist/data build` (or `npm run demo`)'), { user: true });
  }
}

const ms = (start) => `${(performance.now() - start).toFixed(0)} ms`;

function report(data, ds, loadTime) {
  const start = performance.now();
  const mean = (negative) => data.datasetStats(data.toFloatDataset(ds, { negative }).x).mean.toFixed(4);
  const [positive, negative] = [mean(false), mean(true)];
  const perClass = data.classCounts(ds.labels, ds.numClasses).map((n, c) => `${c}:${n}`).join(' ');
  console.log(`${ds.name}: ${ds.count} images of ${ds.rows}x${ds.cols}, ${ds.numClasses} classes`);
  console.log(`  per class   ${perClass}`);
  console.log(`  mean pixel  positive ${positive}, negative ${negative}`);
  console.log(`  time        read+parse ${loadTime}, to float+stats (both) ${ms(start)}`);
}

// Resumable: a second `npm run demo` skips the finished runs and just lists them.
async function quickGrid() {
  const cli = fileURLToPath(new URL('../apps/trainer/dist/cli.js', import.meta.url));
  const results = fileURLToPath(new URL('../results/', import.meta.url));
  // Ctrl-C reaches the CLI too: it checkpoints and exits 130; wait for it instead of dying first.
  process.on('SIGINT', () => {});
  for (const args of [['grid', 'quick', '--out', results], ['ls', `${results}quick`]]) {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)));
    if (code !== 0) return code;
  }
  return 0;
}

async function main() {
  const { values } = parseArgs({ options: { images: { type: 'string' }, labels: { type: 'string' } } });
  if ((values.images === undefined) !== (values.labels === undefined)) {
    throw Object.assign(new Error('arguments: expected both --images <path> and --labels <path>, or neither'), { user: true });
  }
  if (values.images === undefined) {
    process.exitCode = await quickGrid();
    return;
  }
  const data = await importData();
  const loads = [() => data.loadIdxDataset({ images: values.images, labels: values.labels })];
  for (const load of loads) {
    const start = performance.now();
    const ds = await load();
    report(data, ds, ms(start));
  }
}

main().catch((error) => {
  // Bad input (not IDX, truncated, lying about its size, unreadable, bad flags): one line, no stack.
  const user = error?.user === true || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
    ['IdxFormatError', 'DatasetError'].includes(error?.name);
  if (!user) throw error;
  console.error(`demo: ${String(error.message).replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = USER_ERROR;
});
