#!/usr/bin/env node
// The main job: the `quick` grid (positive/negative x relu/sigmoid hidden x output relu/none, 2 epochs, 1 seed) on real
// MNIST with the built `negmnist` CLI and the fastest backend present, the table of its runs, then the
// results site built from them and served on localhost (--no-site stops after the table; --port N).
// With --images/--labels it instead loads that IDX pair with the built @negmnist/data and prints
// counts, per-class counts and mean pixels of positive and negative images.
// Usage: node scripts/demo.mjs [--no-site] [--port N] | [--images <path> --labels <path>]
import { spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
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

const run = (cmd, args, env = {}) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (status) => resolve(status ?? 1));
  });

// Train the quick grid (resumable: a second `npm run demo` skips finished runs), build the site from
// its results, serve it and print the URL until Ctrl-C.
async function quickGrid(options) {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const cli = `${root}apps/trainer/dist/cli.cjs`;
  const results = `${root}results/`;
  // Ctrl-C reaches the children too: the CLI checkpoints and exits 130; wait for it instead of dying first.
  process.on('SIGINT', () => {});
  for (const args of [['grid', 'quick', '--out', results], ['ls', `${results}quick`]]) {
    const code = await run(process.execPath, [cli, ...args]);
    if (code !== 0) return code;
  }
  if (options.noSite) return 0;
  // The answer is the committed explanation (hundreds of multi-seed runs, experiments/explain): the site
  // leads with it, and the quick grid's runs follow as what this machine just trained.
  const explanation = `${root}experiments/explain/explanation/explanation.json`;
  await mkdir(`${results}explanation`, { recursive: true });
  await copyFile(explanation, `${results}explanation/explanation.json`);
  console.log(`\nBuilding the results site from ${results} (with the committed explanation record, experiments/explain) ...`);
  const pnpm = [`${root}scripts/pnpm.mjs`, '--filter', '@negmnist/site', 'build'];
  const built = await run(process.execPath, pnpm, { RESULTS_DIR: results, NEXT_TELEMETRY_DISABLED: '1' });
  if (built !== 0) return built;
  // serve.mjs prints the URL and runs until Ctrl-C.
  const served = await run(process.execPath, [`${root}apps/site/scripts/serve.mjs`, `${root}apps/site/out`, '--port', options.port]);
  return served === 130 ? 0 : served;
}

async function main() {
  const { values } = parseArgs({
    options: {
      images: { type: 'string' },
      labels: { type: 'string' },
      'no-site': { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
    },
  });
  if ((values.images === undefined) !== (values.labels === undefined)) {
    throw Object.assign(new Error('arguments: expected both --images <path> and --labels <path>, or neither'), { user: true });
  }
  if (values.images === undefined) {
    process.exitCode = await quickGrid({ noSite: values['no-site'], port: values.port });
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
