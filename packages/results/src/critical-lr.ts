/**
 * The critical learning rate of an input form and the test of the rules "lr_c ∝ 1 / scalar": plain numbers in,
 * plain numbers out, so each step is checkable by hand (the explanation's sweep uses them on run records).
 */
import { isCollapsed } from './collapse';
import { countDrops } from './drops';
import type { CandidateScalar, InputFormRecord } from './explanation';
import type { RunRecord } from './schema';
import type { UniformSource } from './stats';

/**
 * How one run ended, four outcomes counted apart: `diverged` (a non-finite loss stopped it), `collapsed` (stuck:
 * final accuracy near chance, or every probe image's logits all ≤ 0 so the ReLU on the logits passes no
 * gradient), `erratic` (learning, with at least `erraticDrops` drops) and `smooth`.
 */
export const runOutcomes = ['smooth', 'erratic', 'collapsed', 'diverged'] as const;
/** See {@link runOutcomes}. */
export type RunOutcome = (typeof runOutcomes)[number];

/** The cut that calls a run erratic and the drop size behind it. */
export interface ErraticRule {
  /** A drop is a fall of more than this share of the validation images between consecutive evaluations (`countDrops`'s share; 0.05 is its default). */
  dropShare: number;
  /** A learning run with at least this many drops is erratic. */
  erraticDrops: number;
}

/** The project's rule: one drop of more than 5% of the validation images makes a learning run erratic. */
export const DEFAULT_ERRATIC_RULE: ErraticRule = { dropShare: 0.05, erraticDrops: 1 };

/** The outcome of a run by `rule` (see {@link runOutcomes}). */
export function runOutcome(record: Pick<RunRecord, 'status' | 'evaluations'>, rule: ErraticRule = DEFAULT_ERRATIC_RULE): RunOutcome {
  if (record.status === 'diverged') return 'diverged';
  const last = record.evaluations.at(-1);
  if (last === undefined || isCollapsed(last.valAccuracy) || last.deadOutputFraction >= 1) return 'collapsed';
  return countDrops(record.evaluations, rule.dropShare) >= rule.erraticDrops ? 'erratic' : 'smooth';
}

/** Erratic runs among the learning ones (smooth or erratic); null when every run collapsed or diverged. */
export function erraticShare(outcomes: readonly RunOutcome[]): number | null {
  const judged = outcomes.filter((o) => o === 'smooth' || o === 'erratic').length;
  return judged === 0 ? null : outcomes.filter((o) => o === 'erratic').length / judged;
}

/** A critical learning rate read off a sweep. */
export interface CriticalLr {
  /** The estimate, or the bound when censored. */
  value: number;
  /**
   * `below`: already at least half erratic at the lowest judged lr (lr_c ≤ value); `above`: under half at every
   * judged lr (lr_c > value); null: bracketed and interpolated.
   */
  censored: 'below' | 'above' | null;
}

/**
 * The learning rate at which half the learning runs are erratic: the first judged lr (ascending) whose erratic
 * share is ≥ 0.5, interpolated linearly in log lr from the judged lr before it; censored when that is the
 * first judged lr or when none is. Cells whose share is null (every run collapsed or diverged) are skipped.
 * Null when no cell is judged.
 */
export function criticalLr(cells: readonly { lr: number; share: number | null }[]): CriticalLr | null {
  const judged = cells.filter((c): c is { lr: number; share: number } => c.share !== null).sort((a, b) => a.lr - b.lr);
  if (judged.length === 0) return null;
  const i = judged.findIndex((c) => c.share >= 0.5);
  if (i === -1) return { value: (judged.at(-1) as { lr: number }).lr, censored: 'above' };
  const hit = judged[i] as { lr: number; share: number };
  if (i === 0) return { value: hit.lr, censored: 'below' };
  const before = judged[i - 1] as { lr: number; share: number };
  const t = (0.5 - before.share) / (hit.share - before.share);
  return { value: Math.exp(Math.log(before.lr) + t * (Math.log(hit.lr) - Math.log(before.lr))), censored: null };
}

/** lr_c with a bootstrap interval over seeds. */
export interface CriticalLrEstimate {
  estimate: CriticalLr | null;
  /** 2.5% and 97.5% percentiles of the resampled lr_c (censored resamples counted at their bound); null when no resample is judged. */
  interval: [number, number] | null;
  /** Share of resamples that were censored. */
  censoredShare: number;
}

/**
 * lr_c of one input form from its outcomes per learning rate (`outcomes[c][s]`: cell c, seed s; the same seeds
 * in every cell), with a percentile bootstrap over seeds: each round draws the seeds with replacement, keeps
 * them paired across learning rates (one seed is one initialisation and data order), and re-reads lr_c.
 */
export function estimateCriticalLr(cells: readonly { lr: number; outcomes: readonly RunOutcome[] }[], options: { random: UniformSource; rounds: number }): CriticalLrEstimate {
  const estimate = criticalLr(cells.map((c) => ({ lr: c.lr, share: erraticShare(c.outcomes) })));
  const seeds = Math.min(...cells.map((c) => c.outcomes.length));
  const draws: number[] = [];
  let censored = 0;
  for (let r = 0; r < options.rounds; r++) {
    const pick = Array.from({ length: seeds }, () => Math.min(seeds - 1, Math.floor(options.random() * seeds)));
    const resampled = criticalLr(cells.map((c) => ({ lr: c.lr, share: erraticShare(pick.map((s) => c.outcomes[s] as RunOutcome)) })));
    if (resampled === null) continue;
    if (resampled.censored !== null) censored++;
    draws.push(Math.log(resampled.value));
  }
  draws.sort((a, b) => a - b);
  const at = (p: number): number => Math.exp(draws[Math.min(draws.length - 1, Math.max(0, Math.round(p * (draws.length - 1))))] as number);
  return { estimate, interval: draws.length === 0 ? null : [at(0.025), at(0.975)], censoredShare: draws.length === 0 ? 0 : censored / draws.length };
}

/** One input form as a candidate rule sees it. */
export interface RulePoint {
  form: string;
  /** The form's lr_c (or its bound when censored). */
  lrc: CriticalLr;
  /** The candidate scalar of the form (e.g. E‖x‖²). */
  scalar: number;
}

/** How one held-out form fared. */
export interface HeldOutPrediction {
  form: string;
  /** K / scalar with K fitted on the other forms; null when the scalar is 0 (the rule predicts no limit). */
  predicted: number | null;
  observed: number;
  censored: 'below' | 'above' | null;
  /** |ln(predicted / observed)| for bracketed forms; null for censored ones and a null prediction. */
  logError: number | null;
  /** Bracketed: within a factor 10^(1/8) (half a grid step); censored: on the side of the bound the data allow. */
  consistent: boolean;
}

/** The test of one candidate rule "lr_c = K / scalar". */
export interface RuleTest {
  /** K fitted on every bracketed form with a positive scalar (geometric mean of lr_c x scalar); null when none. */
  constant: number | null;
  /** Least-squares slope of ln lr_c on ln scalar over the same forms (the rule says -1); null with fewer than 3. */
  slope: number | null;
  /** One entry per form, each predicted from K fitted without it. */
  heldOut: HeldOutPrediction[];
  /** Mean of `logError` over the bracketed held-out forms; null when none. */
  meanLogError: number | null;
  /** Forms whose held-out prediction is consistent with the data. */
  consistent: number;
}

/** Half a step of a four-per-decade grid: a prediction this close to a bracketed lr_c is as good as the grid can tell. */
export const CONSISTENT_FACTOR = 10 ** (1 / 8);

/**
 * Leave-one-form-out test of "lr_c = K / scalar": for each form, K is the geometric mean of lr_c x scalar over
 * the other bracketed forms with a positive scalar, and the form's lr_c is predicted as K / scalar.
 */
export function testRule(points: readonly RulePoint[]): RuleTest {
  const usable = (p: RulePoint): boolean => p.lrc.censored === null && p.scalar > 0;
  const fitK = (ps: readonly RulePoint[]): number | null => {
    const fit = ps.filter(usable);
    return fit.length === 0 ? null : Math.exp(fit.reduce((s, p) => s + Math.log(p.lrc.value * p.scalar), 0) / fit.length);
  };
  const heldOut = points.map((p): HeldOutPrediction => {
    const k = fitK(points.filter((o) => o !== p));
    const predicted = k === null || !(p.scalar > 0) ? null : k / p.scalar;
    const observed = p.lrc.value;
    let consistent: boolean;
    let logError: number | null = null;
    if (p.lrc.censored === null) {
      logError = predicted === null ? null : Math.abs(Math.log(predicted / observed));
      consistent = logError !== null && logError <= Math.log(CONSISTENT_FACTOR);
    } else if (p.lrc.censored === 'above') consistent = predicted === null || predicted > observed / CONSISTENT_FACTOR;
    else consistent = predicted !== null && predicted <= observed * CONSISTENT_FACTOR;
    return { form: p.form, predicted, observed, censored: p.lrc.censored, logError, consistent };
  });
  const fit = points.filter(usable);
  let slope: number | null = null;
  if (fit.length >= 3) {
    const xs = fit.map((p) => Math.log(p.scalar));
    const ys = fit.map((p) => Math.log(p.lrc.value));
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    slope = sxx > 0 ? xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] as number) - my), 0) / sxx : null;
  }
  const errors = heldOut.map((h) => h.logError).filter((e): e is number => e !== null);
  return {
    constant: fitK(points),
    slope,
    heldOut,
    meanLogError: errors.length === 0 ? null : errors.reduce((s, e) => s + e, 0) / errors.length,
    consistent: heldOut.filter((h) => h.consistent).length,
  };
}

/** A form's value of a candidate scalar: its input geometry's, or its Hessian's λmax at initialisation (null without sharpness runs). */
export function formScalar(form: Pick<InputFormRecord, 'geometry' | 'initialSharpness'>, scalar: CandidateScalar): number | null {
  return scalar === 'initialSharpness' ? form.initialSharpness : form.geometry[scalar];
}
