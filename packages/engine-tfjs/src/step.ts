import * as tf from '@tensorflow/tfjs';
import type { LossGradient, ResolvedMember } from '@negmnist/core';
import { forwardWith, type AnyMlp } from '@negmnist/models';
import type { NamedTensor } from '@negmnist/core';
import { memberBatch, type DeviceSplit } from './device-data';

/** Mean softmax cross-entropy per member, as PyTorch's CrossEntropyLoss on the model outputs `[K, batch, classes]`. */
export function memberLosses(outputs: tf.Tensor3D, oneHot: tf.Tensor3D): tf.Tensor1D {
  return tf.mean(tf.sub(tf.logSumExp(outputs, 2), tf.sum(tf.mul(outputs, oneHot), 2)), 1);
}

/** Correct predictions per member (argmax of the outputs, first index on ties as torch.max). */
export function memberCorrect(outputs: tf.Tensor3D, labels: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.cast(tf.equal(tf.argMax(outputs, 2), labels), 'float32'), 1);
}

/**
 * Batched SGD over the model's members. Window loss and correct-count sums stay on the device; the
 * only per-step read is one small async transfer: a finite flag per member (the NaN/Inf guard, so a
 * member whose loss turns non-finite is frozen before its update is applied), plus the fc1 gradient
 * on steps that ask for it. Async because synchronous reads fail on WebGPU in Node.
 */
export class Stepper {
  readonly windowLoss: tf.Variable<tf.Rank.R1>;
  readonly windowCorrect: tf.Variable<tf.Rank.R1>;
  /** Per member: -1 while healthy, else the step of its first non-finite loss (it is not updated after). */
  readonly divergedAt: number[];
  /** `[K, layers]` gradient L2 norms of the last step that asked for them. */
  gradNorms: tf.Tensor2D | undefined;
  /** fc1 kernel gradient values of the last step that asked for them, member-major (`[K * in * out]`). */
  fc1Grad: Float32Array | undefined;
  private readonly lr: tf.Tensor1D;
  /** Per member `lr * fc1LrScale`: the first layer's rate. */
  private readonly fc1Lr: tf.Tensor1D;
  private readonly variables: tf.Variable[];
  /** Names of the first layer's kernel and bias (they train at `fc1Lr`). */
  private readonly fc1Names: ReadonlySet<string>;
  /** All members share one data order: gather each batch once for all of them. */
  private readonly sharedOrder: boolean;

  constructor(
    private readonly model: AnyMlp,
    private readonly data: DeviceSplit,
    members: readonly ResolvedMember[],
  ) {
    const k = model.size;
    this.windowLoss = tf.variable(tf.zeros([k]), false);
    this.windowCorrect = tf.variable(tf.zeros([k]), false);
    this.divergedAt = new Array<number>(k).fill(-1);
    this.lr = tf.tensor1d(members.map((m) => m.lr));
    this.fc1Lr = tf.tensor1d(members.map((m) => m.lr * m.fc1LrScale));
    const fc1 = model.layers[0];
    this.fc1Names = new Set(fc1 === undefined ? [] : [fc1.kernel.name, fc1.bias.name]);
    this.variables = model.layers.flatMap((l) => [l.kernel, l.bias]);
    this.sharedOrder = members.every((m) => m.seed === members[0]?.seed);
  }

  /** True once every member has diverged. */
  get allDiverged(): boolean {
    return this.divergedAt.every((s) => s >= 0);
  }

  /** One optimiser step on member batches `indices` (K arrays of equal length). */
  async run(indices: readonly Uint32Array[], step: number, want: { gradNorms: boolean; fc1Grad: boolean }): Promise<void> {
    const { model } = this;
    const k = model.size;
    tf.dispose(this.gradNorms);
    this.gradNorms = undefined;
    this.fc1Grad = undefined;
    const { grads, read } = tf.tidy(() => {
      const batch = memberBatch(this.data, indices, this.sharedOrder);
      const oneHot = tf.cast(tf.oneHot(batch.labels, this.data.numClasses), 'float32') as tf.Tensor3D;
      let outputs: tf.Tensor3D | undefined;
      let losses: tf.Tensor1D | undefined;
      const { grads } = tf.variableGrads(() => {
        const outs = model.applyStacked(batch.x);
        outputs = tf.keep(outs[outs.length - 1] as tf.Tensor3D);
        losses = tf.keep(memberLosses(outputs, oneHot));
        return tf.sum(losses);
      }, this.variables);
      const lossK = losses as tf.Tensor1D;
      this.windowLoss.assign(tf.add(this.windowLoss, lossK));
      this.windowCorrect.assign(tf.add(this.windowCorrect, memberCorrect(outputs as tf.Tensor3D, batch.labels)));
      if (want.gradNorms) this.gradNorms = tf.keep(this.layerNorms((name) => grads[name] as tf.Tensor));
      // one transfer per step: finite flags, then the fc1 gradient when wanted
      const parts: tf.Tensor1D[] = [tf.cast(tf.isFinite(lossK), 'float32')];
      if (want.fc1Grad) parts.push(tf.reshape(grads[model.layers[0]?.kernel.name ?? ''] as tf.Tensor, [-1]));
      const read = parts.length === 1 ? (parts[0] as tf.Tensor1D) : tf.concat(parts);
      tf.dispose([outputs as tf.Tensor, lossK]);
      return { grads, read };
    });
    try {
      const values = (await read.data()) as Float32Array;
      if (want.fc1Grad) this.fc1Grad = values.slice(k);
      const active = this.divergedAt.map((at, m) => {
        if (at < 0 && values[m] !== 1) this.divergedAt[m] = step;
        return this.divergedAt[m] === -1;
      });
      tf.tidy(() => this.update(grads, active));
    } finally {
      tf.dispose([read, ...Object.values(grads)]);
    }
  }

  /**
   * Each member's mean loss and its gradient at `weights` on training images `images` (the same for every
   * member), ReLU-like units frozen in their pattern at `anchor` (see `forwardWith`); the model's variables
   * are not touched.
   */
  async lossGradient(weights: readonly NamedTensor[], images: Uint32Array, anchor: readonly NamedTensor[]): Promise<LossGradient> {
    const { model } = this;
    const names = model.layers.flatMap((l) => [`${l.name}.kernel`, `${l.name}.bias`]);
    const tensorsOf = (named: readonly NamedTensor[]): tf.Tensor[] => {
      const byName = new Map(named.map((t) => [t.name, t]));
      return names.map((name, i) => {
        const t = byName.get(name);
        const variable = this.variables[i] as tf.Variable;
        if (t === undefined || t.data.length !== variable.size) throw new RangeError(`lossGradient: expected tensor ${name} of ${variable.size} values, received ${t === undefined ? 'none' : t.data.length}`);
        return tf.tensor(t.data, variable.shape);
      });
    };
    const { loss, grads } = tf.tidy(() => {
      const batch = memberBatch(this.data, [images], true);
      const oneHot = tf.cast(tf.oneHot(batch.labels, this.data.numClasses), 'float32') as tf.Tensor3D;
      const frozen = forwardWith(model, tensorsOf(anchor), batch.x).pre;
      let losses: tf.Tensor1D | undefined;
      const f = (...params: tf.Tensor[]): tf.Scalar => {
        const out = forwardWith(model, params, batch.x, frozen).out;
        losses = tf.keep(memberLosses(out[out.length - 1] as tf.Tensor3D, oneHot));
        return tf.sum(losses);
      };
      const grads = tf.grads(f)(tensorsOf(weights));
      return { loss: losses as tf.Tensor1D, grads: grads.map((g) => tf.keep(g)) };
    });
    try {
      const values = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
      return {
        loss: (await loss.data()) as Float32Array,
        gradients: names.map((name, i) => ({ name, shape: [...(this.variables[i] as tf.Variable).shape], data: values[i] as Float32Array })),
      };
    } finally {
      tf.dispose([loss, ...grads]);
    }
  }

  /** SGD update of the active members; frozen members keep their weights. */
  private update(grads: tf.NamedTensorMap, active: readonly boolean[]): void {
    if (active.every(Boolean)) {
      for (const v of this.variables) v.assign(tf.sub(v, tf.mul(tf.reshape(this.rateOf(v), this.memberShape(v.rank)), grads[v.name] as tf.Tensor)));
    } else if (active.some(Boolean)) {
      // frozen members may have NaN gradients: select, not multiply by zero
      const mask = tf.tensor1d(active.map((a) => (a ? 1 : 0)));
      for (const v of this.variables) {
        const shape = this.memberShape(v.rank);
        const keep = tf.cast(tf.mul(tf.onesLike(v), tf.reshape(mask, shape)), 'bool');
        v.assign(tf.where(keep, tf.sub(v, tf.mul(tf.reshape(this.rateOf(v), shape), grads[v.name] as tf.Tensor)), v));
      }
    }
  }

  /** Per-member learning rate of a variable: `lr`, or `lr * fc1LrScale` for the first layer. */
  private rateOf(v: tf.Variable): tf.Tensor1D {
    return this.fc1Names.has(v.name) ? this.fc1Lr : this.lr;
  }

  /** `[K, layers]` L2 norms (weights and bias together) of per-variable tensors looked up by variable name. */
  layerNorms(valueOf: (variableName: string) => tf.Tensor): tf.Tensor2D {
    const k = this.model.size;
    const norms = this.model.layers.map((layer) => {
      const sq = (t: tf.Tensor): tf.Tensor1D => tf.sum(tf.square(t).reshape([k, -1]), 1);
      return tf.sqrt(tf.add(sq(valueOf(layer.kernel.name)), sq(valueOf(layer.bias.name))));
    });
    return tf.stack(norms, 1) as tf.Tensor2D;
  }

  /** Sets the window accumulators (zero after an evaluation; restored values on resume). */
  setWindow(lossSum: readonly number[], correct: readonly number[]): void {
    tf.tidy(() => {
      this.windowLoss.assign(tf.tensor1d([...lossSum]));
      this.windowCorrect.assign(tf.tensor1d([...correct]));
    });
  }

  /** Freezes members from host-side decisions (non-finite validation loss, or a resumed divergence). */
  setDivergedAt(steps: readonly number[]): void {
    steps.forEach((s, m) => (this.divergedAt[m] = s));
  }

  dispose(): void {
    tf.dispose([this.windowLoss, this.windowCorrect, this.lr, this.fc1Lr, this.gradNorms]);
  }

  /** Broadcast shape of a per-member value against a variable: `[K, 1, …]` (ensemble) or `[1, …]` (single Mlp). */
  private memberShape(rank: number): number[] {
    return this.model.kind === 'mlp' ? new Array<number>(rank).fill(1) : [this.model.size, ...new Array<number>(rank - 1).fill(1)];
  }
}
