import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';
import { CheckpointError } from './errors';
import { memberCheckpoint, stackCheckpoints } from './members';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** A two-member checkpoint with hand-written values (a diverged member's NaN window included). */
function sample(): Checkpoint {
  return {
    version: 2,
    step: 13,
    stepsPerEpoch: 12,
    wallTimeMs: 42,
    setup: { layerSizes: [2, 1], batchSize: 8, evalEvery: 5, evalSchedule: 'global', evalFinal: true, shuffle: true, members: [{ lr: 0.1, negative: false, seed: 1 }, { lr: 0.2, negative: true, seed: 2 }] },
    shuffleState: [[1, 2, 3, 4], [5, 6, 7, 4294967295]],
    window: { batches: 3, samples: 24, lossSum: [1.5, Number.NaN], correct: [7, Number.NaN] },
    members: [{ evaluations: [], gradientHistograms: [] }, { divergence: { step: 11, reason: 'non-finite training loss' }, evaluations: [], gradientHistograms: [] }],
    weights: [
      { name: 'fc1.kernel', shape: [2, 2, 1], data: Float32Array.from([1, 2, 3, 4]) },
      { name: 'fc1.bias', shape: [2, 1], data: Float32Array.from([-0.5, 0.25]) },
    ],
  };
}

describe('checkpoint file', () => {
  it('round-trips every field, NaN window sums included', () => {
    expect(decodeCheckpoint(encodeCheckpoint(sample()))).toEqual(sample());
  });

  it('is a safetensors file: F32 tensors, step, rng and run state as __metadata__ strings', () => {
    const bytes = encodeCheckpoint(sample());
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['fc1.kernel']).toEqual({ dtype: 'F32', shape: [2, 2, 1], data_offsets: [0, 16] });
    expect(header['fc1.bias']).toEqual({ dtype: 'F32', shape: [2, 1], data_offsets: [16, 24] });
    expect(header.__metadata__).toMatchObject({ format: 'negmnist-checkpoint', version: '2', step: '13', rng: '[[1,2,3,4],[5,6,7,4294967295]]' });
    expect(Object.values(header.__metadata__).every((v) => typeof v === 'string')).toBe(true);
    expect(view.getFloat32(8 + headerLength + 16, true)).toBe(-0.5);
  });

  it('rejects truncated, foreign and other-version files with a CheckpointError naming the file', () => {
    const bytes = encodeCheckpoint(sample());
    const cases: [Uint8Array, RegExp][] = [
      [bytes.subarray(0, bytes.length - 4), /run\/checkpoint\.safetensors: tensor `fc1\.bias`: offsets/],
      [new TextEncoder().encode('hello world, not a checkpoint'), /expected a safetensors header/],
      [new Uint8Array(4), /at least 8 bytes/],
      [encodeSafetensors([], { format: 'other' }), /__metadata__\.format: expected negmnist-checkpoint, received "other"/],
      [encodeSafetensors([], { format: 'negmnist-checkpoint', version: '1' }), /__metadata__\.version: expected 2, received "1"/],
      [encodeSafetensors([], { format: 'negmnist-checkpoint', version: '2', step: '3', rng: '[[0]]', run: '{}' }), /__metadata__\.rng/],
    ];
    for (const [file, message] of cases) {
      expect(() => decodeCheckpoint(file, { fileName: 'run/checkpoint.safetensors' })).toThrow(CheckpointError);
      expect(() => decodeCheckpoint(file, { fileName: 'run/checkpoint.safetensors' })).toThrow(message);
    }
  });
});

describe('safetensors', () => {
  it('keeps tensor order and metadata, and refuses repeated names', () => {
    const tensors = [
      { name: 'b', shape: [1], data: Float32Array.from([9]) },
      { name: 'a', shape: [2], data: Float32Array.from([1.5, -2]) },
    ];
    const decoded = decodeSafetensors(encodeSafetensors(tensors, { note: 'x' }));
    expect(decoded).toEqual({ tensors, metadata: { note: 'x' } });
    expect(() => encodeSafetensors([tensors[0]!, tensors[0]!])).toThrow(CheckpointError);
    expect(() => encodeSafetensors([{ name: 'c', shape: [3], data: new Float32Array(2) }])).toThrow(/needs 3 values, received 2/);
  });
});

describe('member checkpoints', () => {
  it('splits an ensemble checkpoint into one-member ones that stack back to it', () => {
    const whole = sample();
    const parts = [0, 1].map((k) => memberCheckpoint(whole, k));
    expect(parts[1]).toMatchObject({ shuffleState: [[5, 6, 7, 4294967295]], setup: { members: [{ seed: 2 }] } });
    expect(parts[1]!.weights[0]).toEqual({ name: 'fc1.kernel', shape: [1, 2, 1], data: Float32Array.from([3, 4]) });
    expect(stackCheckpoints(parts)).toEqual(whole);
    expect(() => memberCheckpoint(whole, 2)).toThrow(RangeError);
  });
});
