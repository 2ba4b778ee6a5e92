import { join } from 'node:path';
import type { RunRecord } from '@negmnist/results';
import { listRuns } from '@negmnist/results/store';
import type { Values } from '../cli/flag-table';
import { gridRuns } from '../runs/grid-runs';
import { readLockHolder } from '../cluster/lock';
import { assignShards } from '../cluster/shard';
import type { CommandContext } from './context';
import { table } from './table';

/** One run of a grid that no process has finished. */
export interface IncompleteRow {
  experiment: string;
  id: string;
  /** The record's status, or `missing` when the run has no record yet. */
  status: RunRecord['status'] | 'missing';
  step: number;
  totalSteps: number | null;
  /** The shard it belongs to, when the shard count is known. */
  shard: number | null;
  /** `host pid` of the process holding its lock, if any. */
  lockedBy: string | null;
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** What `ls --incomplete` lists: the experiment, the shard count if given, and the output form. */
export interface IncompleteOptions {
  experiment: string;
  shards: number | undefined;
  json: boolean;
}

/**
 * `negmnist ls [dir] --incomplete <experiment>`: the grid's runs that are not done or diverged
 * under `dir`, each with its shard (`--shards n`, else the count the records were trained with);
 * `values`: the grid flags (as parsed) that select its runs.
 */
export async function incompleteCommand(dir: string, options: IncompleteOptions, values: Values, ctx: CommandContext): Promise<number> {
  const grid = await gridRuns('ls --incomplete', options.experiment, values);
  const records = new Map((await listRuns(join(dir, grid.name), { onInvalid: (error) => ctx.warn(`skipped ${error.message}`) })).map((run) => [run.record.id, run]));
  const given = options.shards;
  const inferred = mostCommon([...records.values()].flatMap((run) => (run.record.provenance?.shard === undefined ? [] : [run.record.provenance.shard.count])));
  const count = given ?? inferred;
  const assignment = count === undefined ? undefined : assignShards(grid.runs, count);
  const rows: IncompleteRow[] = [];
  for (const run of grid.runs) {
    const entry = records.get(run.id);
    const record = entry?.record;
    if (record?.status === 'done' || record?.status === 'diverged') continue;
    const holder = await readLockHolder(join(dir, grid.name, run.id));
    rows.push({
      experiment: grid.name,
      id: run.id,
      status: record?.status ?? 'missing',
      step: record?.step ?? 0,
      totalSteps: record?.totalSteps ?? null,
      shard: assignment?.get(run.id) ?? null,
      lockedBy: holder === undefined ? null : `${holder.host} pid ${holder.pid}`,
    });
  }
  if (options.json) {
    for (const row of rows) ctx.print(JSON.stringify(row));
    return 0;
  }
  const shardNote = count === undefined ? 'shards unknown: pass --shards n' : `${count} shard(s)${given === undefined ? ', as the records were trained' : ''}`;
  if (rows.length === 0) return ctx.print(`all ${grid.runs.length} run(s) of ${grid.name} are finished under ${dir}`);
  ctx.print(`${rows.length} of ${grid.runs.length} run(s) of ${grid.name} not finished under ${dir} (${shardNote})`);
  const header = ['run', 'status', 'steps', 'shard', 'locked by'];
  const body = rows.map((r) => [`${r.experiment}/${r.id}`, r.status, `${r.step}/${r.totalSteps ?? '?'}`, r.shard === null ? '-' : `${r.shard}/${count}`, r.lockedBy ?? '-']);
  ctx.print(table([header, ...body]));
  if (count !== undefined) {
    const shards = [...new Set(rows.flatMap((r) => (r.shard === null ? [] : [r.shard])))].sort((a, b) => a - b);
    ctx.print(`re-submit those shards: sbatch --array=${shards.join(',')} <script>  (Kubernetes: re-run indices ${shards.join(',')})`);
  }
  return 0;
}
