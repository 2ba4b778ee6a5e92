import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI the tests run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

/** What a finished CLI process printed and returned. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temp dir, plus XDG_RUNTIME_DIR for Dawn so it does not warn. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `negmnist-${prefix}-`));
}

function env(): NodeJS.ProcessEnv {
  const xdg = join(tmpdir(), 'negmnist-xdg');
  mkdirSync(xdg, { recursive: true });
  return { ...process.env, XDG_RUNTIME_DIR: xdg, FORCE_COLOR: '0' };
}

/** Starts `negmnist <args>` in `cwd` (`nodeArgs`: flags for node itself, e.g. `--import`). */
export function startCli(args: string[], cwd: string, nodeArgs: string[] = []): { child: ChildProcess; done: Promise<CliResult>; output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout };
}

/** Runs `negmnist <args>` in `cwd` to completion. */
export function runCli(args: string[], cwd: string, nodeArgs: string[] = []): Promise<CliResult> {
  return startCli(args, cwd, nodeArgs).done;
}

/** Node flags that make `onnxruntime-node` unresolvable: the CLI as a user without ONNX Runtime runs it. */
export const WITHOUT_ONNXRUNTIME = ['--require', fileURLToPath(new URL('./without-onnxruntime.cjs', import.meta.url)), '--import', fileURLToPath(new URL('./without-onnxruntime.mjs', import.meta.url))];
