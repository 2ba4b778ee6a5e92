import { describe, expect, it } from 'vitest';
import { checkProvider, onnxRuntimeVersion } from './providers';

describe('checkProvider', () => {
  it('finds the CPU provider and names the runtime version', async () => {
    expect(await checkProvider('cpu')).toEqual({ available: true });
    expect(onnxRuntimeVersion()).toMatch(/^1\.\d+\.\d+/);
  });
  it('answers for the GPU providers without throwing', async () => {
    for (const provider of ['cuda', 'webgpu'] as const) {
      const check = await checkProvider(provider);
      if (!check.available) expect(check.reason).not.toBe('');
    }
  });
});
