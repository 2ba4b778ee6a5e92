import { getWeights, setWeights, type AnyMlp } from '@negmnist/models';

/**
 * Adds `deltas[k]` to member k's first weight, in float32: the fc1 kernel entry at row 0, column 0.
 * Kernels are `[in, out]` (stacked `[K, in, out]`), so it is the weight from input pixel 0 to hidden
 * unit 0, PyTorch's `fc1.weight[0, 0]`. The one definition of the chaos measure's perturbation: twin
 * runs that differ by it alone. Members with a zero delta are left bit for bit as they were.
 */
export async function perturbFirstWeight(model: AnyMlp, deltas: readonly number[]): Promise<void> {
  if (deltas.every((d) => d === 0)) return;
  const weights = await getWeights(model);
  const kernel = weights[0];
  if (kernel === undefined) return;
  // member k's kernel starts at k * in * out (one member: k = 0)
  const perMember = kernel.data.length / model.size;
  deltas.forEach((delta, k) => {
    if (delta !== 0) kernel.data[k * perMember] = (kernel.data[k * perMember] as number) + delta;
  });
  setWeights(model, weights);
}
