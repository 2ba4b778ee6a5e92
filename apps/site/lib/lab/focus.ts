/** The lab's training buttons. */
export type LabButton = 'start' | 'pause' | 'step' | 'continue' | 'reset';

/** Where the training session stands. */
export type LabSession = 'idle' | 'running' | 'paused';

/**
 * The button that should hold keyboard focus when the focused one turns disabled: Pause while
 * training, Resume (the Start button) while paused or before a run, Continue once every run has
 * ended (Reset when none can continue); else the first enabled button, or undefined when none is.
 */
export function focusTarget(session: LabSession, allEnded: boolean, disabled: Readonly<Record<LabButton, boolean>>): LabButton | undefined {
  const preferred: LabButton[] = allEnded ? ['continue', 'reset'] : session === 'running' ? ['pause'] : ['start'];
  const order: LabButton[] = [...preferred, 'start', 'pause', 'step', 'continue', 'reset'];
  return order.find((button) => !disabled[button]);
}
