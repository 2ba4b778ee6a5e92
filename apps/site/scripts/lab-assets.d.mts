/** Images per split the lab serves. */
export const LAB_SUBSET: { train: number; test: number };

/** File names of one split's gzip IDX files. */
export function labFiles(split: 'train' | 'test'): { images: string; labels: string };

/** Writes public/lab/data/ (gzip IDX subset of MNIST) and public/lab/tfjs/ (wasm binaries) unless current. */
export function writeLabAssets(options?: Partial<{ train: number; test: number }>): Promise<{ train: number; test: number }>;
