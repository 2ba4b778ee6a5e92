import { relative } from 'node:path';
import { listRuns } from '@negmnist/results/store';
import type { RunRecord } from '@negmnist/results';
import { parseCommand, TRAINING_FLAGS } from '../args';
import { formatDuration, formatPercent } from '../format';
import { HELP } from '../help';
import type { CommandContext } from './context';
import { incompleteCommand } from './incomplete';
import { table } from './table';

// --incomplete expands the grid as `negmnist grid` would, so it takes the same run-selecting flags.
const GRID_SELECTION = ['name', 'epochs', 'layers', 'lr', 'batch', 'eval-every', 'probe-size', 'images', 'labels', 'test-images', 'test-labels'];
const FLAGS = {
  ...Object.fromEntries(Object.entries(TRAINING_FLAGS).filter(([flag]) => GRID_SELECTION.includes(flag))),
  json: { type: 'boolean' },
  incomplete: { type: 'string' },
  shards: { type: 'string' },
  seeds: { type: 'string' },
} as const;

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
  const accs = record.evaluations.map((e) => e.valAccuracy);
  return {
    experiment: record.experiment,
    id: record.id,
    status: record.status,
    bestValAccuracy: accs.length === 0 ? null : Math.max(...accs),
    finalValAccuracy: accs.at(-1) ?? null,
    step: record.step,
    totalSteps: record.totalSteps,
    wallTimeMs: record.wallTimeMs,
    backend: record.backend.adapter === undefined ? record.backend.name : `${record.backend.name} (${record.backend.adapter})`,
    shard: record.provenance?.shard === undefined ? null : `${record.provenance.shard.index}/${record.provenance.shard.count}`,
    host: record.provenance?.host ?? null,
  };
}

/** `negmnist ls [dir]`: runs with status, best/final validation accuracy, wall time, shard, host, backend; or `--incomplete`. */
export async function lsCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand('ls', argv, FLAGS, 1);
  if (values.help === true) return ctx.print(HELP.ls ?? '');
  const dir = positionals[0] ?? 'results';
  if (values.incomplete !== undefined) return incompleteCommand(dir, values, ctx);
  const runs = await listRuns(dir, { onInvalid: (error) => ctx.warn(`skipped ${error.message}`) });
  const rows = runs.map((run) => runRow(run.record));
  if (values.json === true) {
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
