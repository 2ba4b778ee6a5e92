import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRunRecordText } from '@negmnist/results';
import type { RunRecord } from '@negmnist/results';
import { listRuns } from '@negmnist/results/store';
import { CHECKPOINT_FILE } from '../runs/checkpoint';
import { LOCK_FILE } from './lock';
import type { LockHolder } from './lock';
import { startCli, tempDir } from '../test/cli-process';
import type { CliResult } from '../test/cli-process';
import { writeTinyExperiment } from '../test/tiny-experiment';

let dir: string;
const EXPERIMENT = 'claims';
const RUN_IDS = ['neg-s0', 'neg-s1', 'neg-s2', 'neg-s3', 'pos-s0', 'pos-s1', 'pos-s2', 'pos-s3'];
const grid = (out: string, ...extra: string[]) => ['grid', 'exp.json', '--backend', 'cpu', '--workers', '1', '--json', '--out', out, ...extra];
const started: Array<ReturnType<typeof startCli>> = [];

interface Event {
  event: string;
  id?: string;
  step?: number;
  text?: string;
  takenOverFrom?: { host: string; pid: number };
  finished?: number;
  finishedHere?: number;
  finishedElsewhere?: number;
  heldElsewhere?: number;
}

/** The JSON events a `--json` process printed (stdout so far). */
function events(stdout: string): Event[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);
}

const ids = (stdout: string, event: string) => events(stdout).filter((e) => e.event === event).map((e) => e.id as string);

/** Its last line: runs finished here, by other processes, and left to them (none when all were finished at its start). */
function summary(result: CliResult): Event {
  const all = events(result.stdout);
  const found = all.find((e) => e.finishedHere !== undefined);
  if (found !== undefined) return found;
  if (all.find((e) => e.finished !== undefined)?.finished === RUN_IDS.length) return { event: 'note', finishedHere: 0, finishedElsewhere: 0, heldElsewhere: 0 };
  throw new Error(`no summary in:\n${result.stdout}\n${result.stderr}`);
}

/** Polls `check` every 10 ms until it returns a value, failing after `ms`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const runDir = (out: string, id: string) => join(dir, out, EXPERIMENT, id);

async function lockHolder(out: string, id: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir(out, id), LOCK_FILE), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Runs of `out` whose lock names `pid`. */
async function lockedBy(out: string, pid: number): Promise<string[]> {
  const held = await Promise.all(RUN_IDS.map(async (id) => ((await lockHolder(out, id))?.pid === pid ? id : undefined)));
  return held.filter((id) => id !== undefined);
}

async function record(out: string, id: string): Promise<RunRecord | undefined> {
  const file = join(runDir(out, id), 'record.json');
  return existsSync(file) ? parseRunRecordText(await readFile(file, 'utf8'), file) : undefined;
}

/** Every record of `out`, validated by @negmnist/results' reader; no run is left locked or checkpointed. */
async function finishedGrid(out: string): Promise<RunRecord[]> {
  const runs = await listRuns(join(dir, out));
  const records = await Promise.all(runs.map(async (run) => parseRunRecordText(await readFile(join(run.dir, 'record.json'), 'utf8'), run.dir)));
  expect(records.map((r) => [r.id, r.status, r.step === r.totalSteps])).toEqual(RUN_IDS.map((id) => [id, 'done', true]));
  for (const run of runs) expect((await readdir(run.dir)).filter((name) => name === LOCK_FILE || name === CHECKPOINT_FILE)).toEqual([]);
  return records;
}

/** Each run trained exactly once: one process started it from step 0 and one ended it; its record names that process. */
function expectEachRunOnce(records: RunRecord[], processes: Array<{ pid: number; stdout: string }>): void {
  const fromScratch = processes.flatMap((p) => events(p.stdout).filter((e) => e.event === 'runStart' && e.step === 0).map((e) => e.id as string));
  expect(fromScratch.sort()).toEqual(RUN_IDS);
  const ended = processes.flatMap((p) => ids(p.stdout, 'runEnd'));
  expect(ended.sort()).toEqual(RUN_IDS);
  for (const r of records) expect(r.provenance?.pid).toBe(processes.find((p) => ids(p.stdout, 'runEnd').includes(r.id))?.pid);
}

/** Runs the grid's accounting adds up to: finished before, here, elsewhere, or left to another process. */
function expectAccounted(result: CliResult): void {
  const s = summary(result);
  const start = events(result.stdout).find((e) => e.finished !== undefined);
  expect(s.finishedHere).toBe(ids(result.stdout, 'runEnd').length);
  expect((start?.finished ?? 0) + (s.finishedHere ?? 0) + (s.finishedElsewhere ?? 0) + (s.heldElsewhere ?? 0)).toBe(RUN_IDS.length);
  expect(result.stderr.split('\n').filter((line) => line.startsWith('skipped ')).length).toBe(s.heldElsewhere);
}

/** `negmnist grid` on `out` in its own process; a failed test leaves none behind (see afterEach). */
function startGrid(out: string, ...extra: string[]): ReturnType<typeof startCli> {
  const run = startCli(grid(out, ...extra), dir);
  started.push(run);
  return run;
}

afterEach(async () => {
  for (const { child, done } of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGKILL');
    await done;
  }
});

beforeAll(async () => {
  dir = tempDir('claims');
  await writeTinyExperiment(dir, { name: EXPERIMENT, base: { epochs: 6, evalEvery: 4 }, seeds: 4 });
});

describe('grids on a shared results directory', () => {
  it('two processes split a grid: a process holds one run at a time, so the other trains the rest meanwhile', async () => {
    const a = startGrid('two');
    const pid = a.child.pid as number;
    await waitFor('a first run', () => (ids(a.output(), 'runStart').length > 0 ? true : undefined));
    // Frozen, A keeps the locks it holds (its process is alive) and claims nothing more.
    a.child.kill('SIGSTOP');
    let runB: ReturnType<typeof startCli>;
    let b: CliResult;
    let heldByA: string[];
    let doneByA: string[];
    try {
      heldByA = await lockedBy('two', pid);
      expect(heldByA.length).toBeLessThanOrEqual(1);
      doneByA = (await Promise.all(RUN_IDS.map(async (id) => ((await record('two', id))?.status === 'done' ? id : undefined)))).filter((id) => id !== undefined);
      runB = startGrid('two', '--workers', '2');
      b = await runB.done;
    } finally {
      a.child.kill('SIGCONT');
    }
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('using 2 worker threads');
    // A may have been stopped between writing a run's final record and releasing its lock
    const byA = new Set([...doneByA, ...heldByA]);
    const stillHeld = heldByA.filter((id) => !doneByA.includes(id));
    expect(ids(b.stdout, 'runEnd').sort()).toEqual(RUN_IDS.filter((id) => !byA.has(id)));
    expect(summary(b).heldElsewhere).toBe(stillHeld.length);
    for (const id of stillHeld) expect(b.stderr).toContain(`skipped ${id}: being trained by host ${hostname()} pid ${pid} since `);
    const resultA = await a.done;
    expect(resultA.code).toBe(0);
    expect(ids(resultA.stdout, 'runEnd').sort()).toEqual([...byA].sort());
    expectAccounted(resultA);
    expectAccounted(b);
    expectEachRunOnce(await finishedGrid('two'), [
      { pid, stdout: resultA.stdout },
      { pid: runB.child.pid as number, stdout: b.stdout },
    ]);
  });

  it('four processes started together train every run exactly once, each record written by the process that trained it', async () => {
    const processes = [0, 1, 2, 3].map(() => startGrid('four'));
    const results = await Promise.all(processes.map((p) => p.done));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    results.forEach(expectAccounted);
    expect(results.reduce((sum, r) => sum + (summary(r).finishedHere ?? 0), 0)).toBe(RUN_IDS.length);
    expectEachRunOnce(
      await finishedGrid('four'),
      processes.map((p, i) => ({ pid: p.child.pid as number, stdout: results[i]?.stdout ?? '' })),
    );
  });

  it('a SIGKILLed process leaves its run locked; new processes take it over once the lock is stale and resume it from its checkpoint', async () => {
    const a = startGrid('killed');
    const pid = a.child.pid as number;
    // Stop A while it holds a run that has a checkpoint; otherwise let it go on and look again.
    const { id, step } = await waitFor('a checkpointed run held by A', async () => {
      const [held] = await lockedBy('killed', pid);
      const before = held === undefined ? undefined : await record('killed', held);
      if (held === undefined || before === undefined || before.status !== 'running' || before.step < 4) return undefined;
      a.child.kill('SIGSTOP');
      const still = (await lockedBy('killed', pid)).includes(held) && existsSync(join(runDir('killed', held), CHECKPOINT_FILE));
      if (still) return { id: held, step: (await record('killed', held))?.step ?? 0 };
      a.child.kill('SIGCONT');
      return undefined;
    });
    a.child.kill('SIGKILL');
    const killed = await a.done;
    expect(killed.signal).toBe('SIGKILL');
    expect((await lockHolder('killed', id))?.pid).toBe(pid);

    const takers = [startGrid('killed'), startGrid('killed', '--workers', '2')];
    const results = await Promise.all(takers.map((t) => t.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const takeovers = results.flatMap((r) => events(r.stdout).filter((e) => e.takenOverFrom !== undefined));
    expect(takeovers).toEqual([expect.objectContaining({ id, takenOverFrom: { host: hostname(), pid } })]);
    const resumedAt = takeovers[0]?.step ?? 0;
    expect(resumedAt).toBeGreaterThanOrEqual(step);
    const restarts = results.flatMap((r) => events(r.stdout).filter((e) => e.event === 'runStart' && e.id === id));
    expect(restarts).toEqual([expect.objectContaining({ step: resumedAt })]);
    results.forEach(expectAccounted);
    expectEachRunOnce(await finishedGrid('killed'), [
      { pid, stdout: killed.stdout },
      ...takers.map((t, i) => ({ pid: t.child.pid as number, stdout: results[i]?.stdout ?? '' })),
    ]);
  });
});
