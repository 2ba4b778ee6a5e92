/** Options of {@link StepRate}. */
export interface StepRateOptions {
  /** Shortest stretch a rate is measured over, in milliseconds. Default 2000. */
  windowMs?: number;
}

/**
 * Training steps per second of wall time, from a run's progress: steps done over the last window of at
 * least `windowMs`. Time spent paused or waiting for Continue is left out by {@link StepRate.restart} and
 * {@link StepRate.interrupt}.
 *
 * Feed it only counts that are complete at the time given: an engine that runs several steps per call
 * (engine-webgpu) reports them to `onBatchEnd` one after another once the call has returned, so a count taken
 * in `onBatchEnd` can be most of a call behind; at an evaluation or an epoch's end it is exact.
 */
export class StepRate {
  private readonly windowMs: number;
  /** Where the open window began; undefined after an interruption, until the next complete count. */
  private from: { at: number; step: number } | undefined = { at: 0, step: 0 };
  private rate = 0;

  constructor(options: StepRateOptions = {}) {
    this.windowMs = options.windowMs ?? 2000;
  }

  /**
   * Counts from `step` at time `now` (ms), a count that is complete: at the start, and when training resumes
   * after a wait at an evaluation, an epoch's end or the run's end.
   */
  restart(step: number, now: number): void {
    this.from = { at: now, step };
  }

  /**
   * Training resumes after a wait (a pause) at a count that may be short of what the engine has computed (a
   * pause in `onBatchEnd`, within a multi-step call): the open window is dropped, and the next {@link update}
   * starts a new one there instead of measuring.
   */
  interrupt(): void {
    this.from = undefined;
  }

  /** Records that `step` steps are done at time `now` (ms): closes the window when it has lasted `windowMs`. */
  update(step: number, now: number): void {
    if (this.from === undefined) {
      this.from = { at: now, step };
      return;
    }
    const elapsed = now - this.from.at;
    if (elapsed < this.windowMs) return;
    this.rate = ((step - this.from.step) * 1000) / elapsed;
    this.from = { at: now, step };
  }

  /** The last rate measured, in steps per second (0 before the first window closes). */
  get perSecond(): number {
    return this.rate;
  }
}
