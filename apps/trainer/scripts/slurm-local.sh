#!/usr/bin/env bash
# A throw-away one-node Slurm cluster on this machine, for tests and for trying `negmnist slurm`.
#
#   bash apps/trainer/scripts/slurm-local.sh start <dir>   # prints `export SLURM_CONF=<dir>/slurm.conf`
#   bash apps/trainer/scripts/slurm-local.sh stop <dir>
#
# Needs root and Debian's slurm-wlm + munge packages (`apt-get install slurm-wlm munge`). Everything
# lives in <dir> (created if absent): slurm.conf, state, spool, logs and pid files; a private munged
# socket lives in a /tmp folder of its own (the munge user must reach it). It neither touches nor
# needs a system-wide Slurm or munge. The munge key is
# /etc/munge/munge.key, made with `mungekey -c` when absent. Ports: the first free pair from 6817.
# `stop` ends only the daemons whose pid files are in <dir>.
set -euo pipefail

die() {
  echo "slurm-local: $*" >&2
  exit 1
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits up to $2 tenths of a second for the command in $1 to succeed.
wait_for() {
  local i
  for ((i = 0; i < $2; i++)); do
    if eval "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  return 1
}

start() {
  local dir=$1 node cpus memory port munge
  [[ $(id -u) -eq 0 ]] || die "start needs root (slurmd runs jobs as their user); run it with sudo"
  for cmd in munged mungekey slurmctld slurmd sinfo; do
    command -v "$cmd" >/dev/null || [[ -x /usr/sbin/$cmd ]] || die "$cmd not found: apt-get install slurm-wlm munge"
  done
  export PATH="$PATH:/usr/sbin"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ ! -e $dir/slurmctld.pid ]] || die "$dir already holds a cluster; stop it first: $0 stop $dir"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  # munged runs as the munge user, which must reach its socket: a folder of its own under /tmp.
  munge=$(mktemp -d /tmp/negmnist-munge.XXXXXX)
  echo "$munge" > "$dir/munge.dir"
  chown munge:munge "$munge"
  chmod 755 "$munge"
  [[ -s /etc/munge/munge.key ]] || runuser -u munge -- mungekey -c -k /etc/munge/munge.key
  runuser -u munge -- munged --socket="$munge/munge.socket" --pid-file="$munge/munged.pid" \
    --log-file="$munge/munged.log" --seed-file="$munge/munged.seed"
  wait_for "[[ -S '$munge/munge.socket' ]]" 50 || die "munged did not start; see $munge/munged.log"
  cp "$munge/munged.pid" "$dir/munged.pid"

  node=$(hostname -s)
  cpus=$(nproc)
  memory=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 9 / 10))
  port=6817
  while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done
  cat > "$dir/slurm.conf" <<EOF
ClusterName=negmnist-local
SlurmctldHost=$node
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$munge/munge.socket
CredType=cred/munge
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
KillWait=5
MinJobAge=60
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
NodeName=$node CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -f "$SLURM_CONF" || die "slurmctld did not start; see $dir/log/slurmctld.log"
  slurmd -f "$SLURM_CONF" || die "slurmd did not start; see $dir/log/slurmd.log"
  wait_for "sinfo -h -N -o %t | grep -Eq '^(idle|mix|alloc)'" 300 ||
    die "node $node did not become idle; see $dir/log/slurmctld.log and $dir/log/slurmd.log"
  echo "export SLURM_CONF=$SLURM_CONF"
}

stop() {
  local dir=$1 name pid
  # Cancel what still runs first, so no job step outlives its daemons.
  if [[ -f $dir/slurmctld.pid && -f $dir/slurm.conf ]]; then
    export SLURM_CONF=$dir/slurm.conf
    scancel --full --quiet "--user=$(id -un)" 2>/dev/null || true
    wait_for "[[ -z \$(squeue -h 2>/dev/null) ]]" 150 || true
  fi
  for name in slurmd slurmctld munged; do
    [[ -f $dir/$name.pid ]] || continue
    pid=$(cat "$dir/$name.pid")
    if [[ $pid =~ ^[0-9]+$ ]] && kill "$pid" 2>/dev/null; then
      wait_for "! kill -0 $pid" 100 || kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$name.pid"
  done
  if [[ -f $dir/munge.dir ]]; then
    rm -rf "$(cat "$dir/munge.dir")"
    rm -f "$dir/munge.dir"
  fi
}

[[ $# -eq 2 ]] || die "usage: $0 start|stop <dir>"
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) die "usage: $0 start|stop <dir>" ;;
esac
