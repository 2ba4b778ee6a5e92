// Shared tsup options for every published package: ESM + CJS + .d.ts, Node 20 target.
// Only options that tsdown (tsup's successor) also accepts.
/** @type {import('tsup').Options} */
export const baseConfig = {
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  outDir: 'dist',
};
