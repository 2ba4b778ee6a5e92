import type { Checkpoint } from './checkpoint';

/**
 * Member k of an ensemble checkpoint as the checkpoint of a one-member ensemble, so each run of a
 * sweep can keep its own file and runs can regroup differently on resume.
 */
export function memberCheckpoint(checkpoint: Checkpoint, k: number): Checkpoint {
  const size = checkpoint.setup.members.length;
  if (!Number.isInteger(k) || k < 0 || k >= size) throw new RangeError(`member: expected an integer in [0, ${size}), received ${k}`);
  const pick = <T>(values: readonly T[]): T[] => [values[k] as T];
  return {
    ...checkpoint,
    setup: { ...checkpoint.setup, members: pick(checkpoint.setup.members) },
    shuffleState: pick(checkpoint.shuffleState),
    window: { ...checkpoint.window, lossSum: pick(checkpoint.window.lossSum), correct: pick(checkpoint.window.correct) },
    members: pick(checkpoint.members),
    weights: checkpoint.weights.map((t) => {
      const per = t.data.length / size;
      return { name: t.name, shape: [1, ...t.shape.slice(1)], data: t.data.slice(k * per, (k + 1) * per) };
    }),
  };
}

/** Stacks one-member checkpoints (all at the same step, same layer sizes) into the checkpoint of their ensemble. */
export function stackCheckpoints(parts: readonly Checkpoint[]): Checkpoint {
  const first = parts[0];
  if (first === undefined) throw new RangeError('stackCheckpoints: expected at least one checkpoint, received none');
  return {
    ...first,
    wallTimeMs: Math.max(...parts.map((p) => p.wallTimeMs)),
    setup: { ...first.setup, members: parts.flatMap((p) => p.setup.members) },
    shuffleState: parts.flatMap((p) => p.shuffleState),
    window: { ...first.window, lossSum: parts.flatMap((p) => p.window.lossSum), correct: parts.flatMap((p) => p.window.correct) },
    members: parts.flatMap((p) => p.members),
    weights: first.weights.map((t, i) => {
      const datas = parts.map((p) => p.weights[i]?.data ?? new Float32Array(0));
      const data = new Float32Array(datas.reduce((n, d) => n + d.length, 0));
      let offset = 0;
      for (const d of datas) {
        data.set(d, offset);
        offset += d.length;
      }
      return { name: t.name, shape: [parts.length, ...t.shape.slice(1)], data };
    }),
  };
}
