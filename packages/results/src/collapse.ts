/**
 * The "stuck near chance" rule, said once for the whole project: a run whose final validation accuracy is below
 * `COLLAPSE_BELOW` (0.2, twice chance for 10 classes) ended collapsed: every output dead or one class predicted.
 * The CLI's explanation, the site and the reproduction scripts use {@link isCollapsed}.
 */
export const COLLAPSE_BELOW = 0.2;

/** Whether a run with this final validation accuracy is stuck near chance (see {@link COLLAPSE_BELOW}). */
export function isCollapsed(finalAccuracy: number): boolean {
  return finalAccuracy < COLLAPSE_BELOW;
}
