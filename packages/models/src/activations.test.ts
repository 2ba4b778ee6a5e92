import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { applyActivation } from './activations';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('implements each activation as PyTorch does', () => {
  const x = tf.tensor1d([-2, -0.5, 0, 1]);
  const expected: Record<string, number[]> = {
    relu: [0, 0, 0, 1],
    sigmoid: [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-1))],
    tanh: [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1)],
    leakyRelu: [-0.02, -0.005, 0, 1],
    // torch.nn.functional.gelu(torch.tensor([-2, -0.5, 0, 1.]))
    gelu: [-0.04550026, -0.15426877, 0, 0.8413447],
    none: [-2, -0.5, 0, 1],
  };
  for (const [name, values] of Object.entries(expected)) {
    const y = applyActivation(name as 'relu', x);
    expect(Array.from(y.dataSync()), name).toEqual(values.map((v) => expect.closeTo(v, 5)));
  }
});

it('gelu has a gradient (needed to train gelu networks)', () => {
  const g = tf.grad((x: tf.Tensor) => applyActivation('gelu', x).sum())(tf.tensor1d([0, 1]));
  // d/dx x·Φ(x) = Φ(x) + x·φ(x): 0.5 at 0, 0.8413 + 0.2420 at 1
  expect(Array.from(g.dataSync())).toEqual([expect.closeTo(0.5, 5), expect.closeTo(1.0833155, 4)]);
});
