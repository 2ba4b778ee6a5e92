// One home for the system components the test suites need: detection, install command, test gate.
// scripts/setup.mjs installs from this list; tests gate on it with requireComponent().
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const SETUP = 'node scripts/setup.mjs (as root, Debian/Ubuntu)';

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function cached(detect) {
  let value;
  return () => (value ??= detect());
}

function mesaIcdPresent() {
  // Dawn refuses Mesa < 25's lavapipe; Debian names the package version, other systems the ICD file.
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'mesa-vulkan-drivers'], { encoding: 'utf8' });
  if (dpkg.status === 0) return /^25|^2[6-9]|^[3-9]\d/.test(dpkg.stdout.trim());
  const dir = '/usr/share/vulkan/icd.d';
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('lvp_icd'));
}

/** @type {Record<string, import('./index.d.ts').Component>} */
export const components = {
  chromium: {
    name: 'chromium',
    why: 'headless browser for the site tests (playwright-core drives it)',
    install: `apt-get install chromium, or ${SETUP}; or set CHROMIUM_PATH`,
    present: cached(() => (process.env.CHROMIUM_PATH ? existsSync(process.env.CHROMIUM_PATH) : existsSync('/usr/bin/chromium'))),
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    why: 'a second real IDX dataset (gzip) for the data loader tests',
    install: `apt-get install dataset-fashion-mnist, or ${SETUP}`,
    present: cached(() => existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')),
  },
  lavapipe: {
    name: 'lavapipe',
    why: 'Mesa 25 software Vulkan driver: the WebGPU backend on a machine without a GPU',
    install: `apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1, or ${SETUP}`,
    present: cached(mesaIcdPresent),
  },
  'python3-torch': {
    name: 'python3-torch',
    why: 'the seed program\'s PyTorch (with OpenBLAS) as the reference peer',
    install: `apt-get install python3-torch libopenblas0-pthread, or ${SETUP}`,
    present: cached(() => spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0),
  },
  slurm: {
    name: 'slurm',
    why: 'a one-node Slurm cluster (slurmctld, slurmd, munge) for the cluster sweep test',
    install: `apt-get install slurm-wlm munge, or ${SETUP}`,
    present: cached(() => ['slurmctld', 'slurmd', 'sbatch', 'munged'].every((c) => onPath(c) || existsSync(`/usr/sbin/${c}`))),
  },
};

const reported = new Set();

/** @type {import('./index.d.ts').requireComponent} */
export function requireComponent(name, suite) {
  const component = components[name];
  if (!component) throw new Error(`unknown system component "${name}"; expected one of ${Object.keys(components).join(', ')}`);
  if (component.present()) return { available: true, component };
  const line = `not run: ${suite} needs ${component.name} (${component.why}); install: ${component.install}`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI: ${line}`);
  if (!reported.has(line)) {
    reported.add(line);
    process.stderr.write(`${line}\n`);
  }
  return { available: false, component };
}
