import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
function time(name, fn, n = 10) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms'); }
const K = 3;
const x = tf.randomUniform([K, 64, 784]); const w = tf.randomUniform([K, 784, 200]); const dy = tf.randomUniform([K, 64, 200]);
time('bmm x@w', () => tf.tidy(() => { tf.matMul(x, w); }));
time('transpose w [0,2,1]', () => tf.tidy(() => { tf.transpose(w, [0, 2, 1]); }));
time('transpose x [0,2,1]', () => tf.tidy(() => { tf.transpose(x, [0, 2, 1]); }));
time('bmm xT@dy', () => tf.tidy(() => { tf.matMul(tf.transpose(x, [0, 2, 1]), dy); }));
time('bmm dy@wT', () => tf.tidy(() => { tf.matMul(dy, tf.transpose(w, [0, 2, 1])); }));
time('bmm dy@w tB', () => tf.tidy(() => { tf.matMul(dy, w, false, true); }));
const b = tf.randomUniform([K, 200]);
time('bias add', () => tf.tidy(() => { tf.add(tf.matMul(x, w), b.reshape([K, 1, 200])); }));
time('bias grad sum', () => tf.tidy(() => { tf.sum(dy, 1); }));
const xe = tf.randomUniform([1, 2000, 784]);
time('tile eval', () => tf.tidy(() => { tf.tile(xe, [K, 1, 1]); }));
time('bmm eval', () => tf.tidy(() => { tf.matMul(tf.tile(xe, [K, 1, 1]), w); }));
time('2d x@w', () => tf.tidy(() => { tf.matMul(x.reshape([K*64, 784]).slice([0,0],[64,784]), w.slice([0,0,0],[1,784,200]).reshape([784,200])); }));
