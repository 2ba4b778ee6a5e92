/** Pause, resume and single steps of a training loop that awaits {@link Gate.pass} between steps. */
export class Gate {
  private waiting: (() => void) | undefined;
  private credit = 0;

  constructor(private paused: boolean) {}

  /** Resolves at once while running; while paused, when a step credit or resume arrives. */
  async pass(): Promise<void> {
    if (!this.paused) return;
    if (this.credit > 0) {
      this.credit -= 1;
      return;
    }
    await new Promise<void>((resolve) => (this.waiting = resolve));
  }

  get isPaused(): boolean {
    return this.paused && this.credit === 0;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.credit = 0;
    this.release();
  }

  /** Lets `steps` more steps through while paused. */
  step(steps: number): void {
    this.paused = true;
    this.credit += steps;
    if (this.waiting !== undefined) {
      this.credit -= 1;
      this.release();
    }
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
