import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 50) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const v = tf.randomUniform([784, 200]); const g = tf.randomUniform([784, 200]);
const cFull = tf.onesLike(v).cast('bool'); const c1 = tf.tensor2d([1], [1, 1]).cast('bool');
for (let r = 0; r < 2; r++) {
time('sub-mul', () => tf.tidy(() => { tf.sub(v, tf.mul(0.1, g)); }));
time('where-full', () => tf.tidy(() => { tf.where(cFull, v, g); }));
time('where-bcast', () => tf.tidy(() => { tf.where(c1, v, g); }));
time('mul-bcast', () => tf.tidy(() => { tf.mul(g, tf.tensor2d([1], [1, 1])); }));
time('isfinite', () => tf.tidy(() => { tf.isFinite(g); }));
}
