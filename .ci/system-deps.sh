#!/usr/bin/env bash
# System packages the test suites use: Chromium (browser tests), Mesa 25 lavapipe (WebGPU on CPU),
# python3-torch (the PyTorch peer for benchmarks), Fashion-MNIST IDX files (a second real dataset).
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
mesa_ok=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -c '^25' || true)
if [ ${#need[@]} -eq 0 ] && [ "$mesa_ok" = 1 ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/negmnist-backports.list
apt-get update -q
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -q "${need[@]}"; fi
if [ "$mesa_ok" != 1 ]; then apt-get install -y -q -t bookworm-backports mesa-vulkan-drivers libvulkan1; fi
