import { choiceFlag, numberFlag, parseCommand, stringFlag } from '../cli/args';
import { backendChoices } from '../backends/select';
import { UsageError } from '../errors';
import { GRID_FLAGS, gridRuns } from '../runs/grid-runs';
import { HELP } from '../cli/help';
import { runSession } from '../runs/session';
import { resolveShard, shardRuns } from '../cluster/shard';
import type { CommandContext } from './context';

/** `negmnist grid <experiment>`: configurations x seeds (or one shard of them), resumable, ensembles on GPU backends. */
export async function gridCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand('grid', argv, GRID_FLAGS, 1);
  if (values.help === true) return ctx.print(HELP.grid ?? '');
  if (values.ensemble === true && values['no-ensemble'] === true) throw new UsageError('--ensemble and --no-ensemble: expected at most one of them');
  const shard = resolveShard({ shard: stringFlag(values, 'shard'), shards: stringFlag(values, 'shards'), env: process.env });
  const grid = await gridRuns('grid', positionals[0], values);
  await runSession(
    {
      runs: shardRuns(grid.runs, shard),
      gridRuns: grid.runs.length,
      ...(shard === undefined ? {} : { shard }),
      data: grid.data,
      backend: choiceFlag(values, 'backend', backendChoices) ?? 'auto',
      outDir: stringFlag(values, 'out') ?? 'results',
      ensemble: values['no-ensemble'] === true ? false : values.ensemble === true ? true : 'auto',
      workers: numberFlag(values, 'workers', 'positiveInt'),
      threads: numberFlag(values, 'threads', 'positiveInt'),
      quiet: values.quiet === true,
      json: values.json === true,
      resumeCommand: `negmnist grid ${argv.join(' ')}`,
    },
    ctx,
  );
  return 0;
}
