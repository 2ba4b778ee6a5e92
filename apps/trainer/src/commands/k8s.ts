import pkg from '../../package.json' with { type: 'json' };
import { stringify } from 'yaml';
import { CLUSTER_FLAGS, clusterJob, commandWords, passedOnHelp } from '../cluster/job';
import { UsageError } from '../errors';
import { option, parseCommand, readText } from '../cli/flag-table';
import type { CommandHelp, Reader } from '../cli/flag-table';
import { gridRuns } from '../runs/grid-runs';
import { helpText } from '../cli/help';
import type { CommandContext } from './context';

/** A results directory inside the container: an absolute path. */
const readMountPath: Reader<string> = (raw, flag) => {
  if (!raw.startsWith('/')) throw new UsageError(`--${flag}: expected an absolute path inside the container such as /results, received ${JSON.stringify(raw)}`);
  return raw;
};

/** A Kubernetes object name: a DNS label. */
const readDnsLabel: Reader<string> = (raw, flag) => {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(raw)) throw new UsageError(`--${flag}: expected a DNS label (lowercase letters, digits, "-"), received ${JSON.stringify(raw)}`);
  return raw;
};

/** Flags of `negmnist k8s`: the cluster job's, the manifest's, and the grid's (passed on to every pod). */
export const K8S_FLAGS = {
  ...CLUSTER_FLAGS,
  shards: { ...CLUSTER_FLAGS.shards, description: 'pods, one shard each (required)' },
  out: option(readMountPath, { placeholder: '<path>', description: 'results directory inside the container', default: '/results' }),
  claim: option(readText, { placeholder: '<name>', description: 'PersistentVolumeClaim of the results volume', default: 'negmnist-results' }),
  image: option(readText, { placeholder: '<image>', description: 'container image with Node', default: 'node:22-bookworm-slim' }),
  command: { ...CLUSTER_FLAGS.command, description: 'how the container starts negmnist', defaultText: 'npx --yes negmnist@<version>' },
  'cpus-per-task': { ...CLUSTER_FLAGS['cpus-per-task'], description: 'CPU request, also --workers' },
  'gpus-per-task': { ...CLUSTER_FLAGS['gpus-per-task'], description: 'nvidia.com/gpu limit' },
  'job-name': option(readDnsLabel, { placeholder: '<name>', description: 'the Job\'s name', defaultText: 'negmnist-<experiment>' }),
} as const;

/** What `negmnist k8s --help` says besides the flags. */
export const K8S_HELP: CommandHelp = {
  usage: 'k8s <experiment> --shards <n> [options] [grid options]',
  summary: 'a Kubernetes Indexed Job manifest for a grid (one pod per shard)',
  about: [
    'Prints a Kubernetes Indexed Job manifest (completionMode Indexed, completions = parallelism = n): pod i runs `negmnist grid <experiment> --shards n` and Kubernetes gives it JOB_COMPLETION_INDEX=i. All pods write into one ReadWriteMany volume mounted at --out. Apply with kubectl apply -f.',
  ],
  sections: [
    { title: 'Options', flags: ['shards', 'out', 'claim', 'image', 'command', 'cpus-per-task', 'gpus-per-task', 'job-name', 'help'] },
    { title: 'Grid options', paragraphs: [passedOnHelp('pod')] },
  ],
  examples: ['k8s seed --shards 8 > seed-job.yaml && kubectl apply -f seed-job.yaml'],
};

/** Options of `indexedJob`. */
export interface IndexedJobOptions {
  name: string;
  shards: number;
  image: string;
  /** The container's command: the same for every index; the index comes from JOB_COMPLETION_INDEX. */
  command: string[];
  /** ReadWriteMany PersistentVolumeClaim holding the shared results directory. */
  claim: string;
  /** Where the claim is mounted: the results directory the command writes to. */
  mountPath: string;
  cpusPerTask: number;
  gpusPerTask?: number;
}

// Strings double-quoted (as JSON writes them): no value is misread as a number or a boolean, whatever its text.
const MANIFEST_YAML = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 } as const;

/** A Kubernetes Indexed Job: completions = parallelism = shards, one pod per shard, a shared results volume. */
export function indexedJob(o: IndexedJobOptions): Record<string, unknown> {
  const resources: Record<string, unknown> = { requests: { cpu: String(o.cpusPerTask) } };
  if (o.gpusPerTask !== undefined) resources.limits = { 'nvidia.com/gpu': String(o.gpusPerTask) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, labels: { 'app.kubernetes.io/name': 'negmnist' } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.shards,
      backoffLimit: 2 * o.shards,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'negmnist' } },
        spec: {
          // A failed container restarts in the same pod (same host name), so its run locks are recognised as its own.
          restartPolicy: 'OnFailure',
          // SIGTERM makes negmnist checkpoint the current step; give it time before SIGKILL.
          terminationGracePeriodSeconds: 60,
          containers: [
            {
              name: 'negmnist',
              image: o.image,
              command: o.command,
              resources,
              volumeMounts: [{ name: 'results', mountPath: o.mountPath }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: o.claim } }],
        },
      },
    },
  };
}

/** `negmnist k8s <experiment> --shards n`: prints a Kubernetes Indexed Job manifest for the grid. */
export async function k8sCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags, values, positionals } = parseCommand('k8s', argv, K8S_FLAGS, 1);
  if (flags.help) return ctx.print(helpText(K8S_HELP, K8S_FLAGS));
  const mountPath = flags.out;
  const job = clusterJob('k8s', positionals[0], flags, values, mountPath);
  const grid = await gridRuns('k8s', positionals[0], values);
  const name = flags['job-name'] ?? readDnsLabel(`negmnist-${grid.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'), 'job-name');
  const manifest = indexedJob({
    name,
    shards: job.shards,
    image: flags.image,
    command: [...commandWords(flags.command, () => ['npx', '--yes', `negmnist@${pkg.version}`]), ...job.gridArgs],
    claim: flags.claim,
    mountPath,
    cpusPerTask: job.cpusPerTask,
    ...(job.gpusPerTask === undefined ? {} : { gpusPerTask: job.gpusPerTask }),
  });
  ctx.print(`# ${grid.runs.length} run(s) of ${grid.name} as a Kubernetes Indexed Job (written by negmnist ${pkg.version}): pod i trains shard i of ${job.shards}`);
  ctx.print(`# (Kubernetes sets JOB_COMPLETION_INDEX). Needs a ReadWriteMany PersistentVolumeClaim for the shared results.`);
  return ctx.print(stringify(manifest, MANIFEST_YAML).trimEnd());
}
