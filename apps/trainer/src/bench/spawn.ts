import { spawn } from 'node:child_process';

/** Outcome of one child process that prints a JSON object as its last stdout line. */
export interface ChildOutcome {
  /** Spawn to exit, as the user waits for it (process start and imports included). */
  wallMs: number;
  /** The parsed last stdout line, when it was a JSON object. */
  json?: Record<string, unknown>;
  /** Why there is no result: spawn failure, time limit, non-zero exit or no JSON line. */
  error?: string;
}

/** Options of {@link runChild}. */
export interface RunChildOptions {
  /** Extra environment variables (added to this process's). */
  env?: Record<string, string>;
  /** Kill the child after this many milliseconds. Default: no limit. */
  timeoutMs?: number;
}

/** The last non-empty line of `text` parsed as a JSON object, or undefined. */
export function lastJsonLine(text: string): Record<string, unknown> | undefined {
  const line = text.trimEnd().split('\n').at(-1)?.trim() ?? '';
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `command args` to completion and parses its last stdout line as JSON. Never rejects. */
export function runChild(command: string, args: readonly string[], options: RunChildOptions = {}): Promise<ChildOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ wallMs: performance.now() - started, error: `${command} could not run (${error.message})` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const json = lastJsonLine(stdout);
      if (timedOut) return resolve({ wallMs, error: `over the time limit (${(options.timeoutMs ?? 0) / 1000} s)` });
      if (json !== undefined) return resolve({ wallMs, json });
      const why = (stderr.trim() || stdout.trim()).split('\n').at(-1) ?? '';
      resolve({ wallMs, error: `exit ${code ?? 'signal'}${why === '' ? '' : `: ${why}`}` });
    });
  });
}
