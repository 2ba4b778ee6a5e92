// How a component's apt packages are installed on this machine: the platform, the extra apt source
// a release needs (Mesa 25 comes from bookworm-backports on Debian 12), and the install command.
// The "not run" lines and scripts/setup.mjs both take their commands from here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** @returns {import('./index.d.ts').HostOs} */
export function hostOs() {
  let fields = {};
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    fields = Object.fromEntries(
      text.split('\n').filter((l) => l.includes('=')).map((l) => {
        const at = l.indexOf('=');
        return [l.slice(0, at), l.slice(at + 1).replace(/^"|"$/g, '')];
      }),
    );
  } catch {
    // No os-release (macOS, Windows): not an apt system.
  }
  const family = `${fields.ID ?? ''} ${fields.ID_LIKE ?? ''}`;
  const apt = /\b(debian|ubuntu)\b/.test(family) && existsSync('/usr/bin/apt-get');
  return { apt, id: fields.ID ?? process.platform, codename: fields.VERSION_CODENAME ?? '' };
}

/** Installed version of a Debian package, or undefined (not installed, or no dpkg). */
export function debVersion(pkg) {
  const out = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}|${Version}', pkg], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const [status, version] = out.stdout.split('|');
  return status?.startsWith('ii') ? version : undefined;
}

function sourceConfigured(suite) {
  const files = ['/etc/apt/sources.list'];
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir)) files.push(...readdirSync(dir).map((f) => `${dir}/${f}`));
  return files.some((f) => {
    try {
      return readFileSync(f, 'utf8').split('\n').some((l) => !l.trimStart().startsWith('#') && l.includes(suite));
    } catch {
      return false;
    }
  });
}

/**
 * The apt steps that install `apt` on `os`.
 * @param {import('./index.d.ts').AptPackages} apt
 * @param {import('./index.d.ts').HostOs} os
 * @returns {import('./index.d.ts').AptPlan}
 */
export function aptPlan(apt, os) {
  const backports = apt.backportsOn === os.codename && os.id === 'debian' ? `${os.codename}-backports` : undefined;
  const source =
    backports && !sourceConfigured(backports)
      ? { file: `/etc/apt/sources.list.d/${backports}.list`, line: `deb http://deb.debian.org/debian ${backports} main` }
      : undefined;
  const args = ['install', '-y', '-q', ...(apt.recommends ? [] : ['--no-install-recommends'])];
  if (backports) args.push('-t', backports);
  return { source, args: [...args, ...apt.packages] };
}

/** One-line install command for people, e.g. for the "not run" lines. */
export function installHint(apt, os) {
  if (!os.apt) return `install ${apt.what} (on Debian/Ubuntu: apt-get install ${apt.packages.join(' ')})`;
  const plan = aptPlan(apt, os);
  const add = plan.source ? `echo '${plan.source.line}' | sudo tee ${plan.source.file} && sudo apt-get update && ` : '';
  const args = plan.args.filter((a) => a !== '-y' && a !== '-q');
  return `${add}sudo apt-get ${args.join(' ')} (or run node scripts/setup.mjs as root)`;
}
