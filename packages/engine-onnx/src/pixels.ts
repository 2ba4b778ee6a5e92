import type { FloatDataset } from '@negmnist/data';
import type { GraphBuilder } from './graph-builder';
import type { NetworkSpec } from './network';

/** One float32 step of the pixel transform: `x / value`, `x - value`, `x + value` or `value - x`. */
export interface PixelOp {
  op: 'div' | 'sub' | 'add' | 'rsub';
  value: number;
}

const apply = (x: number, { op, value }: PixelOp): number => {
  const c = Math.fround(value);
  return Math.fround(op === 'div' ? x / c : op === 'sub' ? x - c : op === 'add' ? x + c : c - x);
};

/**
 * The float32 steps that turn a pixel byte into `ds`'s value (v / 255, `1 - x` for negative images,
 * `+ offset`, `(x - mean) / std`), or undefined when they do not give `ds.pixelValues` bit for bit for all 256
 * bytes (a transform this engine does not know): the table is the reference, the steps only a faster
 * way to compute it inside the graph.
 */
export function pixelOps(ds: FloatDataset): PixelOp[] | undefined {
  // per-pixel values are not a function of the byte alone
  if (ds.pixelShift !== undefined) return undefined;
  const ops: PixelOp[] = [{ op: 'div', value: 255 }];
  if (ds.negative) ops.push({ op: 'rsub', value: 1 });
  if (ds.offset !== 0) ops.push({ op: 'add', value: ds.offset });
  if (ds.normalize !== undefined) ops.push({ op: 'sub', value: ds.normalize.mean }, { op: 'div', value: ds.normalize.std });
  for (let v = 0; v < 256; v++) {
    if (!Object.is(ops.reduce(apply, v), ds.pixelValues[v])) return undefined;
  }
  return ops;
}

/**
 * The training set as pixel bytes: input uint8 `pixels` `[rows, in]`. Returns a function that gathers
 * rows `indices` and computes each polarity's values with its steps (elementwise float32 ops, the same
 * values as the dataset's `x`), without a float copy of the whole set.
 */
export function pixelInputs(g: GraphBuilder, spec: NetworkSpec, rows: string, ops: readonly (readonly PixelOp[])[]): (indices: string) => string[] {
  const pixels = g.input('pixels', 'uint8', [rows, spec.layerSizes[0] as number]);
  return (indices) => {
    const bytes = g.cast(g.op('Gather', [pixels, indices]), 'float');
    return ops.map((steps) =>
      steps.reduce((x, { op, value }) => {
        const c = g.float(value);
        return op === 'div' ? g.div(x, c) : op === 'sub' ? g.sub(x, c) : op === 'add' ? g.add(x, c) : g.sub(c, x);
      }, bytes),
    );
  };
}
