#!/usr/bin/env node
// Loading MNIST's train images (47 MB) with the built package, against numpy in the same invocation.
// Usage: pnpm --filter @negmnist/data build && node bench/read-parse.mjs [runs=7] [python=/usr/bin/python3]
// Prints wall and CPU time (CPU time is steadier on a busy machine).
// Ours: read + parse (readIdx: the u8 pixels stay a view of the file's bytes), then toFloatDataset,
// which makes the float features only when `x` is first read. `negmnist train` on onnx-cpu stops there
// before step 1: the step graph gathers each batch's bytes and maps them to floats inside ONNX Runtime
// (that per-batch cost is part of the training time). Reading `x` (what the tfjs engine does) scales
// all 47 M pixels into a new Float32Array; "scale (reused array)" is the same loop without the kernel
// faulting in 188 MB of fresh 4 KiB pages (numpy asks for transparent huge pages, which 'madvise' grants).
// numpy: read, then np.frombuffer (a u8 view, the equivalent of ours before step 1), then
// .astype(np.float32) / 255 (the float copy, what the reference measures).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toFloatDataset } from '../dist/index.js';
import { mnistDataDir, readIdx } from '../dist/node.js';

const runs = Number(process.argv[2] ?? 7);
const python = process.argv[3] ?? '/usr/bin/python3';
const file = `${mnistDataDir()}/train-images-idx3-ubyte`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
}

const sum = (...ts) => ({ wall: ts.reduce((a, t) => a + t.wall, 0), cpu: ts.reduce((a, t) => a + t.cpu, 0) });

async function measureOurs() {
  const phases = {
    'read + parse': [],
    'toFloatDataset (x not read)': [],
    'read x: scale (new array)': [],
    'scale (reused array)': [],
    'total before step 1, onnx-cpu': [],
    'total with x (tfjs engines)': [],
  };
  let reused;
  for (let run = 0; run < runs; run++) {
    const read = await timed(() => readIdx(file));
    const [count, rows, cols] = read.value.shape;
    const images = { name: 'mnist-train', images: read.value.data, labels: new Uint8Array(count), count, rows, cols, numClasses: 10 };
    const dataset = await timed(() => toFloatDataset(images));
    const scale = await timed(() => dataset.value.x);
    if (scale.value.length !== 47040000) throw new Error(`expected 47040000 floats, received ${scale.value.length}`);
    reused ??= new Float32Array(scale.value.length).fill(1);
    const table = dataset.value.pixelValues;
    const pixels = images.images;
    const loop = await timed(() => {
      for (let i = 0; i < pixels.length; i++) reused[i] = table[pixels[i]];
    });
    // Keep only the times: holding the arrays of every run would measure the garbage collector.
    phases['read + parse'].push(read);
    phases['toFloatDataset (x not read)'].push(dataset);
    phases['read x: scale (new array)'].push(scale);
    phases['scale (reused array)'].push(loop);
    phases['total before step 1, onnx-cpu'].push(sum(read, dataset));
    phases['total with x (tfjs engines)'].push(sum(read, dataset, scale));
  }
  return Object.fromEntries(Object.entries(phases).map(([name, xs]) => [name, { wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) }]));
}

const NUMPY = `
import json, sys, time
import numpy as np
def timed(fn):
    c, t = time.process_time(), time.perf_counter()
    v = fn()
    return v, {"wall": 1000 * (time.perf_counter() - t), "cpu": 1000 * (time.process_time() - c)}
def read():
    with open(sys.argv[1], "rb") as f:
        return f.read()
phases = {"read": [], "frombuffer (u8 view)": [], "frombuffer.astype(float32) / 255": [], "total u8 (read + frombuffer)": [], "total float (read + astype / 255)": []}
add = lambda *ts: {"wall": sum(t["wall"] for t in ts), "cpu": sum(t["cpu"] for t in ts)}
for _ in range(int(sys.argv[2])):
    data, r = timed(read)
    u8, v = timed(lambda: np.frombuffer(data, dtype=np.uint8, offset=16))
    x, s = timed(lambda: np.frombuffer(data, dtype=np.uint8, offset=16).astype(np.float32) / 255)
    assert u8.size == 47040000 and x.size == 47040000
    del x
    phases["read"].append(r); phases["frombuffer (u8 view)"].append(v); phases["frombuffer.astype(float32) / 255"].append(s)
    phases["total u8 (read + frombuffer)"].append(add(r, v)); phases["total float (read + astype / 255)"].append(add(r, s))
med = lambda xs: sorted(xs)[len(xs) // 2]
print(json.dumps({"numpy": np.__version__, "phases": {k: {"wall": med([x["wall"] for x in v]), "cpu": med([x["cpu"] for x in v])} for k, v in phases.items()}}))
`;

function measureNumpy() {
  const run = spawnSync(python, ['-c', NUMPY, file, String(runs)], { encoding: 'utf8' });
  if (run.status !== 0) return { skipped: `${python} with numpy failed: ${(run.stderr || String(run.error)).trim().split('\n').at(-1)}` };
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const fmt = ({ wall, cpu }) => `${wall.toFixed(1).padStart(7)} ms wall ${cpu.toFixed(1).padStart(7)} ms CPU`;
const ours = await measureOurs();
const numpy = measureNumpy();
console.log(`read-parse: ${file}`);
console.log(`medians of ${runs} runs; node ${process.version}; transparent huge pages: ${thpMode()}`);
console.log('negmnist (@negmnist/data readIdx + toFloatDataset):');
for (const [name, m] of Object.entries(ours)) console.log(`  ${name.padEnd(34)} ${fmt(m)}`);
if ('skipped' in numpy) console.log(`numpy: skipped: ${numpy.skipped}`);
else {
  console.log(`numpy ${numpy.numpy}:`);
  for (const [name, m] of Object.entries(numpy.phases)) console.log(`  ${name.padEnd(34)} ${fmt(m)}`);
  const ratio = (a, b, key) => (ours[a][key] / numpy.phases[b][key]).toFixed(2);
  for (const [a, b] of [
    ['total before step 1, onnx-cpu', 'total float (read + astype / 255)'],
    ['total before step 1, onnx-cpu', 'total u8 (read + frombuffer)'],
    ['total with x (tfjs engines)', 'total float (read + astype / 255)'],
  ]) {
    console.log(`${a} / numpy ${b}: ${ratio(a, b, 'wall')}x wall, ${ratio(a, b, 'cpu')}x CPU (below 1: ours faster)`);
  }
}

function thpMode() {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').match(/\[(\w+)\]/)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
