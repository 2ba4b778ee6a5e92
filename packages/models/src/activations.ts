import * as tf from '@tensorflow/tfjs';
import { LEAKY_RELU_SLOPE, type HiddenActivation, type OutputActivation } from '@negmnist/core';


/** Applies a hidden or output activation by name; `gelu` is the exact erf form (PyTorch's default). */
export function applyActivation<T extends tf.Tensor>(name: HiddenActivation | OutputActivation, x: T): T {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))))) as T;
    case 'none':
      return x;
  }
}

