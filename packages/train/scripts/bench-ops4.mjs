import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 30) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const X = tf.randomUniform([60000, 784]);
const idx = tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => (i * 937) % 60000), 'int32');
time('gather-nosync', () => tf.tidy(() => { tf.gather(X, idx); }));
time('gather-sync', () => tf.tidy(() => { tf.gather(X, idx).dataSync(); }));
time('gather-sum-sync', () => tf.tidy(() => { tf.gather(X, idx).sum().dataSync(); }));
const w = tf.randomUniform([784, 200]);
time('matmulT', () => tf.tidy(() => { tf.matMul(tf.gather(X, idx), tf.ones([64, 200]), true, false); }));
