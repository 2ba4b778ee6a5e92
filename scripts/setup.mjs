#!/usr/bin/env node
// Installs the system components the test suites need (tooling/system's registry), one line each,
// where it may: Debian/Ubuntu as root or with non-interactive sudo. Elsewhere it names each missing
// component and its install command and goes on: those suites report "not run" (under CI=true they
// fail). Prints nothing when every component is present. `npm test` and .ci/run call it.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptPlan, components, hostOs } from '../tooling/system/index.js';

const log = join(tmpdir(), 'negmnist-setup-apt.log');

/** The command prefix that runs as root ([] when we are root), or undefined when we may not. */
function asRoot() {
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

function run(root, command, input) {
  const [cmd, ...args] = [...root, 'env', 'DEBIAN_FRONTEND=noninteractive', ...command];
  appendFileSync(log, `\n$ ${command.join(' ')}\n`);
  const out = spawnSync(cmd, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  appendFileSync(log, `${out.stdout ?? ''}${out.stderr ?? ''}`);
  return out.status === 0;
}

function main() {
  const missing = Object.values(components).filter((c) => !c.detect());
  if (missing.length === 0) return;
  const os = hostOs();
  const root = os.apt ? asRoot() : undefined;
  if (root === undefined) {
    const why = os.apt ? 'not root and no non-interactive sudo' : `no apt on ${os.id}`;
    for (const c of missing) console.log(`setup: ${c.name} is missing (${c.why}); cannot install it here (${why}): ${c.install}`);
    return;
  }
  writeFileSync(log, '');
  const plans = new Map(missing.map((c) => [c, aptPlan(c.apt, os)]));
  const apt = ['apt-get', '-o', 'DPkg::Lock::Timeout=600'];
  for (const { source } of plans.values()) {
    if (!source) continue;
    console.log(`setup: adding the apt source ${source.line} (${source.file})`);
    run(root, ['tee', source.file], `${source.line}\n`);
  }
  if (!run(root, [...apt, 'update', '-q'])) console.log(`setup: apt-get update failed (log: ${log}); trying the install anyway`);
  let failed = 0;
  for (const [c, plan] of plans) {
    const start = performance.now();
    const from = plan.args.includes('-t') ? ` from ${plan.args[plan.args.indexOf('-t') + 1]}` : '';
    process.stdout.write(`setup: ${c.name}: installing ${c.apt.packages.join(' ')}${from} (${c.why}) ... `);
    const ok = run(root, [...apt, ...plan.args]) && c.detect();
    failed += ok ? 0 : 1;
    console.log(ok ? `done in ${((performance.now() - start) / 1000).toFixed(0)} s` : `failed (log: ${log})`);
  }
  // The suites' gate reports what is still missing (and fails under CI=true).
  const outcome = process.env.CI === 'true' ? 'fail (CI)' : 'not run';
  if (failed > 0) console.log(`setup: ${failed} component(s) could not be installed; their suites will ${outcome}`);
}

main();
