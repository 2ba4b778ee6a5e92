import type { Options } from 'tsup';

/** Shared tsup options: ESM + CJS + .d.ts, Node 20 target. */
export declare const baseConfig: Options;
