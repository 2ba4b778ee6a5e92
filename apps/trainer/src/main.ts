import { benchCommand } from './commands/bench';
import type { CommandContext } from './commands/context';
import { explainCommand } from './commands/explain';
import { gridCommand } from './commands/grid';
import { k8sCommand } from './commands/k8s';
import { lsCommand } from './commands/ls';
import { slurmCommand } from './commands/slurm';
import { trainCommand } from './commands/train';
import { EXIT, exitCodeFor, isUserError, UsageError } from './errors';
import pkg from '../package.json' with { type: 'json' };
import { HELP } from './help';

const COMMANDS: Record<string, (argv: string[], ctx: CommandContext) => Promise<number>> = {
  bench: benchCommand,
  explain: explainCommand,
  grid: gridCommand,
  k8s: k8sCommand,
  ls: lsCommand,
  slurm: slurmCommand,
  train: trainCommand,
};

/** Runs `negmnist <argv>` and returns the exit code; the one place that turns errors into exit codes. */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      ctx.print(HELP.main ?? '');
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-V') {
      ctx.print(`negmnist ${pkg.version}`);
      return EXIT.ok;
    }
    const run = COMMANDS[command];
    if (run === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}: expected one of ${Object.keys(COMMANDS).join(', ')} (see negmnist --help)`);
    return await run(rest, ctx);
  } catch (error) {
    if (isUserError(error)) ctx.warn(`negmnist: ${(error as Error).message}`);
    else ctx.warn(`negmnist: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return exitCodeFor(error);
  }
}
