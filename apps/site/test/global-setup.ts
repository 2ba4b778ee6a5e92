import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { requireComponent } from '@negmnist/system';
import { createStaticServer } from '../scripts/serve.mjs';
import { MALFORMED_FILE } from './fixtures';
import { SAMPLE_DIR } from './sample-records';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the site built from the committed sample records plus one malformed record. */
    siteUrl: string;
    /** Base URL of the site built from an empty results directory. */
    emptySiteUrl: string;
    /** Output of the sample-records build (its warnings name skipped files). */
    buildLog: string;
    /** The results directory the site was built from (the samples plus one malformed record). */
    resultsDir: string;
  }
}

const appDir = fileURLToPath(new URL('..', import.meta.url));

function nextBuild(resultsDir: string, outDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(appDir, 'node_modules/.bin/next'), ['build'], {
      cwd: appDir,
      env: { ...process.env, RESULTS_DIR: resultsDir, SITE_OUT_DIR: outDir, NEXT_TELEMETRY_DISABLED: '1', INIT_CWD: appDir },
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`next build for ${resultsDir} failed: expected exit 0, received ${code}\n${log.slice(-4000)}`))));
  });
}

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createStaticServer(dir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Without a browser the e2e tests do not run (or fail under CI): no need to build the site for them.
  if (!requireComponent('chromium', 'site browser tests').available) return undefined;
  const root = await mkdtemp(path.join(tmpdir(), 'negmnist-site-'));
  const resultsDir = path.join(root, 'results');
  const emptyDir = path.join(root, 'empty');
  await mkdir(emptyDir);
  await cp(SAMPLE_DIR, resultsDir, { recursive: true });
  await mkdir(path.dirname(path.join(resultsDir, MALFORMED_FILE)), { recursive: true });
  await writeFile(path.join(resultsDir, MALFORMED_FILE), JSON.stringify({ schemaVersion: 1, id: 'broken-run', evaluations: 'none' }));

  // SITE_TEST_REUSE_BUILD=1 serves the previous run's builds (when only test code changed).
  const logFile = path.join(appDir, '.test-out/records-build.log');
  let buildLog: string;
  if (process.env.SITE_TEST_REUSE_BUILD === '1') {
    buildLog = await readFile(logFile, 'utf8');
  } else {
    buildLog = await nextBuild(resultsDir, '.test-out/records');
    await nextBuild(emptyDir, '.test-out/empty');
    await writeFile(logFile, buildLog);
  }
  const site = await serve(path.join(appDir, '.test-out/records'));
  const empty = await serve(path.join(appDir, '.test-out/empty'));
  project.provide('siteUrl', site.url);
  project.provide('emptySiteUrl', empty.url);
  project.provide('buildLog', buildLog);
  project.provide('resultsDir', resultsDir);
  return async () => {
    site.server.closeAllConnections();
    empty.server.closeAllConnections();
    await Promise.all([site, empty].map(({ server }) => new Promise((resolve) => server.close(resolve))));
    await rm(root, { recursive: true, force: true });
  };
}
