import type { Provenance } from '@negmnist/results';
import type { RunSpec } from './experiment';
import { planRuns } from './plan';
import type { Plan } from './plan';
import type { Reporter } from './progress';
import { heldLine, lockRun } from './run-lock';
import type { LockOptions, RunLock } from './run-lock';

/** The runs this process may train (their locks taken), read again under the locks. */
export interface ClaimedPlan {
  plan: Plan;
  /** Runs left to other processes that hold their locks. */
  skipped: number;
  /** Refreshes every held lock. */
  refresh(): void;
  /** Releases every held lock. */
  release(): Promise<void>;
}

/**
 * Plans `runs`, locks each unfinished one (`run.lock` in its directory) and plans the locked ones
 * again, since another process may have finished one between the first read and the lock. A run
 * whose lock a live process holds is skipped with one line through `note`.
 */
export async function claimPlan(runs: readonly RunSpec[], outDir: string, owner: Provenance, note: (line: string) => void, options: LockOptions = {}): Promise<ClaimedPlan> {
  const first = await planRuns(runs, outDir);
  const locks: RunLock[] = [];
  const mine: RunSpec[] = [];
  let skipped = 0;
  try {
    for (const run of first.todo) {
      const result = await lockRun(run.dir, owner, options);
      if (result.locked) {
        locks.push(result.lock);
        mine.push(run.spec);
      } else {
        skipped += 1;
        note(heldLine(run.spec.id, result, options.leaseMs));
      }
    }
    const fresh = await planRuns(mine, outDir);
    return {
      plan: { todo: fresh.todo, finished: [...first.finished, ...fresh.finished] },
      skipped,
      refresh: () => locks.forEach((lock) => lock.refresh()),
      release: async () => {
        await Promise.all(locks.map((lock) => lock.release()));
      },
    };
  } catch (error) {
    await Promise.all(locks.map((lock) => lock.release()));
    throw error;
  }
}

/** Wraps `reporter` so that training progress also refreshes the locks, at most every `intervalMs`. */
export function withHeartbeat(reporter: Reporter, refresh: () => void, intervalMs = 30_000, now: () => number = Date.now): Reporter {
  let last = now();
  const beat = () => {
    if (now() - last < intervalMs) return;
    last = now();
    refresh();
  };
  return {
    ...reporter,
    progress(id, step) {
      reporter.progress(id, step);
      beat();
    },
    evaluation(id, evaluation, totalSteps) {
      reporter.evaluation(id, evaluation, totalSteps);
      beat();
    },
  };
}
