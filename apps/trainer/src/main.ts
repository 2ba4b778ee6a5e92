import { BENCH_HELP, benchCommand } from './commands/bench';
import type { CommandContext } from './commands/context';
import { EXPLAIN_HELP, explainCommand } from './commands/explain';
import { gridCommand } from './commands/grid';
import { K8S_HELP, k8sCommand } from './commands/k8s';
import { LS_HELP, lsCommand } from './commands/ls';
import { SLURM_HELP, slurmCommand } from './commands/slurm';
import { TRAIN_HELP, trainCommand } from './commands/train';
import { EXIT, exitCodeFor, isUserError, UsageError } from './errors';
import type { CommandHelp } from './cli/flag-table';
import { GRID_HELP } from './cli/grid-flags';
import pkg from '../package.json' with { type: 'json' };
import { mainHelp } from './cli/help';

/** The commands, in the order `negmnist --help` lists them: what each runs and what its help says. */
const COMMANDS: Record<string, { run: (argv: string[], ctx: CommandContext) => Promise<number>; help: CommandHelp }> = {
  train: { run: trainCommand, help: TRAIN_HELP },
  grid: { run: gridCommand, help: GRID_HELP },
  explain: { run: explainCommand, help: EXPLAIN_HELP },
  ls: { run: lsCommand, help: LS_HELP },
  slurm: { run: slurmCommand, help: SLURM_HELP },
  k8s: { run: k8sCommand, help: K8S_HELP },
  bench: { run: benchCommand, help: BENCH_HELP },
};

/** Runs `negmnist <argv>` and returns the exit code; the one place that turns errors into exit codes. */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      ctx.print(mainHelp(Object.fromEntries(Object.entries(COMMANDS).map(([name, entry]) => [name, entry.help]))));
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-V') {
      ctx.print(`negmnist ${pkg.version}`);
      return EXIT.ok;
    }
    const run = COMMANDS[command]?.run;
    if (run === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}: expected one of ${Object.keys(COMMANDS).join(', ')} (see negmnist --help)`);
    return await run(rest, ctx);
  } catch (error) {
    if (isUserError(error)) ctx.warn(`negmnist: ${(error as Error).message}`);
    else ctx.warn(`negmnist: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return exitCodeFor(error);
  }
}
