import type { NamedTensor } from '@negmnist/core';

/** Image shape, to find its centre pixel. */
export interface ImageShape {
  rows: number;
  cols: number;
}

/** Input index of an image's centre pixel, row `floor(rows / 2)`, column `floor(cols / 2)` (MNIST: 14 * 28 + 14 = 406). */
export function centrePixel(image: ImageShape): number {
  return Math.floor(image.rows / 2) * image.cols + Math.floor(image.cols / 2);
}

/**
 * Adds `deltas[k]` to member k's perturbed weight, in float32: fc1's weight from the image's centre pixel
 * ({@link centrePixel}) to hidden unit 0, PyTorch's `fc1.weight[0, 406]` on MNIST. Kernels are `[in, out]`
 * (stacked `[K, in, out]`), so it is kernel entry `[centre, 0]`. A border pixel would be 0 in every positive
 * image and the perturbation would do nothing there; the centre pixel is non-zero in many images of both
 * polarities. The one definition of the chaos measure's twin runs (the weight experiments/reproduce/lockstep
 * perturbs too). Members with a zero delta are left bit for bit as they were. `weights` are the model's
 * (kernel `[in, out]` or `[K, in, out]` first); returns new weights, `weights` untouched.
 */
export function perturbCentreWeight(weights: readonly NamedTensor[], members: number, deltas: readonly number[], image: ImageShape): NamedTensor[] {
  if (deltas.every((d) => d === 0)) return [...weights];
  const [kernel, ...rest] = weights;
  const fanIn = kernel?.shape.at(-2) ?? 0;
  const pixel = centrePixel(image);
  if (kernel === undefined || pixel >= fanIn) throw new RangeError(`perturbation: expected a centre pixel below the model's ${fanIn} inputs, received pixel ${pixel} of a ${image.rows}x${image.cols} image`);
  // member k's kernel starts at k * in * out; entry [pixel, 0] is pixel * out into it
  const data = kernel.data.slice();
  const perMember = data.length / members;
  const at = pixel * (perMember / fanIn);
  deltas.forEach((delta, k) => {
    if (delta !== 0) data[k * perMember + at] = (data[k * perMember + at] as number) + delta;
  });
  return [{ ...kernel, data }, ...rest];
}
