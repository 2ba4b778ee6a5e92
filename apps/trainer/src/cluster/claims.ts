import type { Provenance, RunRecord } from '@negmnist/results';
import { groupRuns, MAX_ENSEMBLE, planRuns } from '../runs/plan';
import type { EnsembleLimit, PlannedRun } from '../runs/plan';
import type { Reporter } from '../runs/progress';
import { lockRun } from './lock';
import type { LockHolder, LockOptions, LockResult, RunLock } from './lock';

/** Runs this process claimed together: locked by it, and unfinished when read again under their locks. */
export interface Claim {
  /** The runs as read under their locks (record and checkpoint), in grid order; one ensemble. */
  runs: PlannedRun[];
  /** Releases the claim's locks: call it once the runs' final records are written. */
  release(): Promise<void>;
}

/** A run whose lock another live process held when this process last tried to take it. */
export interface HeldRun {
  id: string;
  result: Extract<LockResult, { locked: false }>;
}

/** What became of the runs this process did not train, read again at the end of its session. */
export interface LeftToOthers {
  /** Records of runs that other processes finished. */
  finished: RunRecord[];
  /** Runs still unfinished whose locks other processes held at this process's last look. */
  held: HeldRun[];
}

/** Hands out a grid's unfinished runs one claim at a time, to as many processes as share its results folder. */
export interface RunClaimer {
  /**
   * Takes the next run whose lock is free (a stale lock is taken over) and that is still unfinished
   * under its lock; with `ensemble`, also the runs that can train with it as one ensemble. Undefined
   * when every run left is finished or held by another live process. Calls run one after another.
   */
  next(): Promise<Claim | undefined>;
  /** Refreshes the locks of every claim not released yet (their holders' heartbeat). */
  refresh(): void;
  /** Releases every lock still held (end of session, or after an error). */
  releaseAll(): Promise<void>;
  /** Reads again the runs other processes held or finished; call it after the last `next()`. */
  settle(): Promise<LeftToOthers>;
}

/** A run this process locked, as read again under its lock. */
interface Taken {
  run: PlannedRun;
  lock: RunLock;
  /** The holder of the stale lock this one replaced. */
  tookOver: LockHolder | undefined;
}

/** Options of `createClaimer`. */
export interface ClaimerOptions extends LockOptions {
  /** Claim every run that can train with the first one as one ensemble (see `groupRuns`). Default false. */
  ensemble?: boolean;
  /** Most runs in one claim. Default `MAX_ENSEMBLE` (64). */
  maxRuns?: number;
  /** The backend's limit on an ensemble's runs (see `groupRuns`). Default: none. */
  ensembleLimit?: EnsembleLimit;
  /** Receives one line when a run is taken over from a process that is gone. */
  note?: (text: string, data?: Record<string, unknown>) => void;
}

/**
 * A claimer over `todo` (runs unfinished when planned, in grid order). Each claim locks its runs
 * (`run.lock` in their directories) and plans them again under the locks, since another process may
 * have finished one since; a run another live process holds is left to it and tried again at the
 * next claim, so a run whose holder is gone (its lock stale, see `lockRun`) is taken over and resumes
 * from its checkpoint.
 */
export function createClaimer(todo: readonly PlannedRun[], outDir: string, owner: Provenance, options: ClaimerOptions = {}): RunClaimer {
  const { ensemble = false, maxRuns = MAX_ENSEMBLE, ensembleLimit, note = () => {} } = options;
  // unfinished at this process's last look and not claimed by it, in grid order
  let pending = [...todo];
  const held = new Map<string, HeldRun>();
  const finishedElsewhere: RunRecord[] = [];
  const locks = new Set<RunLock>();
  let queue: Promise<unknown> = Promise.resolve();

  // keyed by run directory: ids are unique within an experiment only
  const forget = (dirs: ReadonlySet<string>) => {
    pending = pending.filter((run) => !dirs.has(run.dir));
    for (const dir of dirs) held.delete(dir);
  };

  /** Locks `run` and reads it again: the fresh plan, or undefined when it is held or finished. */
  const take = async (run: PlannedRun): Promise<Taken | undefined> => {
    const result = await lockRun(run.dir, owner, options);
    if (!result.locked) {
      held.set(run.dir, { id: run.spec.id, result });
      return undefined;
    }
    held.delete(run.dir);
    try {
      const fresh = await planRuns([run.spec], outDir);
      const [again] = fresh.todo;
      if (again === undefined) {
        // another process finished it since the first look
        finishedElsewhere.push(...fresh.finished);
        forget(new Set([run.dir]));
        await result.lock.release();
        return undefined;
      }
      return { run: again, lock: result.lock, tookOver: result.tookOver };
    } catch (error) {
      await result.lock.release();
      throw error;
    }
  };

  const claim = (taken: readonly Taken[]): Claim => {
    forget(new Set(taken.map((t) => t.run.dir)));
    for (const { run, lock, tookOver } of taken) {
      locks.add(lock);
      if (tookOver === undefined) continue;
      const step = run.checkpoint?.step ?? 0;
      note(`taking over ${run.spec.id} from host ${tookOver.host} pid ${tookOver.pid} (gone): ${step > 0 ? `resuming at step ${step}` : 'starting it'}`, {
        id: run.spec.id,
        takenOverFrom: { host: tookOver.host, pid: tookOver.pid },
        step,
      });
    }
    return {
      runs: taken.map((t) => t.run),
      release: async () => {
        await Promise.all(taken.map((t) => (locks.delete(t.lock) ? t.lock.release() : undefined)));
      },
    };
  };

  const claimNext = async (): Promise<Claim | undefined> => {
    for (const candidate of [...pending]) {
      const leader = await take(candidate);
      if (leader === undefined) continue;
      if (!ensemble || maxRuns === 1) return claim([leader]);
      // mates are chosen from what the first look read; under their locks they must still fit the leader
      const others = pending.filter((run) => run !== candidate);
      const mates = (groupRuns([leader.run, ...others], true, ensembleLimit)[0] ?? []).slice(1, maxRuns);
      const taken = [leader];
      for (const mate of mates) {
        const t = await take(mate);
        if (t !== undefined) taken.push(t);
      }
      const fits = new Set((groupRuns(taken.map((t) => t.run), true, ensembleLimit)[0] ?? []).slice(0, maxRuns));
      const misfits = taken.filter((t) => !fits.has(t.run));
      await Promise.all(misfits.map((t) => t.lock.release()));
      // a misfit stays pending with what it holds now (a checkpoint written since the first look)
      const fresh = new Map(misfits.map((t) => [t.run.dir, t.run]));
      pending = pending.map((run) => fresh.get(run.dir) ?? run);
      return claim(taken.filter((t) => fits.has(t.run)));
    }
    return undefined;
  };

  return {
    next() {
      const result = queue.then(claimNext);
      queue = result.catch(() => undefined);
      return result;
    },
    refresh() {
      for (const lock of locks) lock.refresh();
    },
    async releaseAll() {
      const all = [...locks];
      locks.clear();
      await Promise.all(all.map((lock) => lock.release()));
    },
    async settle() {
      const again = await planRuns(
        pending.filter((run) => held.has(run.dir)).map((run) => run.spec),
        outDir,
      );
      const stillHeld = again.todo.flatMap((run) => held.get(run.dir) ?? []);
      return { finished: [...finishedElsewhere, ...again.finished], held: stillHeld };
    },
  };
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
