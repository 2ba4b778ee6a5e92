/** What commands use of the process, injected so tests can run commands in-process. */
export interface CommandContext {
  /** Writes a line to stdout; returns exit code 0 for `return ctx.print(...)`. */
  print(line: string): 0;
  /** Writes a line to stderr. */
  warn(line: string): void;
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Aborted on SIGINT: training finishes its step, checkpoints and stops. */
  signal: AbortSignal;
}
