import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireComponent } from '@negmnist/system';
import { describe, expect, it } from 'vitest';

// The lockstep check of experiments/reproduce/lockstep, short: our trainer on both engines (ONNX Runtime's
// CPU provider, and TensorFlow.js on wasm) and PyTorch from the same initial weights on the same batch
// order, 50 steps, validation loss every 10 steps. It lives here because only this package's tests run
// after both engines are built.
const SCRIPT = fileURLToPath(new URL('../../../experiments/reproduce/lockstep/lockstep.mjs', import.meta.url));

interface LockstepRow {
  step: number;
  ours: number;
  other: number;
  diff: number;
}

function lockstep(backend: string, negative: boolean): Promise<{ rows: LockstepRow[]; agree: boolean }> {
  const args = [SCRIPT, '--json', '--backend', backend, '--steps', '50', '--every', '10', '--tolerance', '1e-4', ...(negative ? ['--negative'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`lockstep exit ${code}: ${stderr}`))));
  });
}

describe.skipIf(!requireComponent('python3-torch', 'lockstep against PyTorch').available)('lockstep against PyTorch', () => {
  it.each(['onnx-cpu', 'wasm'])('%s trains the seed network like PyTorch for 50 steps, positive and negative images', { timeout: 120_000 }, async (backend) => {
    const [positive, negative] = await Promise.all([lockstep(backend, false), lockstep(backend, true)]);
    for (const run of [positive, negative]) {
      expect(run.rows.map((r) => r.step)).toEqual([10, 20, 30, 40, 50]);
      // Training moved the loss well beyond the tolerance, so agreement is not both sides standing still.
      const first = run.rows[0] as LockstepRow;
      const last = run.rows[4] as LockstepRow;
      expect(Math.abs(first.other - last.other)).toBeGreaterThan(1e-2);
      for (const row of run.rows) expect(row.diff).toBeLessThan(1e-4);
      expect(run.agree).toBe(true);
    }
  });
});
