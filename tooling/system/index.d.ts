/** A system component some test suite needs (installed by `scripts/setup.mjs` on Debian/Ubuntu). */
export interface Component {
  /** Short name used in messages, e.g. `chromium`. */
  name: string;
  /** Why the suites need it, one line. */
  why: string;
  /** The command that installs it on Debian/Ubuntu, for the "not run" line. */
  install: string;
  /** Whether it is present on this machine (cheap; cached per process). */
  present(): boolean;
}

/** Every component, by name. */
export declare const components: Record<ComponentName, Component>;
export type ComponentName = 'chromium' | 'fashion-mnist' | 'lavapipe' | 'python3-torch' | 'slurm';

/** Result of {@link requireComponent}. */
export interface ComponentGate {
  /** True when the component is present and the suite should run. */
  available: boolean;
  component: Component;
}

/**
 * Gate for a test suite that needs `name`: present -> `{ available: true }`; missing -> one line on
 * stderr ("not run: <suite> needs <name> ... install: <cmd>") and `{ available: false }`, except
 * under `CI=true`, where a missing component throws (a failure, never a quiet skip).
 * Use as `describe.skipIf(!requireComponent('chromium', 'site browser tests').available)(...)`.
 */
export declare function requireComponent(name: ComponentName, suite: string): ComponentGate;
