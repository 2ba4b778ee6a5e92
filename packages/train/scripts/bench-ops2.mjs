import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 30) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const v = tf.randomUniform([784, 200]); const g = tf.randomUniform([784, 200]);
time('sub-mul', () => tf.tidy(() => tf.sub(v, tf.mul(0.1, g)).dataSync()));
time('sub-mul-nosync', () => tf.tidy(() => { tf.sub(v, tf.mul(0.1, g)); }));
time('matmul', () => tf.tidy(() => { tf.matMul(tf.ones([64,784]), v).dataSync(); }));
if (process.argv[3]) { const X = tf.randomUniform([60000, 784]); time('sub-mul-afterX', () => tf.tidy(() => tf.sub(v, tf.mul(0.1, g)).dataSync())); }
