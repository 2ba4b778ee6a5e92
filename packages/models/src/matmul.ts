import * as tf from '@tensorflow/tfjs';

/** Backends whose batched matMul (batch > 1) is a slow generic loop: there K plain matMuls are faster. */
const LOOPING_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Per-member product `a[k] @ b[k]` for `a: [Ka, n, m]`, `b: [Kb, m, p]` with Ka, Kb in {1, K}
 * (a leading 1 is shared by every member); 2-D inputs are a plain matMul. On wasm/cpu it runs K
 * 2-D matMuls (XNNPACK-fast on wasm), elsewhere one batched matMul.
 */
export function memberMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 2 && b.rank === 2) return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const [ka = 1, n = 0, m = 0] = a.shape;
  const [kb = 1, , p = 0] = b.shape;
  const k = Math.max(ka, kb);
  if (k === 1) return tf.matMul(a.reshape([n, m]) as tf.Tensor2D, b.reshape([m, p]) as tf.Tensor2D).reshape([1, n, p]);
  if (LOOPING_BACKENDS.has(tf.getBackend())) {
    const as = ka === 1 ? [a.reshape([n, m]) as tf.Tensor2D] : (tf.unstack(a) as tf.Tensor2D[]);
    const bs = kb === 1 ? [b.reshape([m, p]) as tf.Tensor2D] : (tf.unstack(b) as tf.Tensor2D[]);
    return tf.stack(Array.from({ length: k }, (_, i) => tf.matMul(as[ka === 1 ? 0 : i] as tf.Tensor2D, bs[kb === 1 ? 0 : i] as tf.Tensor2D)));
  }
  const full = (t: tf.Tensor, kt: number): tf.Tensor3D => (kt === k ? t : tf.tile(t, [k, 1, 1])) as tf.Tensor3D;
  return tf.matMul(full(a, ka), full(b, kb));
}

function transposeLast(t: tf.Tensor): tf.Tensor {
  return tf.transpose(t, t.rank === 3 ? [0, 2, 1] : [1, 0]);
}

/** Sums a member-shaped gradient back to a shared (leading 1) input's shape. */
function reduceTo(grad: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return like.rank === 3 && like.shape[0] === 1 && grad.shape[0] !== 1 ? tf.sum(grad, 0, true) : grad;
}

function makeDense(inputGradient: boolean): (x: tf.Tensor, w: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: memberMatMul(x, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor, tf.Tensor];
        const dx = inputGradient ? reduceTo(memberMatMul(dy, transposeLast(sw)), sx) : tf.zerosLike(sx);
        return [dx, reduceTo(memberMatMul(transposeLast(sx), dy), sw)];
      },
    };
  }) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;
}

/**
 * `x @ w` per member (see {@link memberMatMul}) with a gradient that transposes explicitly: the wasm
 * backend's transposed matMul is ~8x slower than a transpose followed by a plain matMul.
 */
export const dense = makeDense(true);

/** {@link dense} for a network's input layer: the input gets a zero gradient instead of a wasted matMul. */
export const denseFromInput = makeDense(false);
