#!/usr/bin/env node
// The main job until the trainer lands: load MNIST (or any IDX pair) with the built @negmnist/data
// and print counts, per-class counts and mean pixels of positive and negative images.
// Usage: node scripts/demo.mjs [--images <path> --labels <path>]
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

async function main() {
  const { values } = parseArgs({ options: { images: { type: 'string' }, labels: { type: 'string' } } });
  if ((values.images === undefined) !== (values.labels === undefined)) {
    throw Object.assign(new Error('arguments: expected both --images <path> and --labels <path>, or neither'), { user: true });
  }
  const data = await importData();
  const loads =
    values.images === undefined
      ? [() => data.loadMnist({ split: 'train' }), () => data.loadMnist({ split: 'test' })]
      : [() => data.loadIdxDataset({ images: values.images, labels: values.labels })];
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
