import { randomBytes } from 'node:crypto';
import { readFileSync, utimesSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Provenance } from '@negmnist/results';

/** File in a run's directory that says which process is training the run. */
export const LOCK_FILE = 'run.lock';

/** A holder of a lock not refreshed for this long (5 minutes) on another host is taken to be gone. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** What a lock file holds: who trains the run, since when, and a token that only its owner knows. */
export interface LockHolder extends Provenance {
  /** Start time of the process (Linux clock ticks since boot), so a reused pid is not mistaken for it. */
  pidStart?: number;
  since: string;
  token: string;
}

/** A lock this process holds. */
export interface RunLock {
  file: string;
  /** Marks the lock as alive (its mtime): holders on other hosts judge staleness by it. */
  refresh(): void;
  /** Deletes the lock if it is still this process's. */
  release(): Promise<void>;
}

/**
 * The outcome of `lockRun`: the lock (with the holder of the stale lock it replaced, if any), or the
 * live holder that keeps it.
 */
export type LockResult = { locked: true; lock: RunLock; tookOver?: LockHolder } | { locked: false; file: string; holder: LockHolder | undefined; ageMs: number };

/** Options of `lockRun`. */
export interface LockOptions {
  /** Milliseconds after which a holder on another host that stopped refreshing is stale. Default 5 minutes. */
  leaseMs?: number;
  /** This machine's name. Default `os.hostname()`. */
  host?: string;
  /** Wall clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** Start time of a process from /proc (Linux); undefined elsewhere or when it does not exist. */
export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counted after the parenthesised command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number, start: number | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStart(pid);
  return start === undefined || now === undefined || now === start;
}

async function readHolder(file: string): Promise<{ holder: LockHolder | undefined; mtimeMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(text) as LockHolder;
    } catch {
      holder = undefined;
    }
    return { holder, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether a lock's holder is gone: on this host, its process no longer runs (pid and start time);
 * on another host, the lock was not refreshed within the lease. An unreadable lock file is stale
 * once older than the lease too.
 */
function isStale(holder: LockHolder | undefined, ageMs: number, host: string, leaseMs: number): boolean {
  if (holder === undefined || holder.host !== host) return ageMs > leaseMs;
  return !processAlive(holder.pid, holder.pidStart);
}

/**
 * Takes `<runDir>/run.lock` for `owner` or reports who holds it. The lock is created complete and
 * atomically (written to a temp file, then hard-linked to its name, which fails if it exists: safe on
 * NFS too). A stale lock is moved aside under a unique name, and removed only if it is still the one
 * judged stale (another process may have replaced it meanwhile); then taking the lock is retried, and
 * the result names the stale holder (`tookOver`).
 */
export async function lockRun(runDir: string, owner: Provenance, options: LockOptions = {}): Promise<LockResult> {
  const host = options.host ?? hostname();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? Date.now;
  const file = join(runDir, LOCK_FILE);
  await mkdir(runDir, { recursive: true });
  const pidStart = processStart(process.pid);
  const holder: LockHolder = { ...owner, ...(pidStart === undefined ? {} : { pidStart }), since: new Date(now()).toISOString(), token: randomBytes(8).toString('hex') };
  const temp = join(runDir, `.${LOCK_FILE}.${process.pid}.${holder.token}`);
  await writeFile(temp, `${JSON.stringify(holder)}\n`);
  let tookOver: LockHolder | undefined;
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, file);
        return { locked: true, lock: ownLock(file, holder.token), ...(tookOver === undefined ? {} : { tookOver }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(file);
      if (current === undefined) continue;
      const ageMs = Math.max(0, now() - current.mtimeMs);
      if (!isStale(current.holder, ageMs, host, leaseMs)) return { locked: false, file, holder: current.holder, ageMs };
      if (await breakLock(file, current.holder?.token)) tookOver = current.holder;
    }
    const current = await readHolder(file);
    return { locked: false, file, holder: current?.holder, ageMs: current === undefined ? 0 : Math.max(0, now() - current.mtimeMs) };
  } finally {
    await rm(temp, { force: true });
  }
}

/** Removes the stale lock whose holder had `staleToken`; false when another process removed or replaced it first. */
async function breakLock(file: string, staleToken: string | undefined): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readHolder(aside);
  // Someone replaced the stale lock between our read and the rename: put theirs back.
  const stale = moved?.holder?.token === staleToken;
  if (!stale) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
  return stale;
}

function ownLock(file: string, token: string): RunLock {
  return {
    file,
    refresh() {
      const now = new Date();
      try {
        utimesSync(file, now, now);
      } catch {
        /* a vanished lock is reported by the next claimant, not here */
      }
    },
    async release() {
      const current = await readHolder(file);
      if (current?.holder?.token === token) await rm(file, { force: true });
    },
  };
}

/** The holder named in `<runDir>/run.lock`, or undefined when there is no (readable) lock. */
export async function readLockHolder(runDir: string): Promise<LockHolder | undefined> {
  return (await readHolder(join(runDir, LOCK_FILE)))?.holder;
}

/** One line about a lock held by someone else: who, since when, and what to do if it is gone. */
export function heldLine(id: string, result: Extract<LockResult, { locked: false }>, leaseMs = DEFAULT_LEASE_MS): string {
  const { holder, file } = result;
  const who =
    holder === undefined
      ? 'an unreadable lock'
      : `host ${holder.host} pid ${holder.pid}${holder.shard === undefined ? '' : ` (shard ${holder.shard.index}/${holder.shard.count})`} since ${holder.since}`;
  const lease = Math.round(leaseMs / 60_000);
  return `skipped ${id}: being trained by ${who}; if that process is gone, the lock ${file} expires ${lease} min after its last refresh (or delete it)`;
}
