/** Images per split the lab serves. */
export const LAB_SUBSET: { train: number; test: number };

/** File names of one split's gzip IDX files. */
export function labFiles(split: 'train' | 'test'): { images: string; labels: string };

/** Writes `<root>/data/` (gzip IDX subset of MNIST) and `<root>/tfjs/` (wasm binaries) unless current; root defaults to public/lab/. */
export function writeLabAssets(options?: Partial<{ train: number; test: number; root: string }>): Promise<{ train: number; test: number }>;
