#!/usr/bin/env bash
# Pack smoke test: what `npm install @negmnist/<name>` gives a user must work outside the workspace.
# For each package: build, `pnpm pack` (rewrites workspace:/catalog: versions), install the tarball with
# plain npm into a scratch project in a temp dir, then import (ESM .mjs) and require (CJS .cjs) every
# subpath of its `exports`, then run the package's own checks. Add a package with one `smoke_package` line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/negmnist-pack-smoke.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

pnpm_() { node "$root/scripts/pnpm.mjs" "$@"; }

# smoke_package <package dir, relative to the repo root> [check function, called with the project dir]
smoke_package() {
  local dir="$root/$1" check="${2:-}" name project
  name=$(node -p 'require(process.argv[1]).name' "$dir/package.json")
  project="$scratch/${name//[@\/]/_}"
  echo "pack-smoke: $name"
  pnpm_ turbo run build --filter="$name" --output-logs=errors-only >/dev/null
  mkdir -p "$project"
  pnpm_ -C "$dir" pack --out "$project/package.tgz" >/dev/null
  echo '{ "name": "pack-smoke", "private": true }' > "$project/package.json"
  (cd "$project" && npm install --no-audit --no-fund --no-package-lock --loglevel=error ./package.tgz >/dev/null)

  # Every subpath of `exports` (but ./package.json) must load from ESM and CJS and export something.
  node - "$dir/package.json" "$project" <<'JS'
const { writeFileSync } = require('node:fs');
const [pkgFile, project] = process.argv.slice(2);
const { name, exports } = require(pkgFile);
const specs = Object.keys(exports).filter((k) => k !== './package.json').map((k) => name + k.slice(1));
const list = JSON.stringify(specs);
writeFileSync(`${project}/exports.mjs`, `for (const s of ${list}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s + ': no ESM exports'); }\n`);
writeFileSync(`${project}/exports.cjs`, `for (const s of ${list}) { const m = require(s); if (Object.keys(m).length === 0) throw new Error(s + ': no CJS exports'); }\n`);
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

smoke_package packages/data check_data
echo "pack-smoke: all packages ok"
