#!/usr/bin/env node
// Serves the static export (`out/`) on localhost with node:http only. Usage: node scripts/serve.mjs [dir] [--port N]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

async function fileAt(file) {
  try {
    const info = await stat(file);
    return info.isFile() ? file : info.isDirectory() ? fileAt(path.join(file, 'index.html')) : null;
  } catch {
    return null;
  }
}

/** An http.Server serving `root`: `/a/` → `a/index.html`, `/a` → redirect to `/a/` when a directory, 404.html otherwise. */
export function createStaticServer(root) {
  const base = path.resolve(root);
  return createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = '/';
    }
    const target = path.join(base, pathname);
    // Never serve outside the root, whatever `..` the request carries.
    if (target !== base && !target.startsWith(base + path.sep)) {
      response.writeHead(403).end('Forbidden');
      return;
    }
    const file = await fileAt(target);
    if (file && !pathname.endsWith('/') && file.endsWith(`${path.sep}index.html`) && !target.endsWith('index.html')) {
      response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const found = file ?? (await fileAt(path.join(base, '404.html')));
    if (!found) {
      response.writeHead(404, { 'content-type': TYPES['.txt'] }).end('Not found');
      return;
    }
    const type = TYPES[path.extname(found)] ?? 'application/octet-stream';
    response.writeHead(file ? 200 : 404, { 'content-type': type, 'cache-control': 'no-cache' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(found).pipe(response);
  });
}

function parseArgs(argv) {
  let dir = fileURLToPath(new URL('../out', import.meta.url));
  let port = Number(process.env.PORT ?? 3000);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), argv[i]);
  }
  return { dir, port };
}

async function main() {
  const { dir, port } = parseArgs(process.argv.slice(2));
  if (!(await fileAt(path.join(dir, 'index.html')))) {
    console.error(`No site in ${dir}: expected index.html there. Build it first: pnpm --filter @negmnist/site build`);
    process.exit(1);
  }
  const server = createStaticServer(dir);
  server.on('error', (error) => {
    console.error(`Serving ${dir} failed: ${error.message}${error.code === 'EADDRINUSE' ? ` (try --port ${port + 1})` : ''}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const { port: bound } = server.address();
    console.log(`negmnist site: http://localhost:${bound}/  (serving ${dir}; Ctrl-C stops)`);
  });
  process.on('SIGINT', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
