import type { NextConfig } from 'next';

/** Static export; `SITE_OUT_DIR` (inside this app) lets tests build next to the default `out/`. */
const nextConfig: NextConfig = {
  output: 'export',
  trailingSlash: true,
  ...(process.env.SITE_OUT_DIR ? { distDir: process.env.SITE_OUT_DIR } : {}),
  // Loaded by Node at build time instead of bundled: jsdom and the workspace packages read files.
  serverExternalPackages: ['jsdom', '@negmnist/data', '@negmnist/results', '@negmnist/viz'],
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default nextConfig;
