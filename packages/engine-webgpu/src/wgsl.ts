import { LEAKY_RELU_SLOPE } from '@negmnist/core';
import { MEMBER_STRIDE, type Layout } from './layout';

// The engine's WGSL, generated per network shape: every kernel runs all K members (workgroup z = member).
// Per step: forward{l} (gather + tiled X·W + bias + activation), loss (softmax cross-entropy, the divergence
// guard, window sums, dLoss/dlogits), backprop{l} (δ·Wᵀ through the activation) and grad{l} (hᵀ·δ with the
// SGD update in its epilogue), all reading one uniform slot per step.

/** Bits of `Params.flags`. */
export const FLAG = { gather: 1, storeGrad: 2, update: 4, useAnchor: 8, writeAnchor: 16, shared: 32, normsOfWeights: 64 } as const;
/** `Params.mode`. */
export const MODE = { train: 0, evaluate: 1, gradient: 2, probe: 3 } as const;
/** u32 fields of one uniform slot, in order. */
export const PARAM_FIELDS = ['step', 'rows', 'cap', 'dcap', 'indexBase', 'rowStart', 'mode', 'flags', 'tableBase', 'labelByte'] as const;

/** Rows per forward workgroup, and the input tile width (inputs per shared-memory tile). */
const RT = 8;
const IT = 64;
/** Inputs per weight-gradient workgroup (register block), rows per tile. */
const GI = 8;
const GR = 64;

const f = (v: number): string => {
  const s = Math.fround(v).toPrecision(9);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
};
const u = (v: number): string => `${v}u`;
/** A WGSL `array<u32, n>` literal of `values`. */
const list = (values: readonly number[]): string => `array<u32, ${values.length}>(${values.map(u).join(', ')})`;

/** Workgroup counts of each kernel for `rows` rows (x, y, z). */
export function groups(layout: Layout, kernel: string, rows: number): [number, number, number] {
  const { k, sizes, layers } = layout;
  const l = Number(kernel.replace(/\D+/g, ''));
  if (kernel.startsWith('forward')) return [Math.ceil((sizes[l + 1] as number) / 64), Math.ceil(rows / RT), k];
  if (kernel.startsWith('backprop')) return [Math.ceil((sizes[l] as number) / 64), Math.ceil(rows / RT), k];
  if (kernel.startsWith('grad')) return [Math.ceil((sizes[l + 1] as number) / 64), Math.ceil(((sizes[l] as number) + 1) / GI), k];
  if (kernel === 'loss') return [1, 1, k];
  return [layers, 1, k];
}

/** The kernel names of a layout, in no particular order. */
export function kernelNames(layout: Layout): string[] {
  const names = ['loss', 'norms', 'probe'];
  for (let l = 0; l < layout.layers; l++) names.push(`forward${l}`, `grad${l}`);
  for (let l = 1; l < layout.layers; l++) names.push(`backprop${l}`);
  return names;
}

/** The WGSL module of a layout. */
export function shaderSource(layout: Layout): string {
  const { layers } = layout;
  const parts = [header(layout)];
  for (let l = 0; l < layers; l++) {
    parts.push(forwardKernel(layout, l), gradKernel(layout, l));
    if (l > 0) parts.push(backpropKernel(layout, l));
  }
  parts.push(lossKernel(layout), normsKernel(layout), probeKernel(layout));
  return parts.join('\n');
}

function header(layout: Layout): string {
  const { k, sizes, widthTotal } = layout;
  const features = sizes[0] as number;
  return /* wgsl */ `
struct Params { step: i32, rows: u32, cap: u32, dcap: u32, indexBase: u32, rowStart: u32, mode: u32, flags: u32, tableBase: u32, labelByte: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> data: array<u32>;
@group(0) @binding(2) var<storage, read> aux: array<f32>;
@group(0) @binding(3) var<storage, read> indices: array<u32>;
@group(0) @binding(4) var<storage, read_write> weights: array<f32>;
@group(0) @binding(5) var<storage, read_write> acts: array<f32>;
@group(0) @binding(6) var<storage, read_write> grads: array<f32>;
@group(0) @binding(7) var<storage, read_write> stats: array<f32>;
@group(0) @binding(8) var<storage, read_write> status: array<atomic<i32>>;

const K: u32 = ${u(k)};
const F: u32 = ${u(features)};
const TABLE: u32 = ${u(256 + features)};
const WTOTAL: u32 = ${u(widthTotal)};
const SLOPE: f32 = ${f(LEAKY_RELU_SLOPE)};
const SQRT1_2: f32 = ${f(Math.SQRT1_2)};

fn byteAt(i: u32) -> u32 { return (data[i >> 2u] >> ((i & 3u) * 8u)) & 255u; }
fn imageRow(m: u32, r: u32) -> u32 {
  if ((p.flags & ${u(FLAG.gather)}) != 0u) {
    let member = select(m, 0u, (p.flags & ${u(FLAG.shared)}) != 0u);
    return indices[p.indexBase + member * p.rows + r];
  }
  return p.rowStart + r;
}
fn labelOf(row: u32) -> u32 { return byteAt(p.labelByte + row); }
fn pixel(m: u32, row: u32, i: u32) -> f32 {
  let t = p.tableBase + u32(aux[m * ${u(MEMBER_STRIDE)} + 2u]) * TABLE;
  return aux[t + byteAt(row * F + i)] + aux[t + 256u + i];
}
fn actCode(m: u32, output: bool) -> u32 { return u32(aux[m * ${u(MEMBER_STRIDE)} + select(3u, 4u, output)]); }
fn rate(m: u32, first: bool) -> f32 { return aux[m * ${u(MEMBER_STRIDE)} + select(0u, 1u, first)]; }
// pre-activations (section 0) and activations (1): [K, cap, width]; deltas (2) and anchor pre-activations (3): [K, dcap, width]
fn preAt(prefix: u32, width: u32, m: u32, r: u32) -> u32 { return K * p.cap * prefix + (m * p.cap + r) * width; }
fn outAt(prefix: u32, width: u32, m: u32, r: u32) -> u32 { return K * p.cap * (WTOTAL + prefix) + (m * p.cap + r) * width; }
fn deltaAt(prefix: u32, width: u32, m: u32, r: u32) -> u32 { return 2u * K * p.cap * WTOTAL + K * p.dcap * prefix + (m * p.dcap + r) * width; }
fn anchorAt(prefix: u32, width: u32, m: u32, r: u32) -> u32 { return 2u * K * p.cap * WTOTAL + K * p.dcap * (WTOTAL + prefix) + (m * p.dcap + r) * width; }
fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }

// erf as TensorFlow.js computes it (Abramowitz and Stegun 7.1.26)
fn erf1(x: f32) -> f32 {
  let v = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * v);
  return sign(x) * (1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-v * v));
}
// act(x); with an anchor, ReLU-like units take the slope they have at the anchor's pre-activation a
fn activate(code: u32, x: f32, anchored: bool, a: f32) -> f32 {
  switch code {
    case 0u: { if (anchored) { return x * select(0.0, 1.0, a > 0.0); } return select(x, 0.0, x < 0.0); }
    case 1u: { return 1.0 / (1.0 + exp(-x)); }
    case 2u: { return tanh(clamp(x, -20.0, 20.0)); }
    case 3u: { return select(x * SLOPE, x, select(x, a, anchored) > 0.0); }
    case 4u: { return (x * 0.5) * (1.0 + erf1(x * SQRT1_2)); }
    default: { return x; }
  }
}
// dLoss/dpre from the upstream g, the pre-activation x and the activation y (TensorFlow.js's gradients)
fn activationGrad(code: u32, g: f32, x: f32, y: f32, anchored: bool, a: f32) -> f32 {
  switch code {
    case 0u: { return g * select(0.0, 1.0, select(x, a, anchored) > 0.0); }
    case 1u: { return g * (y * (1.0 - y)); }
    case 2u: { return (1.0 - y * y) * g; }
    case 3u: { return select(g * SLOPE, g, select(x, a, anchored) > 0.0); }
    case 4u: {
      let t = x * SQRT1_2;
      return (g * (1.0 + erf1(t))) * 0.5 + ((g * (x * 0.5)) * (1.1283791670955126 * exp(-(t * t)))) * SQRT1_2;
    }
    default: { return g; }
  }
}

var<workgroup> tile: array<f32, ${RT * IT}>;
var<workgroup> reduce: array<f32, 64>;
fn sum64(v: f32, t: u32) -> f32 {
  reduce[t] = v;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (t < s) { reduce[t] = reduce[t] + reduce[t + s]; }
    workgroupBarrier();
  }
  let total = reduce[0];
  workgroupBarrier();
  return total;
}
fn max64(v: f32, t: u32) -> f32 {
  reduce[t] = v;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (t < s) { reduce[t] = max(reduce[t], reduce[t + s]); }
    workgroupBarrier();
  }
  let total = reduce[0];
  workgroupBarrier();
  return total;
}
`;
}

// Accumulators as scalars (lavapipe keeps a dynamically indexed local array in memory, 3x slower)
const scalars = (n: number): string => Array.from({ length: n }, (_, j) => `var a${j} = 0.0;`).join(' ');
const unrolled = (n: number, line: (j: number) => string): string => Array.from({ length: n }, (_, j) => line(j)).join(' ');
const gathered = (n: number): string => `array<f32, ${n}>(${Array.from({ length: n }, (_, j) => `a${j}`).join(', ')})`;

/**
 * A tiled product for every member: thread `o` of a 64-wide workgroup accumulates RT rows of
 * `Σ_i input(m, r, i) · weight(i, o)` over `inner` inputs, the inputs staged through workgroup memory;
 * `epilogue` writes `acc[rr]` for row `r`.
 */
function tiled(name: string, inner: number, outer: number, input: string, weight: string, epilogue: string): string {
  return /* wgsl */ `
@compute @workgroup_size(64)
fn ${name}(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let o = wg.x * 64u + t;
  let r0 = wg.y * ${u(RT)};
  let m = wg.z;
  ${scalars(RT)}
  for (var i0 = 0u; i0 < ${u(inner)}; i0 += ${u(IT)}) {
    for (var q = 0u; q < ${u((RT * IT) / 64)}; q++) {
      let e = q * 64u + t;
      let r = r0 + e / ${u(IT)};
      let i = i0 + e % ${u(IT)};
      var v = 0.0;
      if (r < p.rows && i < ${u(inner)}) { v = ${input}; }
      tile[e] = v;
    }
    workgroupBarrier();
    if (o < ${u(outer)}) {
      let n = min(${u(IT)}, ${u(inner)} - i0);
      for (var ii = 0u; ii < n; ii++) {
        let w = ${weight};
        ${unrolled(RT, (j) => `a${j} = a${j} + tile[${u(j * IT)} + ii] * w;`)}
      }
    }
    workgroupBarrier();
  }
  let acc = ${gathered(RT)};
  if (o < ${u(outer)}) {
    for (var rr = 0u; rr < ${u(RT)}; rr++) {
      let r = r0 + rr;
      if (r < p.rows) { ${epilogue} }
    }
  }
}
`;
}

function forwardKernel(layout: Layout, l: number): string {
  const fanIn = layout.sizes[l] as number;
  const fanOut = layout.sizes[l + 1] as number;
  const last = l === layout.layers - 1;
  const prefix = u(layout.widthBefore[l] as number);
  const inPrefix = l === 0 ? '' : u(layout.widthBefore[l - 1] as number);
  const input = l === 0 ? 'pixel(m, imageRow(m, r), i)' : `acts[outAt(${inPrefix}, ${u(fanIn)}, m, r) + i]`;
  const epilogue = /* wgsl */ `
        let pre = acc[rr] + weights[${u(layout.biasAt[l] as number)} + m * ${u(fanOut)} + o];
        let at = preAt(${prefix}, ${u(fanOut)}, m, r) + o;
        let anchor = anchorAt(${prefix}, ${u(fanOut)}, m, r) + o;
        if ((p.flags & ${u(FLAG.writeAnchor)}) != 0u) { acts[anchor] = pre; }
        let anchored = (p.flags & ${u(FLAG.useAnchor)}) != 0u;
        var a = 0.0;
        if (anchored) { a = acts[anchor]; }
        acts[at] = pre;
        acts[outAt(${prefix}, ${u(fanOut)}, m, r) + o] = activate(actCode(m, ${last}), pre, anchored, a);`;
  return tiled(`forward${l}`, fanIn, fanOut, input, `weights[${u(layout.kernelAt[l] as number)} + m * ${u(fanIn * fanOut)} + (i0 + ii) * ${u(fanOut)} + o]`, epilogue);
}

function backpropKernel(layout: Layout, l: number): string {
  // δ_{l-1}[r, j] = act'_{l-1}(Σ_o δ_l[r, o] · W_l[j, o]); thread j, inner o
  const fanIn = layout.sizes[l] as number;
  const fanOut = layout.sizes[l + 1] as number;
  const prefix = u(layout.widthBefore[l] as number);
  const below = u(layout.widthBefore[l - 1] as number);
  const epilogue = /* wgsl */ `
        let at = preAt(${below}, ${u(fanIn)}, m, r) + o;
        let anchored = (p.flags & ${u(FLAG.useAnchor)}) != 0u;
        var a = 0.0;
        if (anchored) { a = acts[anchorAt(${below}, ${u(fanIn)}, m, r) + o]; }
        acts[deltaAt(${below}, ${u(fanIn)}, m, r) + o] = activationGrad(actCode(m, false), acc[rr], acts[at], acts[outAt(${below}, ${u(fanIn)}, m, r) + o], anchored, a);`;
  return tiled(
    `backprop${l}`,
    fanOut,
    fanIn,
    `acts[deltaAt(${prefix}, ${u(fanOut)}, m, r) + i]`,
    `weights[${u(layout.kernelAt[l] as number)} + m * ${u(fanIn * fanOut)} + o * ${u(fanOut)} + i0 + ii]`,
    epilogue,
  );
}

function gradKernel(layout: Layout, l: number): string {
  // g[i, o] = Σ_r h[r, i] · δ[r, o] (i = fanIn: the bias, h = 1); GI inputs per workgroup, rows in tiles of GR
  const fanIn = layout.sizes[l] as number;
  const fanOut = layout.sizes[l + 1] as number;
  const prefix = u(layout.widthBefore[l] as number);
  const input = l === 0 ? 'pixel(m, imageRow(m, r), i)' : `acts[outAt(${u(layout.widthBefore[l - 1] as number)}, ${u(fanIn)}, m, r) + i]`;
  return /* wgsl */ `
@compute @workgroup_size(64)
fn grad${l}(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let o = wg.x * 64u + t;
  let i0 = wg.y * ${u(GI)};
  let m = wg.z;
  ${scalars(GI)}
  for (var r0 = 0u; r0 < p.rows; r0 += ${u(GR)}) {
    for (var q = 0u; q < ${u((GI * GR) / 64)}; q++) {
      let e = q * 64u + t;
      let r = r0 + e / ${u(GI)};
      let i = i0 + e % ${u(GI)};
      var v = 0.0;
      if (r < p.rows && i < ${u(fanIn)}) { v = ${input}; } else if (r < p.rows && i == ${u(fanIn)}) { v = 1.0; }
      tile[e] = v;
    }
    workgroupBarrier();
    if (o < ${u(fanOut)}) {
      let n = min(${u(GR)}, p.rows - r0);
      for (var rr = 0u; rr < n; rr++) {
        let d = acts[deltaAt(${prefix}, ${u(fanOut)}, m, r0 + rr) + o];
        let at = rr * ${u(GI)};
        ${unrolled(GI, (j) => `a${j} = a${j} + tile[at + ${u(j)}] * d;`)}
      }
    }
    workgroupBarrier();
  }
  let acc = ${gathered(GI)};
  if (o < ${u(fanOut)}) {
    let live = atomicLoad(&status[m]) < 0;
    let lr = rate(m, ${l === 0});
    for (var ii = 0u; ii < ${u(GI)}; ii++) {
      let i = i0 + ii;
      if (i <= ${u(fanIn)}) {
        let at = select(${u(layout.kernelAt[l] as number)} + m * ${u(fanIn * fanOut)} + i * ${u(fanOut)} + o, ${u(layout.biasAt[l] as number)} + m * ${u(fanOut)} + o, i == ${u(fanIn)});
        let g = acc[ii];
        if ((p.flags & ${u(FLAG.storeGrad)}) != 0u) { grads[at] = g; }
        if ((p.flags & ${u(FLAG.update)}) != 0u && live) { weights[at] = weights[at] - lr * g; }
      }
    }
  }
}
`;
}

function lossKernel(layout: Layout): string {
  const { stats, layers } = layout;
  const classes = layout.sizes[layers] as number;
  const prefix = u(layout.widthBefore[layers - 1] as number);
  const c = u(classes);
  return /* wgsl */ `
fn allFrozenBefore() -> bool {
  for (var j = 0u; j < K; j++) {
    let at = atomicLoad(&status[j]);
    if (at < 0 || at >= p.step) { return false; }
  }
  return true;
}
@compute @workgroup_size(64)
fn loss(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let m = wg.z;
  let code = actCode(m, true);
  let backward = p.mode == ${u(MODE.train)} || p.mode == ${u(MODE.gradient)};
  let anchored = (p.flags & ${u(FLAG.useAnchor)}) != 0u;
  var lossSum = 0.0;
  var hits = 0.0;
  for (var r = t; r < p.rows; r += 64u) {
    let z = outAt(${prefix}, ${c}, m, r);
    let label = labelOf(imageRow(m, r));
    var top = acts[z];
    var arg = 0u;
    for (var j = 1u; j < ${c}; j++) {
      let v = acts[z + j];
      if (v > top) { top = v; arg = j; }
    }
    var s = 0.0;
    for (var j = 0u; j < ${c}; j++) { s += exp(acts[z + j] - top); }
    let lse = top + log(s);
    lossSum += lse - acts[z + label];
    hits += select(0.0, 1.0, arg == label);
    if (p.mode == ${u(MODE.evaluate)}) { stats[${u(stats.predictions)} + m * ${u(layout.validationCount)} + p.rowStart + r] = f32(arg); }
    if (backward) {
      let pre = preAt(${prefix}, ${c}, m, r);
      let d = deltaAt(${prefix}, ${c}, m, r);
      let anchor = anchorAt(${prefix}, ${c}, m, r);
      for (var j = 0u; j < ${c}; j++) {
        let dz = (exp(acts[z + j] - lse) - select(0.0, 1.0, j == label)) / f32(p.rows);
        var a = 0.0;
        if (anchored) { a = acts[anchor + j]; }
        acts[d + j] = activationGrad(code, dz, acts[pre + j], acts[z + j], anchored, a);
      }
    }
  }
  let total = sum64(lossSum, t);
  let correct = sum64(hits, t);
  if (t == 0u) {
    if (p.mode == ${u(MODE.train)}) {
      let mean = total / f32(p.rows);
      if (!finite(mean) && atomicLoad(&status[m]) < 0) { atomicStore(&status[m], p.step); }
      if (!allFrozenBefore()) {
        stats[${u(stats.windowLoss)} + m] = stats[${u(stats.windowLoss)} + m] + mean;
        stats[${u(stats.windowCorrect)} + m] = stats[${u(stats.windowCorrect)} + m] + correct;
      }
    } else if (p.mode == ${u(MODE.evaluate)}) {
      stats[${u(stats.evalLoss)} + m] = stats[${u(stats.evalLoss)} + m] + total;
      stats[${u(stats.evalCorrect)} + m] = stats[${u(stats.evalCorrect)} + m] + correct;
    } else {
      stats[${u(stats.lossOut)} + m] = total / f32(p.rows);
    }
  }
}
`;
}

function normsKernel(layout: Layout): string {
  const { layers, stats } = layout;
  const fanIns = layout.sizes.slice(0, layers);
  const fanOuts = layout.sizes.slice(1);
  return /* wgsl */ `
@compute @workgroup_size(64)
fn norms(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let l = wg.x;
  let m = wg.z;
  var kernelAt = ${list(layout.kernelAt)};
  var biasAt = ${list(layout.biasAt)};
  var fanIn = ${list(fanIns)};
  var fanOut = ${list(fanOuts)};
  let n = fanIn[l] * fanOut[l];
  let ofWeights = (p.flags & ${u(FLAG.normsOfWeights)}) != 0u;
  var s = 0.0;
  for (var e = t; e < n + fanOut[l]; e += 64u) {
    let at = select(kernelAt[l] + m * n + e, biasAt[l] + m * fanOut[l] + e - n, e >= n);
    var v = grads[at];
    if (ofWeights) { v = weights[at]; }
    s += v * v;
  }
  let total = sqrt(sum64(s, t));
  if (t == 0u) { stats[select(${u(stats.gradNorm)}, ${u(stats.weightNorm)}, ofWeights) + m * ${u(layers)} + l] = total; }
}
`;
}

function probeKernel(layout: Layout): string {
  const { layers, stats, probeWidth } = layout;
  const widths = layout.sizes.slice(1);
  return /* wgsl */ `
// layer l of member m on the probe rows: dead-unit share, activation mean and std (population), and for the
// last layer the share of rows whose every output is <= 0
@compute @workgroup_size(64)
fn probe(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = lid.x;
  let l = wg.x;
  let m = wg.z;
  var width = ${list(widths)};
  var before = ${list(layout.widthBefore)};
  let w = width[l];
  let n = p.rows * w;
  var s = 0.0;
  for (var e = t; e < n; e += 64u) { s += acts[outAt(before[l], w, m, e / w) + e % w]; }
  let mean = sum64(s, t) / f32(n);
  var v = 0.0;
  for (var e = t; e < n; e += 64u) {
    let d = acts[outAt(before[l], w, m, e / w) + e % w] - mean;
    v += d * d;
  }
  let variance = sum64(v, t) / f32(n);
  var dead = 0.0;
  for (var j = t; j < w; j += 64u) {
    var top = acts[outAt(before[l], w, m, 0u) + j];
    for (var r = 1u; r < p.rows; r++) { top = max(top, acts[outAt(before[l], w, m, r) + j]); }
    dead += select(0.0, 1.0, top <= 0.0);
  }
  let deadShare = sum64(dead, t) / f32(w);
  var deadRows = 0.0;
  if (l == ${u(layers - 1)}) {
    for (var r = t; r < p.rows; r += 64u) {
      var top = acts[outAt(before[l], w, m, r)];
      for (var j = 1u; j < w; j++) { top = max(top, acts[outAt(before[l], w, m, r) + j]); }
      deadRows += select(0.0, 1.0, top <= 0.0);
    }
  }
  let deadOutput = sum64(deadRows, t) / f32(p.rows);
  if (t == 0u) {
    let at = ${u(stats.probes)} + m * ${u(probeWidth)};
    stats[at + 3u * l] = deadShare;
    stats[at + 3u * l + 1u] = mean;
    stats[at + 3u * l + 2u] = sqrt(variance);
    if (l == ${u(layers - 1)}) { stats[at + ${u(3 * layers)}] = deadOutput; }
  }
}
`;
}
