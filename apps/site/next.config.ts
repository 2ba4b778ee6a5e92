import type { NextConfig } from 'next';

/** Static export; `SITE_OUT_DIR` (inside this app) lets tests build next to the default `out/`. */
const nextConfig: NextConfig = {
  output: 'export',
  trailingSlash: true,
  ...(process.env.SITE_OUT_DIR ? { distDir: process.env.SITE_OUT_DIR } : {}),
  // Loaded by Node at build time instead of bundled: jsdom and the workspace packages read files.
  serverExternalPackages: ['jsdom', '@negmnist/data', '@negmnist/results', '@negmnist/viz'],
  // engine-webgpu falls back to the `webgpu` package (Dawn for Node, a native addon) where there is no
  // navigator.gpu; browser code gets a stub instead, so the lab's worker bundle never tries to pack Dawn.
  turbopack: { resolveAlias: { webgpu: { browser: './lib/lab/no-dawn.ts' } } },
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default nextConfig;
