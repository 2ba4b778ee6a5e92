import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 30) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const v = tf.randomUniform([784, 200]);
time('dataSync', () => v.dataSync());
time('sub-nosync', () => tf.tidy(() => { tf.sub(v, 1); }));
time('sub-sync1', () => tf.tidy(() => { tf.sub(v, 1).slice([0,0],[1,1]).dataSync(); }));
time('sub-sync', () => tf.tidy(() => { tf.sub(v, 1).dataSync(); }));
