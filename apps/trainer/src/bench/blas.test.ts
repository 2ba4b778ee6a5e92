import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireComponent } from '@negmnist/system';
import { describe, expect, it } from 'vitest';
import { blasWarning, classifyBlas } from './blas';
import type { TorchInfo } from './torch';

// Library paths as Debian 12's packages install them (libopenblas0-pthread, libblas3, intel-mkl).
const OPENBLAS = ['/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'];
const NETLIB = ['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3', '/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3'];

describe('classifyBlas', () => {
  it('names OpenBLAS from its library, even when mapped as libblas.so.3', () => {
    expect(classifyBlas(OPENBLAS, ['BLAS_INFO=generic'])).toEqual({ name: 'OpenBLAS', library: OPENBLAS[0], reference: false });
  });

  it('flags the netlib reference BLAS', () => {
    expect(classifyBlas(NETLIB, ['BLAS_INFO=generic'])).toEqual({ name: 'reference BLAS (netlib)', library: NETLIB[0], reference: true });
  });

  it('prefers MKL and BLIS over a libblas.so.3 next to them', () => {
    expect(classifyBlas(['/usr/lib/x86_64-linux-gnu/libblas.so.3', '/opt/intel/mkl/lib/libmkl_rt.so.2'], []).name).toBe('MKL');
    expect(classifyBlas(['/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3'], []).name).toBe('BLIS');
  });

  it('falls back to the build settings when no library is mapped (static MKL in pip wheels)', () => {
    expect(classifyBlas([], ['- Build settings: BLAS_INFO=mkl', 'LAPACK_INFO=mkl'])).toEqual({ name: 'MKL', reference: false });
    expect(classifyBlas([], ['BLAS_INFO=generic'])).toEqual({ name: 'unknown', reference: false });
  });

  it('warns loudly only for the reference BLAS, with the fix', () => {
    expect(blasWarning(classifyBlas(NETLIB, []))).toMatch(/^WARNING: PyTorch is running on the netlib reference BLAS[\s\S]*apt-get install libopenblas0-pthread$/);
    expect(blasWarning(classifyBlas(OPENBLAS, []))).toBeUndefined();
  });
});

// Debian's alternatives link says which libblas.so.3 the dynamic loader hands torch: an oracle outside the bench.
const ALTERNATIVE = '/etc/alternatives/libblas.so.3-x86_64-linux-gnu';
describe.skipIf(!requireComponent('python3-torch', 'bench BLAS detection on the real torch').available)('the torch script on this machine', () => {
  it('reports the BLAS library the system alternative points to', () => {
    const script = fileURLToPath(new URL('../../python/seed_bench.py', import.meta.url));
    const run = spawnSync('/usr/bin/python3', [script, 'info'], { encoding: 'utf8' });
    const info = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as TorchInfo;
    expect(info.torch).toMatch(/^\d+\.\d+/);
    expect(info.blasLibraries.length).toBeGreaterThan(0);
    const blas = classifyBlas(info.blasLibraries, info.blasConfig);
    if (existsSync(ALTERNATIVE)) {
      const chosen = realpathSync(ALTERNATIVE);
      expect(info.blasLibraries).toContain(chosen);
      expect(blas.reference).toBe(chosen.includes('/blas/'));
    }
  });
});
