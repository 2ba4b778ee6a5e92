import { LEAKY_RELU_SLOPE, type NetworkSpec } from '@negmnist/core';
import type { GraphBuilder } from './graph-builder';

/** An activation of the models package (hidden or output). */
export type ActivationName = NetworkSpec['hidden'] | NetworkSpec['output'];

/** `act(pre)`, op for op as @negmnist/models computes it (gelu: the exact erf form). */
export function activate(g: GraphBuilder, name: ActivationName, pre: string): string {
  switch (name) {
    case 'relu':
      return g.op('Relu', [pre]);
    case 'sigmoid':
      return g.op('Sigmoid', [pre]);
    case 'tanh':
      return g.op('Tanh', [pre]);
    case 'leakyRelu':
      return g.op('LeakyRelu', [pre], { alpha: { float: LEAKY_RELU_SLOPE } });
    case 'gelu':
      return g.mul(g.mul(pre, g.float(0.5)), g.add(g.float(1), g.op('Erf', [g.mul(pre, g.float(Math.SQRT1_2))])));
    case 'none':
      return pre;
  }
}

/** Gradient with respect to `pre` of `act(pre)` given the upstream gradient `grad` and the output `out`, as TensorFlow.js's gradients. */
export function activationGrad(g: GraphBuilder, name: ActivationName, grad: string, pre: string, out: string): string {
  switch (name) {
    case 'relu':
      return g.mul(grad, g.cast(g.op('Greater', [pre, g.float(0)]), 'float'));
    case 'sigmoid':
      return g.mul(grad, g.mul(out, g.sub(g.float(1), out)));
    case 'tanh':
      return g.mul(g.sub(g.float(1), g.mul(out, out)), grad);
    case 'leakyRelu':
      return g.op('Where', [g.op('Greater', [pre, g.float(0)]), grad, g.mul(grad, g.float(LEAKY_RELU_SLOPE))]);
    case 'gelu': {
      // d/dx [0.5x (1 + erf(x/√2))] by the chain rule of that very expression
      const t = g.mul(pre, g.float(Math.SQRT1_2));
      const erfGrad = g.mul(g.float(2 / Math.sqrt(Math.PI)), g.op('Exp', [g.op('Neg', [g.mul(t, t)])]));
      const viaHalf = g.mul(g.mul(grad, g.add(g.float(1), g.op('Erf', [t]))), g.float(0.5));
      const viaErf = g.mul(g.mul(g.mul(grad, g.mul(pre, g.float(0.5))), erfGrad), g.float(Math.SQRT1_2));
      return g.add(viaHalf, viaErf);
    }
    case 'none':
      return grad;
  }
}
