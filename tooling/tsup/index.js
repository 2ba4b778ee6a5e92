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
  // classes keep their own names (esbuild would rename `DatasetError` to `_DatasetError`), so
  // `error.constructor.name` and name-based error checks across bundles and worker threads hold
  keepNames: true,
  outDir: 'dist',
};
