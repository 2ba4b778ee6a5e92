import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createStaticServer } from './serve.mjs';

let root: string;
let server: Server;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'site-serve-'));
  await mkdir(path.join(root, 'runs/a'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<h1>home</h1>');
  await writeFile(path.join(root, '404.html'), '<h1>missing</h1>');
  await writeFile(path.join(root, 'runs/a/index.html'), '<h1>run a</h1>');
  await writeFile(path.join(root, 'runs/a/curves.csv'), 'step\n1\n');
  await writeFile(path.join(path.dirname(root), `${path.basename(root)}-secret.txt`), 'secret');
  server = createStaticServer(root);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
  await rm(path.join(path.dirname(root), `${path.basename(root)}-secret.txt`), { force: true });
});

/** A raw GET, so `..` segments reach the server unnormalised. */
function get(pathname: string): Promise<{ status: number; type: string; location: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), location: String(res.headers.location), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves index.html for directories and files with their content type', async () => {
  expect(await get('/')).toMatchObject({ status: 200, body: '<h1>home</h1>' });
  expect(await get('/runs/a/')).toMatchObject({ status: 200, body: '<h1>run a</h1>' });
  expect(await get('/runs/a/curves.csv')).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8' });
});

test('redirects a directory without its trailing slash', async () => {
  expect(await get('/runs/a?x=1')).toMatchObject({ status: 301, location: '/runs/a/?x=1' });
});

test('answers 404.html for missing paths and never leaves the root', async () => {
  expect(await get('/nope/')).toMatchObject({ status: 404, body: '<h1>missing</h1>' });
  const escape = await get(`/../${path.basename(root)}-secret.txt`);
  expect(escape.body).not.toContain('secret');
  expect(escape.status).toBeGreaterThanOrEqual(400);
});
