#!/usr/bin/env node
// Loading MNIST's train images (47 MB) with the built package, against numpy in the same invocation.
// Usage: pnpm --filter @negmnist/data build && node bench/read-parse.mjs [runs=7] [python=/usr/bin/python3]
// Prints min and median wall time of `runs` repetitions of each step, ours then numpy's, and checks once
// that our float32 pixels are bit-identical to numpy's `astype(np.float32) / 255` (SHA-256 of the bytes).
// Ours: readIdx (read + parse: the u8 pixels stay a view of the file's bytes; what `negmnist train` on
// onnx-cpu does before step 1), then toFloatDataset(...).x (v / 255 into a new 188 MB Float32Array: what
// the tfjs engines read), then toUnit(pixels, out) into a reused array (the same loop on memory that is
// already mapped). numpy: read + frombuffer, astype(float32) / 255 with numpy's default transparent huge
// pages and without them (np.core.multiarray._set_madvise_hugepage(False): 4 KiB pages, as V8 gets), and
// np.divide into a reused array. The .gz rows read a gzip copy of the same file (written to the temp dir).
// Ours runs twice: in this process, and in a child with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, glibc's
// switch (2.35+) that asks for transparent huge pages for its large blocks as numpy does for its arrays
// (V8 has no such call): on a VM where a 4 KiB page fault is expensive this decides the fresh-array rows.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { toFloatDataset, toUnit } from '../dist/index.js';
import { mnistDataDir, readIdx } from '../dist/node.js';

const runs = Number(process.argv[2] ?? 7);
const python = process.argv[3] ?? '/usr/bin/python3';
// Internal: `--child GZFILE` measures ours only and prints JSON (the huge-page run).
const childGz = process.argv[4] === '--child' ? process.argv[5] : undefined;
const HUGE = 'glibc.malloc.hugetlb=1';
const file = `${mnistDataDir()}/train-images-idx3-ubyte`;
const dir = childGz === undefined ? mkdtempSync(join(tmpdir(), 'negmnist-bench-')) : undefined;
const gzFile = childGz ?? join(dir, 'train-images-idx3-ubyte.gz');
if (childGz === undefined) writeFileSync(gzFile, gzipSync(readFileSync(file), { level: 6 }));

const summary = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
};

async function time(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

async function measureOurs() {
  const phases = { 'read + parse (u8 view)': [], 'x = v / 255 (new array)': [], 'read + parse + x': [], 'toUnit into a reused array': [], 'read + parse .gz': [] };
  let reused;
  let sha256;
  for (let run = 0; run < runs; run++) {
    const read = await time(() => readIdx(file));
    const [count, rows, cols] = read.value.shape;
    const images = { name: 'mnist-train', images: read.value.data, labels: new Uint8Array(count), count, rows, cols, numClasses: 10 };
    const x = await time(() => toFloatDataset(images).x);
    sha256 ??= createHash('sha256').update(new Uint8Array(x.value.buffer, x.value.byteOffset, x.value.byteLength)).digest('hex');
    reused ??= new Float32Array(images.images.length).fill(1);
    const unit = await time(() => toUnit(images.images, reused));
    const gz = await time(() => readIdx(gzFile));
    if (gz.value.data.length !== images.images.length) throw new Error(`gzip copy: expected ${images.images.length} pixels, received ${gz.value.data.length}`);
    // Keep only the times: holding the arrays of every run would measure the garbage collector.
    phases['read + parse (u8 view)'].push(read.ms);
    phases['x = v / 255 (new array)'].push(x.ms);
    phases['read + parse + x'].push(read.ms + x.ms);
    phases['toUnit into a reused array'].push(unit.ms);
    phases['read + parse .gz'].push(gz.ms);
  }
  return { sha256, phases: Object.fromEntries(Object.entries(phases).map(([name, xs]) => [name, summary(xs)])) };
}

const NUMPY = `
import gzip, hashlib, json, sys, time
import numpy as np
from numpy.core.multiarray import _set_madvise_hugepage
def timed(fn):
    t = time.perf_counter()
    v = fn()
    return v, 1000 * (time.perf_counter() - t)
def read(path):
    with open(path, "rb") as f:
        return f.read()
phases = {k: [] for k in ["read + frombuffer (u8 view)", "astype(float32) / 255 (huge pages)", "read + frombuffer + astype / 255", "astype / 255 (4 KiB pages)", "np.divide into a reused array", "read .gz (gzip.decompress)"]}
reused = np.ones(47040000, np.float32)
sha256 = None
for _ in range(int(sys.argv[3])):
    data, r = timed(lambda: read(sys.argv[1]))
    u8 = np.frombuffer(data, dtype=np.uint8, offset=16)
    x, s = timed(lambda: u8.astype(np.float32) / 255)
    if sha256 is None:
        sha256 = hashlib.sha256(x.tobytes()).hexdigest()
    del x
    _set_madvise_hugepage(False)
    x, s4 = timed(lambda: u8.astype(np.float32) / 255)
    del x
    _set_madvise_hugepage(True)
    _, d = timed(lambda: np.divide(u8, np.float32(255), out=reused, dtype=np.float32))
    z, g = timed(lambda: np.frombuffer(gzip.decompress(read(sys.argv[2])), dtype=np.uint8, offset=16))
    assert u8.size == 47040000 and z.size == 47040000
    for k, v in zip(phases, [r, s, r + s, s4, d, g]):
        phases[k].append(v)
stats = lambda xs: {"min": min(xs), "median": sorted(xs)[len(xs) // 2]}
print(json.dumps({"numpy": np.__version__, "python": sys.version.split()[0], "sha256": sha256, "phases": {k: stats(v) for k, v in phases.items()}}))
`;

function measureOursHuge() {
  const env = { ...process.env, GLIBC_TUNABLES: HUGE };
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(runs), python, '--child', gzFile], { encoding: 'utf8', env });
  if (run.status !== 0) return { skipped: (run.stderr || String(run.error)).trim().split('\n').at(-1) };
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

function measureNumpy() {
  const run = spawnSync(python, ['-c', NUMPY, file, gzFile, String(runs)], { encoding: 'utf8' });
  if (run.status !== 0) return { skipped: `${python} with numpy failed: ${(run.stderr || String(run.error)).trim().split('\n').at(-1)}` };
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const fmt = ({ min, median }) => `min ${min.toFixed(1).padStart(7)} ms   median ${median.toFixed(1).padStart(7)} ms`;
const row = (name, m) => console.log(`  ${name.padEnd(36)} ${fmt(m)}`);
if (childGz !== undefined) console.log(JSON.stringify(await measureOurs()));
else try {
  const ours = await measureOurs();
  const huge = measureOursHuge();
  const numpy = measureNumpy();
  console.log(`read-parse: ${file} (and a gzip -6 copy)`);
  console.log(`${runs} runs; ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} CPUs; node ${process.version}; transparent huge pages: ${thpMode()}`);
  console.log('negmnist (@negmnist/data readIdx, toFloatDataset, toUnit):');
  for (const [name, m] of Object.entries(ours.phases)) row(name, m);
  if ('skipped' in huge) console.log(`negmnist with GLIBC_TUNABLES=${HUGE}: skipped: ${huge.skipped}`);
  else {
    console.log(`negmnist with GLIBC_TUNABLES=${HUGE} (glibc asks for huge pages, as numpy does):`);
    for (const [name, m] of Object.entries(huge.phases)) row(name, m);
  }
  if ('skipped' in numpy) console.log(`numpy: skipped: ${numpy.skipped}`);
  else {
    console.log(`numpy ${numpy.numpy} (python ${numpy.python}):`);
    for (const [name, m] of Object.entries(numpy.phases)) row(name, m);
    console.log(`float32 pixels bit-identical to numpy's astype(float32) / 255: ${ours.sha256 === numpy.sha256 ? 'yes' : `NO (${ours.sha256} vs ${numpy.sha256})`}`);
    const ratio = (a, b) => {
      const plain = `${(ours.phases[a].median / numpy.phases[b].median).toFixed(2)}x`;
      return 'skipped' in huge ? plain : `${plain} (with ${HUGE}: ${(huge.phases[a].median / numpy.phases[b].median).toFixed(2)}x)`;
    };
    for (const [a, b] of [
      ['read + parse (u8 view)', 'read + frombuffer (u8 view)'],
      ['read + parse + x', 'read + frombuffer + astype / 255'],
      ['x = v / 255 (new array)', 'astype(float32) / 255 (huge pages)'],
      ['x = v / 255 (new array)', 'astype / 255 (4 KiB pages)'],
      ['toUnit into a reused array', 'np.divide into a reused array'],
      ['read + parse .gz', 'read .gz (gzip.decompress)'],
    ]) {
      console.log(`ours ${a} / numpy ${b}: ${ratio(a, b)} (medians; below 1: ours faster)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function thpMode() {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').match(/\[(\w+)\]/)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

