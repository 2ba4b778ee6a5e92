import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireComponent } from '@negmnist/system';
import { describe, expect, it } from 'vitest';

// experiments/reproduce/sharpness, short: λmax of the seed network's loss Hessian on 2,048 real MNIST training
// images, ours (central differences of the ONNX engine's gradient, ReLU pattern frozen) against PyTorch's exact
// double-backward Hessian-vector products on identical weights, after 50 steps on positive and negative images.
const SCRIPT = fileURLToPath(new URL('../../../experiments/reproduce/sharpness/sharpness.mjs', import.meta.url));

interface Row {
  id: string;
  ours: number;
  torch: number;
  relative: number;
}

function compare(): Promise<{ rows: Row[]; worst: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, '--json', '--seeds', '0', '--steps', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''));
      } catch {
        reject(new Error(`sharpness script: ${stderr}`));
      }
    });
  });
}

describe.skipIf(!requireComponent('python3-torch', 'sharpness against PyTorch').available)('sharpness against PyTorch', () => {
  it('matches PyTorch\'s double-backward λmax to 1e-2 relative on the seed network, positive and negative images', { timeout: 180_000 }, async () => {
    const { rows, worst } = await compare();
    expect(rows.map((r) => r.id)).toEqual(['positive seed 0 step 50', 'negative seed 0 step 50']);
    // curvature of the size training meets (not a degenerate zero on both sides)
    for (const r of rows) expect(r.torch).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-2);
  });
});
