import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { seedNetwork, applyStacked } from '@negmnist/models';
await tf.setBackend(process.argv[2] ?? 'wasm'); await tf.ready();
const model = seedNetwork();
const vars = model.layers.flatMap((l) => [l.kernel, l.bias]);
const X = tf.randomUniform([60000, 784]); const Y = tf.randomUniform([60000], 0, 10, 'int32');
function time(name, fn, n = 50) { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(name, ((performance.now() - t) / n).toFixed(2), 'ms'); }
const idx = () => tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => (i * 937) % 60000), 'int32');
time('gather', () => tf.tidy(() => tf.gather(X, idx()).dataSync()));
time('fwd', () => tf.tidy(() => { const x = tf.gather(X, idx()).reshape([1, 64, 784]); applyStacked(model, x).at(-1).dataSync(); }));
time('grads', () => tf.tidy(() => { const x = tf.gather(X, idx()).reshape([1, 64, 784]); const oh = tf.oneHot(tf.gather(Y, idx()), 10).reshape([1,64,10]).toFloat();
  const { grads } = tf.variableGrads(() => { const z = applyStacked(model, x).at(-1); return tf.mean(tf.sub(tf.logSumExp(z, 2), tf.sum(tf.mul(z, oh), 2))); }, vars); Object.values(grads)[0].dataSync(); }));
time('update-plain', () => tf.tidy(() => { for (const v of vars) v.assign(tf.sub(v, tf.mul(0.0, v))); vars[0].dataSync(); }));
const act = tf.tensor1d([1], 'bool');
time('update-where', () => tf.tidy(() => { for (const v of vars) v.assign(tf.where(act.reshape(new Array(v.rank).fill(1)), tf.sub(v, tf.mul(0.0, v)), v)); vars[0].dataSync(); }));
