#!/usr/bin/env bash
# Pack smoke test: what `npm install @negmnist/<name>` gives a user must work outside the workspace.
# For each package: build, `pnpm pack` (rewrites workspace:/catalog: versions), install the tarball with
# plain npm into a scratch project in a temp dir, then import (ESM .mjs) and require (CJS .cjs) every
# subpath of its `exports`, then run the package's own checks. Add a package with one `smoke_package` line;
# npm packages the project installs itself (a peer dependency such as @tensorflow/tfjs) follow the check.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/negmnist-pack-smoke.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

pnpm_() { node "$root/scripts/pnpm.mjs" "$@"; }

# workspace_deps <package dir>: repo-relative dirs of its @negmnist/* dependencies, transitively.
workspace_deps() {
  node - "$root" "$1" <<'JS'
const { readFileSync, readdirSync } = require('node:fs');
const [root, start] = process.argv.slice(2);
const dirs = {};
for (const group of ['packages', 'apps']) for (const d of readdirSync(`${root}/${group}`)) {
  try { dirs[JSON.parse(readFileSync(`${root}/${group}/${d}/package.json`, 'utf8')).name] = `${group}/${d}`; } catch {}
}
const seen = new Set();
// Dependencies, and the start package's peers too (an optional peer such as the data package behind
// @negmnist/results/testing must be installable from a tarball like the rest).
const visit = (dir, withPeers = false) => {
  const pkg = JSON.parse(readFileSync(`${root}/${dir}/package.json`, 'utf8'));
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...(withPeers ? pkg.peerDependencies : {}) };
  for (const name of Object.keys(deps)) if (dirs[name] && !seen.has(dirs[name])) { seen.add(dirs[name]); visit(dirs[name]); }
};
visit(start.slice(root.length + 1), true);
console.log([...seen].join(' '));
JS
}

# catalog_version <name>: the version pnpm-workspace.yaml's catalog pins (the one home of shared versions).
catalog_version() {
  node -e "const m = require('fs').readFileSync(process.argv[1], 'utf8').match(new RegExp('^  .?' + process.argv[2].replace(/[/.]/g, '\\$&') + '.?: (.+)$', 'm')); if (!m) process.exit(1); console.log(m[1])" \
    "$root/pnpm-workspace.yaml" "$1"
}

# smoke_package <package dir, relative to the repo root> [check function, called in the project dir] [npm specs...]
smoke_package() {
  local rel=$1 dir="$root/$1" check="${2:-}" name project
  shift $(( $# < 2 ? $# : 2 ))
  name=$(node -p 'require(process.argv[1]).name' "$dir/package.json")
  project="$scratch/${name//[@\/]/_}"
  echo "pack-smoke: $name"
  pnpm_ turbo run build --filter="$name" --output-logs=errors-only >/dev/null
  mkdir -p "$project"
  # The package and its workspace dependencies (unpublished here) are installed from tarballs together.
  local tarballs=() dep
  for dep in "$rel" $(workspace_deps "$dir"); do
    pnpm_ -C "$root/$dep" pack --out "$project/$(basename "$dep").tgz" >/dev/null
    tarballs+=("./$(basename "$dep").tgz")
  done
  echo '{ "name": "pack-smoke", "private": true }' > "$project/package.json"
  (cd "$project" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "${tarballs[@]}" "$@" >/dev/null)
  # Optional peers (jsdom for viz/node): the main entry must load without them, then they are installed.
  local peers
  peers=$(node -p 'const p = require(process.argv[1]); Object.keys(p.peerDependenciesMeta ?? {}).filter((n) => !n.startsWith("@negmnist/")).map((n) => `${n}@${p.peerDependencies[n]}`).join(" ")' "$project/node_modules/$name/package.json")
  if [ -n "$peers" ]; then
    (cd "$project" && node --input-type=module -e "await import('$name')")
    (cd "$project" && npm install --no-audit --no-fund --no-package-lock --loglevel=error $peers "${tarballs[@]}" >/dev/null)
  fi

  # Every subpath of `exports` (but ./package.json) must load from ESM and CJS and export something.
  node - "$dir/package.json" "$project" <<'JS'
const { writeFileSync } = require('node:fs');
const [pkgFile, project] = process.argv.slice(2);
const { name, exports } = require(pkgFile);
const subpaths = Object.keys(exports ?? {}).filter((k) => k !== './package.json');
const list = JSON.stringify(subpaths.map((k) => name + k.slice(1)));
// ESM-only subpaths (no `require` condition, e.g. a vitest suite: vitest refuses require()) are loaded from ESM only
const cjsList = JSON.stringify(subpaths.filter((k) => exports[k].require !== undefined).map((k) => name + k.slice(1)));
writeFileSync(`${project}/exports.mjs`, `for (const s of ${list}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s + ': no ESM exports'); }\n`);
writeFileSync(`${project}/exports.cjs`, `for (const s of ${cjsList}) { const m = require(s); if (Object.keys(m).length === 0) throw new Error(s + ': no CJS exports'); }\n`);
JS
  (cd "$project" && node exports.mjs && node exports.cjs)
  if [ -n "$check" ]; then (cd "$project" && "$check"); fi
  echo "pack-smoke: $name ok"
}

check_data() {
  cat > data.mjs <<'JS'
import { IdxFormatError, parseIdx } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
const test = await loadMnist({ split: 'test' });
if (test.count !== 10000) throw new Error(`ESM loadMnist test: expected 10000 images, received ${test.count}`);
try { parseIdx(new Uint8Array([1, 2, 3, 4])); throw new Error('ESM parseIdx accepted garbage'); }
catch (e) { if (!(e instanceof IdxFormatError)) throw e; }
JS
  cat > data.cjs <<'JS'
const { IdxFormatError } = require('@negmnist/data');
const { loadMnist, readIdx } = require('@negmnist/data/node');
(async () => {
  const test = await loadMnist({ split: 'test' });
  if (test.count !== 10000) throw new Error(`CJS loadMnist test: expected 10000 images, received ${test.count}`);
  // Errors thrown by node.cjs must be instances of index.cjs's class (separate CJS bundles).
  const error = await readIdx(__filename).catch((e) => e);
  if (!(error instanceof IdxFormatError)) throw new Error(`CJS: expected an IdxFormatError, received ${error}`);
})().catch((e) => { console.error(e); process.exit(1); });
JS
  node data.mjs && node data.cjs
}

check_results() {
  cat > results.cjs <<'JS'
const { ResultsSchemaError } = require('@negmnist/results');
const { runSummary } = require('@negmnist/results/aggregate');
const { listRuns, writeRecord } = require('@negmnist/results/store');
const { syntheticRecords } = require('@negmnist/results/testing');
const { mkdtempSync, writeFileSync, mkdirSync } = require('node:fs');
(async () => {
  const dir = mkdtempSync('results-');
  const [record] = syntheticRecords({ seed: 1, seedsPerConfig: 1, epochs: 1 });
  await writeRecord(dir, record);
  const runs = await listRuns(dir);
  if (runs.length !== 1) throw new Error(`CJS listRuns: expected 1 run, received ${runs.length}`);
  if (typeof runSummary(record).finalValAccuracy !== 'number') throw new Error('CJS runSummary: no final accuracy');
  mkdirSync(`${dir}/x/bad`, { recursive: true });
  writeFileSync(`${dir}/x/bad/record.json`, '{"schemaVersion": 99}');
  // Thrown from store.cjs, it must be an instance of index.cjs's class (separate CJS bundles).
  const error = await listRuns(dir).catch((e) => e);
  if (!(error instanceof ResultsSchemaError)) throw new Error(`CJS: expected a ResultsSchemaError, received ${error}`);
})().catch((e) => { console.error(e); process.exit(1); });
JS
  node results.cjs
}

check_viz() {
  # The browser bundle must not pull jsdom in (it is an optional peer of the ./node entry only).
  if grep -qE "(from|import|require)[[:space:]]*\(?[[:space:]]*['\"]jsdom['\"]" node_modules/@negmnist/viz/dist/index.js; then echo 'viz: dist/index.js imports jsdom' >&2; return 1; fi
  cp "$root/apps/site/sample-results/explain/pos-relu-out-relu-s0/record.json" record.json
  cat > viz.mjs <<'JS'
import { readFileSync } from 'node:fs';
import { parseRunRecordText } from '@negmnist/results';
import { learningCurves } from '@negmnist/viz';
import { renderSvg } from '@negmnist/viz/node';
const record = parseRunRecordText(readFileSync('record.json', 'utf8'), 'record.json');
const svg = renderSvg(learningCurves([record]));
if (!svg.startsWith('<svg') || !svg.includes('<path')) throw new Error('ESM renderSvg: no chart');
JS
  node viz.mjs
}

check_core() {
  node --input-type=module -e "
    const { resolveRunConfig, runConfigSchema } = await import('@negmnist/core');
    const config = runConfigSchema.parse({ dataset: 'mnist', negative: true, layers: [784, 200, 100, 10], hidden: 'relu', output: 'relu', init: 'torch', lr: 0.1, batchSize: 64, epochs: 20, evalEvery: 100, seed: 0, probeSize: 1000 });
    const r = resolveRunConfig(config);
    if (r.input !== 'unit' || r.evalSchedule !== 'global' || r.evalFinal !== true) throw new Error('core: resolveRunConfig defaults: ' + JSON.stringify(r));"
}

check_train() {
  # The loop carries no engine: no TensorFlow.js dependency of any kind (engines are packages of their own).
  node -e "const p = require('@negmnist/train/package.json');
    for (const k of ['dependencies', 'peerDependencies']) if (p[k]?.['@tensorflow/tfjs']) throw new Error('train: expected no @tensorflow/tfjs in ' + k);"
}

check_engine_tfjs() {
  # The app owns tfjs (a peer dependency of models and engine-tfjs): one copy, so the backend the app sets
  # (wasm, not tfjs's default cpu) is the one the engine runs on; tf.profile of the app's tfjs sees its kernels.
  local copies
  node -e "for (const n of ['models', 'engine-tfjs']) { const p = require('@negmnist/' + n + '/package.json');
    if (!p.peerDependencies?.['@tensorflow/tfjs'] || p.dependencies?.['@tensorflow/tfjs']) throw new Error(n + ': expected @tensorflow/tfjs as a peer dependency only'); }"
  copies=$(find node_modules -path '*/@tensorflow/tfjs/package.json' | wc -l)
  [ "$copies" = 1 ] || { echo "pack-smoke: expected 1 copy of @tensorflow/tfjs, found $copies"; return 1; }
  cat > train.mjs <<'JS'
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toFloatDataset } from '@negmnist/data';
import { loadMnist } from '@negmnist/data/node';
import { tfjsEngine } from '@negmnist/engine-tfjs';
import { createMlp } from '@negmnist/models';
import { train } from '@negmnist/train';

await tf.setBackend('wasm');
const test = await loadMnist({ split: 'test' });
const n = 64;
const pixels = n * test.rows * test.cols;
const batch = toFloatDataset({ ...test, name: 'first-64', count: n, images: test.images.subarray(0, pixels), labels: test.labels.subarray(0, n) });
const model = createMlp({ layerSizes: [784, 16, 10], seed: 0 });
let result;
const profile = await tf.profile(async () => {
  result = await train(model, { train: batch, validation: batch }, { epochs: 1, batchSize: n, evalEvery: 1, engine: tfjsEngine });
});
const record = { backend: tf.getBackend(), steps: result.step, kernels: profile.kernels.length, valAccuracy: result.evaluations.at(-1).valAccuracy };
console.log(`pack-smoke: train ${JSON.stringify(record)}`);
if (record.backend !== 'wasm' || record.steps !== 1 || record.kernels === 0) {
  throw new Error(`ESM train: expected 1 step on the app's wasm backend with its kernels on the app's engine, received ${JSON.stringify(record)}`);
}
JS
  node train.mjs
}

check_engine_onnx() {
  node --input-type=module -e "
    const { checkProvider } = await import('@negmnist/engine-onnx');
    const cpu = await checkProvider('cpu');
    if (!cpu.available) throw new Error('engine-onnx: the cpu provider is not available: ' + JSON.stringify(cpu));"
}

check_engine_webgpu() {
  # No TensorFlow.js or ONNX Runtime inside; Dawn (the webgpu package) is the app's optional peer. Where
  # Dawn finds an adapter (CI installs lavapipe), the packed engine opens a device and names it.
  node -e "const p = require('@negmnist/engine-webgpu/package.json');
    for (const k of ['dependencies', 'peerDependencies']) for (const d of ['@tensorflow/tfjs', 'onnxruntime-node']) if (p[k]?.[d]) throw new Error('engine-webgpu: expected no ' + d + ' in ' + k);"
  node --input-type=module -e "
    const { gpuAvailable, webgpuEngine } = await import('@negmnist/engine-webgpu');
    const gpu = await gpuAvailable();
    if (gpu.available) { const engine = webgpuEngine(); console.log('pack-smoke: engine-webgpu on ' + await engine.adapter()); await engine.destroy(); }
    else console.log('pack-smoke: engine-webgpu: no WebGPU adapter here (' + JSON.stringify(gpu) + ')');
    process.exit(0);"
}

check_trainer() {
  # The CLI as a user gets it: help, then one quick epoch of a small network on real MNIST, on tfjs wasm
  # and on ONNX Runtime (its optional engine, installed offline with ONNXRUNTIME_NODE_INSTALL=skip).
  npx --no-install negmnist --help >/dev/null
  npx --no-install negmnist train --backend wasm --epochs 1 --layers 784,16,10 --batch 600 --eval-every 50 \
    --out smoke-results --quiet
  npx --no-install negmnist ls smoke-results | grep -q done
  npx --no-install negmnist train --backend onnx-cpu --epochs 1 --layers 784,16,10 --batch 600 --eval-every 50 \
    --out smoke-onnx --quiet
  npx --no-install negmnist ls smoke-onnx | grep -q done
  # the WGSL engine where Dawn has an adapter (lavapipe in CI): explicit --backend webgpu accepts a CPU one
  if node -e "import('@negmnist/engine-webgpu').then(async (m) => process.exit((await m.gpuAvailable()).available ? 0 : 1))" 2>/dev/null; then
    npx --no-install negmnist train --backend webgpu --epochs 1 --layers 784,16,10 --batch 600 --eval-every 50 \
      --out smoke-webgpu --quiet
    npx --no-install negmnist ls smoke-webgpu | grep -q 'done.*webgpu'
  fi
}

smoke_package packages/core check_core
smoke_package packages/data check_data
smoke_package packages/results check_results
smoke_package packages/viz check_viz
tfjs="@tensorflow/tfjs@$(catalog_version @tensorflow/tfjs)"
wasm="@tensorflow/tfjs-backend-wasm@$(catalog_version @tensorflow/tfjs-backend-wasm)"
smoke_package packages/models '' "$tfjs"
smoke_package packages/train check_train
smoke_package packages/engine-tfjs check_engine_tfjs "$tfjs" "$wasm"
# onnxruntime-node's install script fetches CUDA binaries from the network; its CPU binaries are in the tarball.
export ONNXRUNTIME_NODE_INSTALL=skip
smoke_package packages/engine-onnx check_engine_onnx
smoke_package packages/engine-webgpu check_engine_webgpu "webgpu@$(node -p 'require(process.argv[1]).dependencies.webgpu' "$root/apps/trainer/package.json")"
smoke_package apps/trainer check_trainer
echo "pack-smoke: all packages ok"
