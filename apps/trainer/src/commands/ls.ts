import { relative } from 'node:path';
import { backendLabel } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import { bestAccuracy, finalAccuracy } from '@negmnist/results/aggregate';
import { listRuns } from '@negmnist/results/store';
import { formatDuration, formatPercent } from '../format';
import { option, parseCommand, readPositiveInt, readText, switchFlag } from '../cli/flag-table';
import type { CommandHelp } from '../cli/flag-table';
import { GRID_FLAG_TABLE } from '../cli/grid-flags';
import { helpText } from '../cli/help';
import type { CommandContext } from './context';
import { incompleteCommand } from './incomplete';
import { table } from './table';

// --incomplete expands the grid as `negmnist grid` would, so it takes the grid's flags that select runs:
// those of the run config, the seeds, the folder name and the data.
const GRID_SELECTION = Object.entries(GRID_FLAG_TABLE).filter(([name, flag]) => 'field' in flag || ['name', 'seeds', 'images', 'labels', 'test-images', 'test-labels'].includes(name));

/** Flags of `negmnist ls`. */
export const LS_FLAGS = {
  ...(Object.fromEntries(GRID_SELECTION) as Partial<typeof GRID_FLAG_TABLE>),
  incomplete: option(readText, { placeholder: '<exp>', description: 'list the runs of experiment <exp> (file or built-in name) that are not done or diverged, with the shard each belongs to' }),
  shards: option(readPositiveInt, { placeholder: '<n>', description: 'shard count for --incomplete', defaultText: 'the count in the records' }),
  json: switchFlag('one JSON object per run'),
} as const;

/** What `negmnist ls --help` says besides the flags. */
export const LS_HELP: CommandHelp = {
  usage: 'ls [results-dir] [options]',
  summary: 'list runs in a results directory (--incomplete: a grid\'s unfinished runs)',
  about: [
    'Lists the runs under a results directory (default results/), an experiment folder or a run folder: status, best and final validation accuracy, steps, wall time, shard, host and backend. Malformed records are reported on stderr and skipped.',
  ],
  sections: [
    { title: 'Options', flags: ['incomplete', 'shards', 'json', 'help'] },
    { title: 'With --incomplete, the grid\'s flags as the grid was run (see negmnist grid --help)', flags: GRID_SELECTION.map(([name]) => name) },
  ],
  examples: ['ls', 'ls results/seed --json', 'ls /shared/results --incomplete seed'],
};

/** One row of `negmnist ls`. */
export interface RunRow {
  experiment: string;
  id: string;
  status: RunRecord['status'];
  bestValAccuracy: number | null;
  finalValAccuracy: number | null;
  step: number;
  totalSteps: number;
  wallTimeMs: number;
  backend: string;
  /** `index/count` of the grid shard that trained it, or null. */
  shard: string | null;
  /** Host that trained it, or null for records without provenance. */
  host: string | null;
}

/** Summarises a record for listing. */
export function runRow(record: RunRecord): RunRow {
  return {
    experiment: record.experiment,
    id: record.id,
    status: record.status,
    bestValAccuracy: bestAccuracy(record),
    finalValAccuracy: finalAccuracy(record),
    step: record.step,
    totalSteps: record.totalSteps,
    wallTimeMs: record.wallTimeMs,
    backend: backendLabel(record.backend),
    shard: record.provenance?.shard === undefined ? null : `${record.provenance.shard.index}/${record.provenance.shard.count}`,
    host: record.provenance?.host ?? null,
  };
}

/** `negmnist ls [dir]`: runs with status, best/final validation accuracy, wall time, shard, host, backend; or `--incomplete`. */
export async function lsCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags, values, positionals } = parseCommand('ls', argv, LS_FLAGS, 1);
  if (flags.help) return ctx.print(helpText(LS_HELP, LS_FLAGS));
  const dir = positionals[0] ?? 'results';
  if (flags.incomplete !== undefined) return incompleteCommand(dir, { experiment: flags.incomplete, shards: flags.shards, json: flags.json }, values, ctx);
  const runs = await listRuns(dir, { onInvalid: (error) => ctx.warn(`skipped ${error.message}`) });
  const rows = runs.map((run) => runRow(run.record));
  if (flags.json) {
    for (const row of rows) ctx.print(JSON.stringify(row));
    return 0;
  }
  if (rows.length === 0) return ctx.print(`no runs under ${relative(process.cwd(), dir) || '.'}`);
  const header = ['run', 'status', 'best val', 'final val', 'steps', 'wall time', 'shard', 'host', 'backend'];
  const body = rows.map((r) => [
    `${r.experiment}/${r.id}`,
    r.status,
    formatPercent(r.bestValAccuracy),
    formatPercent(r.finalValAccuracy),
    `${r.step}/${r.totalSteps}`,
    formatDuration(r.wallTimeMs),
    r.shard ?? '-',
    r.host ?? '-',
    r.backend,
  ]);
  return ctx.print(table([header, ...body]));
}
