import pkg from '../../package.json' with { type: 'json' };
import { parseCommand, stringFlag } from '../args';
import { CLUSTER_FLAGS, clusterJob, commandWords } from '../cluster-job';
import { UsageError } from '../errors';
import { gridRuns } from '../grid-runs';
import { HELP } from '../help';
import { toYaml } from '../yaml';
import type { YamlValue } from '../yaml';
import type { CommandContext } from './context';

const FLAGS = { ...CLUSTER_FLAGS, image: { type: 'string' }, claim: { type: 'string' }, 'job-name': { type: 'string' } } as const;

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

/** A Kubernetes Indexed Job: completions = parallelism = shards, one pod per shard, a shared results volume. */
export function indexedJob(o: IndexedJobOptions): YamlValue {
  const resources: Record<string, YamlValue> = { requests: { cpu: String(o.cpusPerTask) } };
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
  const { values, positionals } = parseCommand('k8s', argv, FLAGS, 1);
  if (values.help === true) return ctx.print(HELP.k8s ?? '');
  const mountPath = stringFlag(values, 'out') ?? '/results';
  if (!mountPath.startsWith('/')) throw new UsageError(`--out: expected an absolute path inside the container such as /results, received ${JSON.stringify(mountPath)}`);
  const job = clusterJob('k8s', positionals[0], values, mountPath);
  const grid = await gridRuns('k8s', positionals[0], values);
  const name = stringFlag(values, 'job-name') ?? `negmnist-${grid.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new UsageError(`--job-name: expected a DNS label (lowercase letters, digits, "-"), received ${JSON.stringify(name)}`);
  const manifest = indexedJob({
    name,
    shards: job.shards,
    image: stringFlag(values, 'image') ?? 'node:22-bookworm-slim',
    command: [...commandWords(values, () => ['npx', '--yes', `negmnist@${pkg.version}`]), ...job.gridArgs],
    claim: stringFlag(values, 'claim') ?? 'negmnist-results',
    mountPath,
    cpusPerTask: job.cpusPerTask,
    ...(job.gpusPerTask === undefined ? {} : { gpusPerTask: job.gpusPerTask }),
  });
  ctx.print(`# ${grid.runs.length} run(s) of ${grid.name} as a Kubernetes Indexed Job (written by negmnist ${pkg.version}): pod i trains shard i of ${job.shards}`);
  ctx.print(`# (Kubernetes sets JOB_COMPLETION_INDEX). Needs a ReadWriteMany PersistentVolumeClaim for the shared results.`);
  return ctx.print(toYaml(manifest).trimEnd());
}
