#!/usr/bin/env node
// Read + parse + scale of MNIST's train images (47 MB) with the built package, against numpy doing
// np.frombuffer(data, np.uint8, offset=16).astype(np.float32) / 255 in the same invocation.
// Usage: pnpm --filter @negmnist/data build && node bench/read-parse.mjs [runs=7] [python=/usr/bin/python3]
// Prints wall and CPU time (CPU time is steadier on a busy machine). Phases of ours: read + parse
// (readIdx), scale into a new Float32Array (toUnit, what loading does), and scale into a reused
// array (the loop alone, without the kernel faulting in 188 MB of fresh 4 KiB pages; numpy asks the
// kernel for transparent huge pages for its large arrays, which the 'madvise' setting grants).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toUnit } from '../dist/index.js';
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

async function measureOurs() {
  const phases = { 'read + parse': [], 'scale (new array)': [], 'scale (reused array)': [], total: [] };
  let reused;
  for (let run = 0; run < runs; run++) {
    const read = await timed(() => readIdx(file));
    const scale = await timed(() => toUnit(read.value.data));
    if (scale.value.length !== 47040000) throw new Error(`expected 47040000 floats, received ${scale.value.length}`);
    reused ??= new Float32Array(scale.value.length).fill(1);
    const loop = await timed(() => toUnit(read.value.data, reused));
    // Keep only the times: holding the arrays of every run would measure the garbage collector.
    phases['read + parse'].push({ wall: read.wall, cpu: read.cpu });
    phases['scale (new array)'].push({ wall: scale.wall, cpu: scale.cpu });
    phases['scale (reused array)'].push({ wall: loop.wall, cpu: loop.cpu });
    phases.total.push({ wall: read.wall + scale.wall, cpu: read.cpu + scale.cpu });
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
phases = {"read": [], "frombuffer.astype(float32) / 255": [], "total": []}
for _ in range(int(sys.argv[2])):
    data, r = timed(read)
    x, s = timed(lambda: np.frombuffer(data, dtype=np.uint8, offset=16).astype(np.float32) / 255)
    assert x.size == 47040000
    del x
    phases["read"].append(r); phases["frombuffer.astype(float32) / 255"].append(s)
    phases["total"].append({"wall": r["wall"] + s["wall"], "cpu": r["cpu"] + s["cpu"]})
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
console.log('negmnist (@negmnist/data readIdx + toUnit):');
for (const [name, m] of Object.entries(ours)) console.log(`  ${name.padEnd(34)} ${fmt(m)}`);
if ('skipped' in numpy) console.log(`numpy: skipped: ${numpy.skipped}`);
else {
  console.log(`numpy ${numpy.numpy}:`);
  for (const [name, m] of Object.entries(numpy.phases)) console.log(`  ${name.padEnd(34)} ${fmt(m)}`);
  const ratio = (key) => (ours.total[key] / numpy.phases.total[key]).toFixed(2);
  console.log(`total negmnist / numpy: ${ratio('wall')}x wall, ${ratio('cpu')}x CPU (below 1: ours faster)`);
}

function thpMode() {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').match(/\[(\w+)\]/)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
