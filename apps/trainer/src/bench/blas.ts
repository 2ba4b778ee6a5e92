import type { BlasInfo } from '@negmnist/results';

// Checked in order: a process can map several (OpenBLAS's libblas.so.3 next to libopenblasp-r0.3.so).
const KINDS: ReadonlyArray<{ pattern: RegExp; name: string; reference: boolean }> = [
  { pattern: /mkl/i, name: 'MKL', reference: false },
  { pattern: /openblas/i, name: 'OpenBLAS', reference: false },
  { pattern: /blis/i, name: 'BLIS', reference: false },
  { pattern: /atlas/i, name: 'ATLAS', reference: false },
  // Debian/Ubuntu's netlib package: /usr/lib/<triplet>/blas/libblas.so.3 (also libblas.so.3 directly in /usr/lib).
  { pattern: /(^|\/)libblas\.so/i, name: 'reference BLAS (netlib)', reference: true },
];

/**
 * Classifies the BLAS of a PyTorch process. `libraries` are the resolved paths of BLAS-like libraries
 * from its `/proc/self/maps`; `config` the BLAS lines of `torch.__config__.show()` (used when nothing
 * is mapped, e.g. a torch that links MKL statically: `BLAS_INFO=mkl`).
 */
export function classifyBlas(libraries: readonly string[], config: readonly string[]): BlasInfo {
  for (const kind of KINDS) {
    const library = libraries.find((path) => kind.pattern.test(path));
    if (library !== undefined) return { name: kind.name, library, reference: kind.reference };
  }
  const built = config.join(' ').match(/BLAS_INFO=(\w+)/)?.[1];
  if (built !== undefined && built !== 'generic') return { name: built === 'mkl' ? 'MKL' : built === 'open' ? 'OpenBLAS' : built, reference: false };
  return { name: 'unknown', reference: false };
}

/** The loud warning printed when PyTorch runs on the reference BLAS, or undefined. */
export function blasWarning(blas: BlasInfo): string | undefined {
  if (!blas.reference) return undefined;
  return [
    `WARNING: PyTorch is running on the netlib reference BLAS (${blas.library ?? 'libblas.so.3'}), about 8x slower than a real BLAS.`,
    'WARNING: no PyTorch user runs on it, so ratios below flatter negmnist. On Debian/Ubuntu: apt-get install libopenblas0-pthread',
  ].join('\n');
}
