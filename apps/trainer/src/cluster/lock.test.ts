import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/cli-process';
import { heldLine, LOCK_FILE, lockRun, processStart } from './lock';
import type { LockHolder } from './lock';

const owner = { host: hostname(), pid: process.pid, shard: { index: 0, count: 2, source: 'flag' as const } };
const children: ChildProcess[] = [];

/** A real process that stays alive until killed. */
async function sleeper(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child as ChildProcess & { pid: number };
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function writeLock(dir: string, holder: Partial<LockHolder>): Promise<string> {
  const file = join(dir, LOCK_FILE);
  await writeFile(file, JSON.stringify({ host: hostname(), since: '2026-11-27T10:00:00.000Z', token: 'theirs', ...holder }));
  return file;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
});

describe('run locks', () => {
  it('takes a free lock, names its owner in it, and frees it on release', async () => {
    const dir = tempDir('lock');
    const result = await lockRun(dir, owner);
    expect(result.locked).toBe(true);
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ host: hostname(), pid: process.pid, shard: { index: 0, count: 2, source: 'flag' } });
    if (result.locked) await result.lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves a lock held by a live process on this host, and takes it once that process is gone', async () => {
    const dir = tempDir('lock');
    const holder = await sleeper();
    await writeLock(dir, { pid: holder.pid, pidStart: processStart(holder.pid) });
    const held = await lockRun(dir, owner);
    expect(held.locked).toBe(false);
    if (held.locked) return;
    expect(held.holder?.pid).toBe(holder.pid);
    expect(heldLine('neg-s0', held)).toMatch(new RegExp(`^skipped neg-s0: being trained by host ${hostname()} pid ${holder.pid} since 2026-11-27T10:00:00.000Z; .*${LOCK_FILE} expires 5 min`));
    holder.kill('SIGKILL');
    await exited(holder);
    const taken = await lockRun(dir, owner);
    expect(taken.locked).toBe(true);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect((await readdir(dir)).sort()).toEqual([LOCK_FILE]);
  });

  it('does not mistake a reused pid for the holder: the process start time must match too', async () => {
    const dir = tempDir('lock');
    const live = await sleeper();
    const start = processStart(live.pid);
    expect(start).toBeTypeOf('number');
    await writeLock(dir, { pid: live.pid, pidStart: (start as number) + 1 });
    expect((await lockRun(dir, owner)).locked).toBe(true);
  });

  it('trusts a holder on another host until its lock is older than the lease', async () => {
    const dir = tempDir('lock');
    const file = await writeLock(dir, { host: 'node-17', pid: 4242 });
    const now = Date.now();
    expect((await lockRun(dir, owner, { leaseMs: 60_000, now: () => now })).locked).toBe(false);
    const old = new Date(now - 61_000);
    await utimes(file, old, old);
    expect((await lockRun(dir, owner, { leaseMs: 60_000, now: () => now })).locked).toBe(true);
  });

  it('keeps a lock refreshed by its holder, and release leaves a lock that is no longer its own', async () => {
    const dir = tempDir('lock');
    const result = await lockRun(dir, { ...owner, host: 'node-3' }, { host: 'node-3' });
    if (!result.locked) throw new Error('expected the lock');
    const file = join(dir, LOCK_FILE);
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(file, old, old);
    result.lock.refresh();
    // Seen from another host: a refreshed lock is live.
    expect((await lockRun(dir, owner, { host: 'node-4' })).locked).toBe(false);
    await writeLock(dir, { host: 'node-5', pid: 7 });
    await result.lock.release();
    expect(existsSync(file)).toBe(true);
  });
});
