import type { Server } from 'node:http';

/** An http.Server serving the static export in `root` (see serve.mjs). */
export function createStaticServer(root: string): Server;
