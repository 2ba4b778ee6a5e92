// One home for the system components the test suites need: detection, apt packages, install command,
// test gate. scripts/setup.mjs installs from this list; tests gate on it with requireComponent().
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { aptPlan, debVersion, hostOs, installHint } from './apt.js';

export { aptPlan, hostOs };

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function lavapipePresent() {
  // Dawn refuses Mesa < 25's lavapipe; Debian names the package version, other systems the ICD file.
  const mesa = debVersion('mesa-vulkan-drivers');
  if (mesa !== undefined) return Number(mesa.replace(/^\d+:/, '').split('.')[0]) >= 25 && debVersion('libvulkan1') !== undefined;
  const dir = '/usr/share/vulkan/icd.d';
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('lvp_icd'));
}

function torchPresent() {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return false;
  // Debian's torch calls the system BLAS: without OpenBLAS it runs the netlib reference, no peer at all.
  return debVersion('python3-torch') === undefined || debVersion('libopenblas0-pthread') !== undefined;
}

/** @param {Omit<import('./index.d.ts').Component, 'present' | 'install'>} spec */
function component(spec) {
  let present;
  return {
    ...spec,
    present: () => (present ??= spec.detect()),
    get install() {
      return installHint(spec.apt, hostOs());
    },
  };
}

/** @type {Record<import('./index.d.ts').ComponentName, import('./index.d.ts').Component>} */
export const components = {
  chromium: component({
    name: 'chromium',
    why: 'headless browser for the site tests, driven by playwright-core',
    // Its recommended packages bring the fonts pages render with.
    apt: { packages: ['chromium'], recommends: true, what: 'Chromium, or set CHROMIUM_PATH' },
    detect: () => (process.env.CHROMIUM_PATH ? existsSync(process.env.CHROMIUM_PATH) : existsSync('/usr/bin/chromium')),
  }),
  'fashion-mnist': component({
    name: 'fashion-mnist',
    why: 'a second real dataset, gzipped IDX, for the data loader tests',
    apt: { packages: ['dataset-fashion-mnist'], what: 'the Fashion-MNIST IDX files under /usr/share/datasets/fashion-mnist' },
    detect: () => existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'),
  }),
  lavapipe: component({
    name: 'lavapipe',
    why: 'Mesa 25 software Vulkan driver: the WebGPU backend on a machine without a GPU',
    // Debian 12 ships Mesa 22.3, which Dawn refuses; its backports have Mesa 25.
    apt: { packages: ['mesa-vulkan-drivers', 'libvulkan1'], backportsOn: 'bookworm', what: 'Mesa 25 lavapipe (Vulkan loader + lvp ICD)' },
    detect: lavapipePresent,
  }),
  'python3-torch': component({
    name: 'python3-torch',
    why: "the seed program's PyTorch, with OpenBLAS, as the reference peer",
    apt: { packages: ['python3-torch', 'libopenblas0-pthread'], what: 'PyTorch for /usr/bin/python3, with OpenBLAS' },
    detect: torchPresent,
  }),
  slurm: component({
    name: 'slurm',
    why: 'a one-node Slurm cluster with munge, for the cluster sweep test',
    apt: { packages: ['slurm-wlm', 'munge'], what: 'Slurm (slurmctld, slurmd, sbatch) and munge' },
    detect: () => ['slurmctld', 'slurmd', 'sbatch', 'munged'].every((c) => onPath(c) || existsSync(`/usr/sbin/${c}`)),
  }),
};

// Lines already printed in this test run: kept in the environment, so that test workers started after
// a global setup (vitest) inherit them and a suite gated in both says "not run" once.
const REPORTED = 'NEGMNIST_SYSTEM_REPORTED';

/** @type {import('./index.d.ts').requireComponent} */
export function requireComponent(name, suite) {
  const component = components[name];
  if (!component) throw new Error(`unknown system component "${name}"; expected one of ${Object.keys(components).join(', ')}`);
  if (component.present()) return { available: true, component };
  const line = `not run: ${suite} (needs ${component.name}: ${component.why}); install: ${component.install}`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${line}`);
  const reported = (process.env[REPORTED] ?? '').split('\n');
  if (!reported.includes(line)) {
    process.env[REPORTED] = [...reported, line].join('\n');
    process.stderr.write(`${line}\n`);
  }
  return { available: false, component };
}
