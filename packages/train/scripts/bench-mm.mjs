import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 30) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const x = tf.randomUniform([64, 784]); const w = tf.randomUniform([784, 200]); const dy = tf.randomUniform([64, 200]);
time('x@w', () => tf.tidy(() => { tf.matMul(x, w); }));
time('dy@wT (tB)', () => tf.tidy(() => { tf.matMul(dy, w, false, true); }));
time('xT@dy (tA)', () => tf.tidy(() => { tf.matMul(x, dy, true, false); }));
time('transpose(x)@dy', () => tf.tidy(() => { tf.matMul(tf.transpose(x), dy); }));
time('transpose(x)', () => tf.tidy(() => { tf.transpose(x); }));
const x3 = x.reshape([1,64,784]), dy3 = dy.reshape([1,64,200]);
time('3d tA', () => tf.tidy(() => { tf.matMul(x3, dy3, true, false); }));
time('3d transpose', () => tf.tidy(() => { tf.matMul(tf.transpose(x3, [0,2,1]), dy3); }));
