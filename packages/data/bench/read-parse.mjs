#!/usr/bin/env node
// Times read + parse + float conversion of MNIST's train images (47 MB) with the built package.
// Usage: pnpm --filter @negmnist/data build && node bench/read-parse.mjs [runs=9]
import { toUnit } from '../dist/index.js';
import { mnistDataDir, readIdx } from '../dist/node.js';

const runs = Number(process.argv[2] ?? 9);
const file = `${mnistDataDir()}/train-images-idx3-ubyte`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const phases = { read: [], convert: [], total: [] };
for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  const images = await readIdx(file);
  const t1 = performance.now();
  const x = toUnit(images.data);
  const t2 = performance.now();
  if (x.length !== 47040000) throw new Error(`expected 47040000 floats, received ${x.length}`);
  phases.read.push(t1 - t0);
  phases.convert.push(t2 - t1);
  phases.total.push(t2 - t0);
}
const fmt = (xs) => `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
console.log(`read-parse: ${file}, ${runs} runs, node ${process.version}`);
console.log(`  read + parse     median ${fmt(phases.read)}`);
console.log(`  to float32 /255  median ${fmt(phases.convert)}`);
console.log(`  total            median ${fmt(phases.total)}`);
