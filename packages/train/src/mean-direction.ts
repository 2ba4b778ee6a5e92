import type { FloatDataset } from '@negmnist/data';
import type { MeanDirectionProbe } from '@negmnist/results';

/**
 * The unit vector along the mean training input μ (`[features]`, float64) and its norm ‖μ‖: the direction
 * along which, for inputs far from zero, every fc1 unit's weight update points (LeCun et al., Efficient
 * BackProp, sec. 4.3). All zeros when μ = 0.
 */
export function meanInputDirection(train: Pick<FloatDataset, 'x' | 'count' | 'features'>): { direction: Float64Array; norm: number } {
  const { features, count, x } = train;
  const mean = new Float64Array(features);
  for (let n = 0; n < count; n++) {
    const base = n * features;
    for (let i = 0; i < features; i++) mean[i] = (mean[i] as number) + (x[base + i] as number);
  }
  let sq = 0;
  for (let i = 0; i < features; i++) {
    mean[i] = (mean[i] as number) / count;
    sq += (mean[i] as number) ** 2;
  }
  const norm = Math.sqrt(sq);
  return { direction: norm > 0 ? mean.map((v) => v / norm) : mean, norm };
}

/**
 * The mean-direction part of one member's fc1 weight gradient G (`[features, units]`, row-major; the SGD
 * update is -lr·G): per unit j its component along the unit mean direction u, c_j = Σ_i u_i G_ij. Returns
 * the components and the probe: `cosine` = ‖uᵀG‖ / ‖G‖_F (1 when every unit's update is a multiple of u, the
 * rank-one `u·cᵀ` structure) and `signFlipShare`, among units whose component is non-zero now and at
 * `previous` (the last measurement's components), the share whose sign changed: the zig-zag.
 */
export function meanDirectionProbe(gradient: Float32Array, direction: Float64Array, previous: Float64Array | undefined): { components: Float64Array; probe: MeanDirectionProbe } {
  const features = direction.length;
  const units = gradient.length / features;
  const components = new Float64Array(units);
  let total = 0;
  for (let i = 0; i < features; i++) {
    const u = direction[i] as number;
    const row = i * units;
    for (let j = 0; j < units; j++) {
      const g = gradient[row + j] as number;
      total += g * g;
      components[j] = (components[j] as number) + u * g;
    }
  }
  let along = 0;
  for (const c of components) along += c * c;
  let compared = 0;
  let flipped = 0;
  if (previous !== undefined) {
    for (let j = 0; j < units; j++) {
      const [a, b] = [components[j] as number, previous[j] as number];
      if (a === 0 || b === 0) continue;
      compared++;
      if (Math.sign(a) !== Math.sign(b)) flipped++;
    }
  }
  return {
    components,
    probe: {
      cosine: total > 0 ? Math.sqrt(along / total) : null,
      signFlipShare: compared > 0 ? flipped / compared : null,
      comparedUnits: compared,
    },
  };
}
