/** The apt packages of a component, and how they are installed. */
export interface AptPackages {
  /** Debian/Ubuntu package names, installed together. */
  packages: string[];
  /** Install the packages' recommended packages too (default false: `--no-install-recommends`). */
  recommends?: boolean;
  /** On this Debian codename, install from its `<codename>-backports` (added as an apt source if absent). */
  backportsOn?: string;
  /** What to install, in words, for machines without apt. */
  what: string;
}

/** A system component some test suite needs (installed by `scripts/setup.mjs` on Debian/Ubuntu). */
export interface Component {
  /** Short name used in messages, e.g. `chromium`. */
  name: string;
  /** Why the suites need it, one line. */
  why: string;
  /** Its apt packages: the one list `scripts/setup.mjs` installs and the "not run" lines name. */
  apt: AptPackages;
  /** The command that installs it on this machine, for the "not run" line. */
  readonly install: string;
  /** Whether it is present now (not cached: for re-checking after an install). */
  detect(): boolean;
  /** Whether it is present on this machine (cached per process). */
  present(): boolean;
}

/** Every component, by name. */
export declare const components: Record<ComponentName, Component>;
export type ComponentName = 'chromium' | 'fashion-mnist' | 'lavapipe' | 'python3-torch' | 'slurm';

/** The operating system, as far as installing packages goes. */
export interface HostOs {
  /** Debian, Ubuntu or a derivative, with apt-get. */
  apt: boolean;
  /** `ID` of /etc/os-release (`debian`, `ubuntu`), else `process.platform`. */
  id: string;
  /** `VERSION_CODENAME` of /etc/os-release (`bookworm`), or empty. */
  codename: string;
}

/** Reads /etc/os-release. */
export declare function hostOs(): HostOs;

/** The steps that install a component's packages with apt. */
export interface AptPlan {
  /** An apt source to add first (file under /etc/apt/sources.list.d and its one line), if needed. */
  source?: { file: string; line: string };
  /** Arguments of `apt-get` (`install -y -q ...`). */
  args: string[];
}

/** The apt steps that install `apt` on `os`. */
export declare function aptPlan(apt: AptPackages, os: HostOs): AptPlan;

/** Result of {@link requireComponent}. */
export interface ComponentGate {
  /** True when the component is present and the suite should run. */
  available: boolean;
  component: Component;
}

/**
 * Gate for a test suite that needs `name`: present -> `{ available: true }`; missing -> one line on
 * stderr ("not run: <suite> (needs <name>: <why>); install: <cmd>") and `{ available: false }`, except
 * under `CI=true`, where a missing component throws (a failure, never a quiet skip).
 * Use as `describe.skipIf(!requireComponent('chromium', 'site browser tests').available)(...)`.
 */
export declare function requireComponent(name: ComponentName, suite: string): ComponentGate;
