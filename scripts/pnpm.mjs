#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's `packageManager`, fetching it from the npm
// registry with npx when it is not installed: a fresh machine needs only Node and npm. The README's
// commands run through it, so their first screen is ours: no update or telemetry notices.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const version = packageManager.replace(/^pnpm@/, '');
const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: false });
const args = process.argv.slice(2);
const [cmd, cmdArgs] =
  local.status === 0 && local.stdout.trim() === version
    ? ['pnpm', args]
    : ['npx', ['--yes', `pnpm@${version}`, ...args]];
const quiet = {
  npm_config_update_notifier: 'false', // npm's, when npx fetches pnpm
  PNPM_CONFIG_UPDATE_NOTIFIER: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
const env = { ...quiet, ...process.env, CI: process.env.CI ?? '' };
const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env });
process.exit(result.status ?? 1);
