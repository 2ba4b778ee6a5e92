#!/usr/bin/env bash
# Wall time of one grid as one process with 2 worker threads vs a 2-task Slurm array (1 worker each),
# on a throw-away one-node cluster (slurm-local.sh; root, Debian's slurm-wlm and munge).
#
#   bash apps/trainer/scripts/slurm-bench.sh [grid flags]     # default: seed --epochs 1 --backend wasm
#
# Needs the built CLI (apps/trainer/dist); BENCH_ORDER=array-first swaps the order. Prints both wall times; sharding should cost nothing
# measurable beyond Slurm's scheduling and the second Node start-up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../dist/cli.cjs"
[[ -f $cli ]] || { echo "slurm-bench: build the CLI first (node scripts/pnpm.mjs turbo run build)" >&2; exit 1; }
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(seed --epochs 1 --backend wasm)
work=$(mktemp -d "${TMPDIR:-/tmp}/negmnist-slurm-bench.XXXXXX")
trap 'bash "$here/slurm-local.sh" stop "$work/cluster"' EXIT
cd "$work"
eval "$(bash "$here/slurm-local.sh" start "$work/cluster")"

one_process() {
  local start=$(date +%s%N)
  node "$cli" grid "${args[@]}" --workers 2 --out "$work/one" --quiet
  one=$((($(date +%s%N) - start) / 1000000))
}

slurm_array() {
  local start=$(date +%s%N) job
  job=$(node "$cli" slurm "${args[@]}" --shards 2 --cpus-per-task 1 --out "$work/array" --quiet --submit | sed -n 's/^submitted job \([0-9]*\):.*/\1/p')
  while [[ -n $(squeue -h -j "$job") ]]; do sleep 0.2; done
  array=$((($(date +%s%N) - start) / 1000000))
  scontrol -o show job "$job" | grep -o 'ArrayTaskId=[0-9]* JobState=[A-Z]*' || true
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
# BENCH_ORDER=array-first runs the array first, to see how much a changing machine load matters.
if [[ ${BENCH_ORDER:-} == array-first ]]; then slurm_array; one_process; else one_process; slurm_array; fi

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$cli" ls "$work/array" | tail -n +2 | awk '{print $2}' | sort | uniq -c
echo "grid ${args[*]}: one process, 2 workers: $one ms; Slurm array, 2 tasks x 1 worker: $array ms"
