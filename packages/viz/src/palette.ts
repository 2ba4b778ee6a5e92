/**
 * Okabe–Ito colours (Okabe & Ito 2008), ordered so that the first four (positive/negative ×
 * relu/sigmoid in the usual sweep) stay distinct under every common colour-vision deficiency;
 * yellow comes last because it is faint on white.
 */
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#F0E442'] as const;

/** Ordinal colour scale options giving each configuration key its own Okabe–Ito colour, with a legend. */
export function configColorScale(keys: readonly string[]): {
  type: 'ordinal';
  domain: string[];
  range: string[];
  legend: boolean;
  label: string;
} {
  // beyond eight configurations colours repeat; the legend still names each one
  const range = keys.map((_, i) => okabeIto[i % okabeIto.length]!);
  return { type: 'ordinal', domain: [...keys], range, legend: true, label: 'configuration' };
}
