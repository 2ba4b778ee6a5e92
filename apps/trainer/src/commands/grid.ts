import { stringFlag } from '../cli/args';
import { parseCommand } from '../cli/flag-table';
import { GRID_FLAG_TABLE, GRID_HELP } from '../cli/grid-flags';
import { helpText } from '../cli/help';
import { UsageError } from '../errors';
import { gridRuns } from '../runs/grid-runs';
import { runSession } from '../runs/session';
import { resolveShard, shardRuns } from '../cluster/shard';
import type { CommandContext } from './context';

/** `negmnist grid <experiment>`: configurations x seeds (or one shard of them), resumable, ensembles on GPU backends. */
export async function gridCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags, values, positionals } = parseCommand('grid', argv, GRID_FLAG_TABLE, 1);
  if (flags.help) return ctx.print(helpText(GRID_HELP, GRID_FLAG_TABLE));
  if (flags.ensemble && flags['no-ensemble']) throw new UsageError('--ensemble and --no-ensemble: expected at most one of them');
  // the shard flags as typed: resolveShard checks them against the scheduler's environment
  const shard = resolveShard({ shard: flags.shard, shards: stringFlag(values, 'shards'), env: process.env });
  const grid = await gridRuns('grid', positionals[0], values);
  await runSession(
    {
      runs: shardRuns(grid.runs, shard),
      gridRuns: grid.runs.length,
      ...(shard === undefined ? {} : { shard }),
      data: grid.data,
      backend: flags.backend,
      outDir: flags.out,
      ensemble: flags['no-ensemble'] ? false : flags.ensemble ? true : 'auto',
      workers: flags.workers,
      threads: flags.threads,
      quiet: flags.quiet,
      json: flags.json,
      resumeCommand: `negmnist grid ${argv.join(' ')}`,
    },
    ctx,
  );
  return 0;
}
