import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 30) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const X = tf.randomUniform([60000, 784]);
const idx = tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => (i * 937) % 60000), 'int32');
time('gather64', () => tf.tidy(() => tf.gather(X, idx).dataSync()));
const small = tf.randomUniform([1000, 784]);
time('gather64-small', () => tf.tidy(() => tf.gather(small, tf.tensor1d([1,2,3],'int32')).dataSync()));
const v = tf.randomUniform([784, 200]); const g = tf.randomUniform([784, 200]);
const c1 = tf.tensor1d([1], 'bool').reshape([1, 1]);
const cFull = tf.onesLike(v).cast('bool');
time('sub-mul', () => tf.tidy(() => tf.sub(v, tf.mul(0.1, g)).dataSync()));
time('where-bcast', () => tf.tidy(() => tf.where(c1, v, g).dataSync()));
time('where-full', () => tf.tidy(() => tf.where(cFull, v, g).dataSync()));
time('isFinite', () => tf.tidy(() => tf.isFinite(g).dataSync()));
time('mulmask', () => tf.tidy(() => tf.mul(g, tf.tensor2d([1], [1, 1])).dataSync()));
