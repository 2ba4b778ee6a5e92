import type { CandidateScalar, Configuration, CriticalLrRecord, DeadUnits, Effect, MeanDirectionSummary, RuleTestRecord, Sentence, Sharpness, SharpnessSeries, Source, Sweep } from '@negmnist/results';
import { formScalar, median } from '@negmnist/results/aggregate';
import type { Polarity } from '@negmnist/core';
import { NEGATIVE_NORM_FORM } from './forms';

/** How each candidate scalar is written. */
export const SCALAR_WORDS: Record<CandidateScalar, string> = {
  meanSquaredNorm: 'E‖x‖² (the mean squared input norm)',
  meanNormSquared: '‖μ‖² (the squared norm of the mean input)',
  secondMomentTop: 'λmax(E[xxᵀ]) (the top eigenvalue of the input second moment)',
  initialSharpness: 'λmax of the loss Hessian at initialisation',
};

const SHORT: Record<CandidateScalar, string> = {
  meanSquaredNorm: 'E‖x‖²',
  meanNormSquared: '‖μ‖²',
  secondMomentTop: 'λmax(E[xxᵀ])',
  initialSharpness: 'λmax(H) at init',
};

const lrText = (x: number): string => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));

/** lr_c of a form in words: "0.056 (95% CI 0.042 to 0.071)", "above 1" or "at most 0.01". */
export function criticalLrText(c: CriticalLrRecord | undefined): string {
  if (c === undefined || c.value === null) return 'not estimable (no run learned)';
  if (c.censored === 'above') return `above ${lrText(c.value)} (fewer than half of the learning runs erratic at every learning rate up to ${lrText(c.value)})`;
  if (c.censored === 'below') return `at most ${lrText(c.value)} (at least half of the learning runs erratic already at ${lrText(c.value)})`;
  const ci = c.interval === null ? '' : ` (95% CI ${lrText(c.interval[0])} to ${lrText(c.interval[1])})`;
  return `${lrText(c.value)}${ci}`;
}

/** Whether two forms' lr_c are told apart by their intervals (or by censoring on opposite sides). */
export function distinguishable(a: CriticalLrRecord | undefined, b: CriticalLrRecord | undefined): boolean {
  if (a?.value == null || b?.value == null) return false;
  const range = (c: CriticalLrRecord, value: number): [number, number] => {
    if (c.censored === 'above') return [value, Number.POSITIVE_INFINITY];
    if (c.censored === 'below') return [0, value];
    return c.interval ?? [value, value];
  };
  const [x, y] = [range(a, a.value), range(b, b.value)];
  return x[1] < y[0] || y[1] < x[0];
}

/** Everything the new sentences are made from. */
export interface AnswerInputs {
  sweep: Sweep | null;
  sharpness: Sharpness | null;
  meanDirection: readonly MeanDirectionSummary[];
  deadUnits: readonly DeadUnits[];
  configurations: readonly Configuration[];
  effects: readonly Effect[];
}

const lrc = (sweep: Sweep, form: string) => sweep.criticalLrs.find((c) => c.form === form);
const formLabel = (sweep: Sweep, form: string) => sweep.forms.find((f) => f.id === form)?.label ?? form;

/** A critical learning rate in few words (the lead): the value, its interval or its bound. */
function shortLrText(c: CriticalLrRecord | undefined): string {
  if (c === undefined || c.value === null) return 'not estimable';
  if (c.censored === 'above') return `above ${lrText(c.value)}`;
  if (c.censored === 'below') return `at most ${lrText(c.value)}`;
  return `${lrText(c.value)}${c.interval === null ? '' : ` (95% CI ${lrText(c.interval[0])} to ${lrText(c.interval[1])})`}`;
}

/** The lead, short enough for a phone's first screen: how far negative images lower the critical learning rate. */
function leadSentence(sweep: Sweep): Sentence | undefined {
  const neg = lrc(sweep, 'negative');
  const pos = lrc(sweep, 'positive');
  if (neg === undefined || pos === undefined) return undefined;
  return {
    id: 'answer-lead',
    topic: 'answer',
    seeds: sweep.seeds,
    text:
      `Negative images train erratically at lr 0.1 because they lower the largest learning rate that trains smoothly (lr_c, where half the runs turn erratic): ` +
      `${shortLrText(neg)} on negative images against ${shortLrText(pos)} on positive ones (${sweep.seeds} seeds per learning rate, ${sweep.epochs} epochs).`,
  };
}

/** Which rule predicts held-out forms, and what that makes of negative images. */
function winnerSentence(sweep: Sweep): Sentence | undefined {
  const winner = sweep.rules.find((r) => r.scalar === sweep.winner);
  if (winner === undefined) return undefined;
  const neg = sweep.forms.find((f) => f.id === 'negative');
  const pos = sweep.forms.find((f) => f.id === 'positive');
  if (neg === undefined || pos === undefined) return undefined;
  const [vn, vp] = [formScalar(neg, winner.scalar), formScalar(pos, winner.scalar)];
  const others = sweep.rules.filter((r) => r !== winner).map((r) => `${SHORT[r.scalar]} ${r.consistent} of ${r.heldOut.length}`);
  return {
    id: 'sweep-winner',
    topic: 'sweep',
    seeds: sweep.seeds,
    text:
      `Of the candidate rules lr_c ∝ 1 / scalar, the one in ${SCALAR_WORDS[winner.scalar]} predicts the forms it was not fitted to best: ` +
      `${winner.consistent} of ${winner.heldOut.length} held-out forms within half a grid step or on the side their bound allows` +
      `${winner.meanLogError === null ? '' : `, mean error a factor ${Math.exp(winner.meanLogError).toFixed(2)}`}` +
      `${winner.slope === null ? '' : `, fitted log-log slope ${winner.slope.toFixed(2)} (the rule says -1)`}; the others: ${others.join(', ')}.` +
      `${vn === null || vp === null ? '' : ` That scalar is ${vn.toPrecision(3)} for negative images against ${vp.toPrecision(3)} for positive ones.`}`,
  };
}

/** The two decisive controls against negative and positive images. */
function controlsSentence(sweep: Sweep): Sentence | undefined {
  const neg = lrc(sweep, 'negative');
  const pos = lrc(sweep, 'positive');
  const a = lrc(sweep, NEGATIVE_NORM_FORM);
  const b = lrc(sweep, 'positive-negative-mean');
  if (neg === undefined || pos === undefined || a === undefined || b === undefined) return undefined;
  const like = (x: CriticalLrRecord, name: string, other: CriticalLrRecord, otherName: string): string =>
    distinguishable(x, other) ? `unlike ${otherName}` : `not distinguishable from ${otherName}`;
  return {
    id: 'sweep-controls',
    topic: 'sweep',
    seeds: sweep.seeds,
    text:
      `Two controls separate the input's size from its mean: zero-mean inputs scaled to the E‖x‖² of negative images have lr_c ${criticalLrText(a)}, ${like(a, 'control a', neg, 'negative images')}; ` +
      `positive digits given the mean image of negative images (same mean and covariance, digits not inverted) have lr_c ${criticalLrText(b)}, ${like(b, 'control b', neg, 'negative images')} and ${like(b, 'control b', pos, 'positive images')}. ` +
      `So ${
        distinguishable(a, neg) && b.value !== null && !distinguishable(b, neg) && distinguishable(b, pos)
          ? 'the mean of the inputs, not their norm or the polarity of the digits, sets the critical learning rate'
          : 'these controls alone do not single out the mean: see every form\'s critical learning rate in the table'
      }.`,
  };
}

/** Where the rules fail held out: the best rule's misses, and the forms that no rule predicts. */
function rulesSentence(sweep: Sweep): Sentence | undefined {
  const best = sweep.rules.find((r) => r.scalar === sweep.winner);
  if (best === undefined) return undefined;
  const observed = (h: { observed: number; censored: 'below' | 'above' | null }) => `${h.censored === 'above' ? 'above ' : h.censored === 'below' ? 'at most ' : ''}${lrText(h.observed)}`;
  const miss = (h: RuleTestRecord['heldOut'][number]) => `${formLabel(sweep, h.form)} (predicted ${h.predicted === null ? 'no limit' : lrText(h.predicted)}, runs ${observed(h)})`;
  const bestMisses = best.heldOut.filter((h) => !h.consistent);
  const byAll = sweep.forms.filter((f) => sweep.rules.every((r) => r.heldOut.find((h) => h.form === f.id)?.consistent === false));
  const allText = byAll.map((f) => {
    const predictions = sweep.rules.map((r) => r.heldOut.find((h) => h.form === f.id)?.predicted).filter((p): p is number => typeof p === 'number');
    const h = sweep.rules[0]?.heldOut.find((x) => x.form === f.id);
    const range = predictions.length === 0 ? 'no limit' : `${lrText(Math.min(...predictions))} to ${lrText(Math.max(...predictions))}`;
    return `${f.label} (the rules predict ${range}; the runs give ${h === undefined ? '–' : observed(h)})`;
  });
  return {
    id: 'sweep-rules',
    topic: 'sweep',
    seeds: sweep.seeds,
    text:
      `Held out, the ${SHORT[best.scalar]} rule misses ${bestMisses.length === 0 ? 'no form' : bestMisses.map(miss).join('; ')}` +
      `${byAll.length === 0 ? '.' : `. No candidate rule predicts these within half a grid step: ${allText.join('; ')}.`}`,
  };
}

/** How the reading moves under other drop sizes and erratic cuts. */
function sensitivitySentence(sweep: Sweep): Sentence | undefined {
  if (sweep.winner === null) return undefined;
  const same = sweep.sensitivity.filter((s) => s.winner === sweep.winner).length;
  const readings = sweep.sensitivity.map((s) => `drops over ${100 * s.dropShare}% with ${s.erraticDrops}+ drop${s.erraticDrops === 1 ? '' : 's'}: ${s.winner === null ? 'none' : SHORT[s.winner]}`);
  return {
    id: 'sweep-sensitivity',
    topic: 'sweep',
    seeds: sweep.seeds,
    text: `Re-read with other cuts, the same rule wins in ${same} of ${sweep.sensitivity.length} readings (${readings.join('; ')}).`,
  };
}

const seriesOf = (sharpness: Sharpness, form: string): SharpnessSeries | undefined => sharpness.series.find((s) => s.form === form);

/** Sharpness at lr 0.1: from init to the edge of stability, per polarity. */
function sharpnessSentence(sharpness: Sharpness): Sentence | undefined {
  const neg = seriesOf(sharpness, 'negative');
  const pos = seriesOf(sharpness, 'positive');
  if (neg === undefined || pos === undefined) return undefined;
  const describe = (s: SharpnessSeries, name: string): string => {
    const first = s.points[0];
    const late = s.points.filter((p) => p.step >= sharpness.steps / 2);
    const lateMean = late.length === 0 ? null : late.reduce((t, p) => t + p.mean, 0) / late.length;
    const reached = s.edgeSteps.filter((x): x is number => x !== null);
    const m = median(reached);
    return (
      `on ${name} images lr·λmax starts at ${first?.mean.toFixed(2) ?? 'n/a'}, reaches 2 in ${reached.length} of ${s.edgeSteps.length} seeds${m === null ? '' : ` (median step ${m})`}` +
      `${lateMean === null ? '' : ` and averages ${lateMean.toFixed(2)} over the second half of the run`}`
    );
  };
  return {
    id: 'sharpness-edge',
    topic: 'sharpness',
    seeds: sharpness.seeds,
    text: `At the seed's learning rate (${neg.lr}), ${describe(neg, 'negative')}; ${describe(pos, 'positive')} (lr·λmax = 2 is the edge of stability; ${sharpness.seeds} seeds, λmax every ${sharpness.every} steps over ${sharpness.steps}).`,
  };
}

/** Which comes first in the negative runs: the edge, the first drop, the first jump of dead units. */
function orderSentence(sharpness: Sharpness): Sentence | undefined {
  const neg = seriesOf(sharpness, 'negative');
  if (neg === undefined) return undefined;
  let edgeFirst = 0;
  let deadFirst = 0;
  let withDrop = 0;
  neg.firstDropSteps.forEach((drop, i) => {
    if (drop === null) return;
    withDrop++;
    const edge = neg.edgeSteps[i];
    const dead = neg.deadJumpSteps[i];
    if (edge != null && edge <= drop) edgeFirst++;
    if (dead != null && dead < drop) deadFirst++;
  });
  return {
    id: 'sharpness-order',
    topic: 'sharpness',
    seeds: sharpness.seeds,
    text:
      withDrop === 0
        ? `No negative-image sharpness run dropped within its ${sharpness.steps} steps, so the order of edge, drop and dying units is not observed.`
        : `In the ${withDrop} negative-image sharpness run${withDrop === 1 ? '' : 's'} with a drop, lr·λmax had reached 2 at or before the first drop in ${edgeFirst}, and fc1's dead fraction had jumped (by 5 points or more between evaluations ${sharpness.every} steps apart) before it in ${deadFirst}.`,
  };
}

/** fc1's update against the mean direction. */
function meanDirectionSentence(summaries: readonly MeanDirectionSummary[], sweep: Sweep | null): Sentence | undefined {
  if (summaries.length === 0) return undefined;
  const label = (form: string) => (sweep === null ? form : formLabel(sweep, form));
  const parts = summaries.map((s) => `${label(s.form)} ${s.cosine?.toFixed(2) ?? 'n/a'} (sign flips ${s.signFlipShare === null ? 'n/a' : `${(100 * s.signFlipShare).toFixed(0)}%`})`);
  return {
    id: 'mechanism-mean-direction',
    topic: 'mechanism',
    seeds: Math.min(...summaries.map((s) => s.runIds.length)),
    text: `Share of fc1's update along the mean input direction (cosine of uᵀG against G, mean over every step of ${summaries[0]?.steps ?? 0} evaluations; in brackets how often a unit's component along it changed sign from one step to the next): ${parts.join('; ')}.`,
  };
}

/** Dead at initialisation against dead at the end. */
function deadUnitsSentence(dead: readonly DeadUnits[], effects: readonly Effect[]): Sentence | undefined {
  const of = (id: string, polarity: Polarity) => dead.find((d) => d.intervention === id && d.polarity === polarity);
  const neg = of('baseline', 'negative');
  const pos = of('baseline', 'positive');
  if (neg === undefined || pos === undefined) return undefined;
  const leaky = effects.find((e) => e.intervention === 'leaky-relu' && e.polarity === 'negative' && e.metric === 'drops');
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  return {
    id: 'mechanism-dead-units',
    topic: 'mechanism',
    seeds: neg.atInit.values.length,
    text:
      `On negative images ${pct(neg.atInit.mean)} of fc1 units are dead before the first step (${pct(neg.atInit.min)} to ${pct(neg.atInit.max)} over seeds) and ${pct(neg.atEnd.mean)} at the end, against ${pct(pos.atInit.mean)} and ${pct(pos.atEnd.mean)} on positive images` +
      (leaky === undefined
        ? '.'
        : `; leaky ReLU, whose units cannot die, has ${leaky.interventionMean.toFixed(1)} drops per run against the baseline's ${leaky.baselineMean.toFixed(1)} (95% CI of the difference ${leaky.interval[0].toFixed(1)} to ${leaky.interval[1].toFixed(1)}), ` +
          (leaky.includesZero || leaky.interventionMean >= 0.5 * leaky.baselineMean
            ? 'so removing dead units does not remove the erratic training: they go with it rather than cause it.'
            : 'so removing dead units removes most of the drops.')),
  };
}

/** The published accounts and what the record makes of each. */
export function sourcesOf(inputs: AnswerInputs): Source[] {
  const { sweep, sharpness, meanDirection, effects } = inputs;
  const md = (form: string) => meanDirection.find((m) => m.form === form);
  const neg = md('negative');
  const ctrl = md(NEGATIVE_NORM_FORM);
  let zigzag: Source['verdict'] = 'not tested';
  let zigzagEvidence = 'no mechanism runs with the mean-direction probe';
  if (neg?.cosine != null && ctrl?.cosine != null) {
    const along = neg.cosine > 2 * ctrl.cosine;
    const flips = neg.signFlipShare !== null && ctrl.signFlipShare !== null && neg.signFlipShare > ctrl.signFlipShare + 0.1;
    zigzag = along && flips ? 'confirms' : along ? 'refines' : 'contradicts';
    zigzagEvidence =
      `fc1's update lies ${along ? 'mostly' : 'not mostly'} along the mean input direction on negative images (cosine ${neg.cosine.toFixed(2)} against ${ctrl.cosine.toFixed(2)} for zero-mean inputs of the same E‖x‖²)` +
      `${neg.signFlipShare === null || ctrl.signFlipShare === null ? '' : `, and its sign flips from step to step for ${(100 * neg.signFlipShare).toFixed(0)}% of units against ${(100 * ctrl.signFlipShare).toFixed(0)}%`}` +
      `${along && !flips ? ': the shared-sign update is there, a zig-zag beyond the one every SGD update has is not' : ''}.`;
  }
  let hessian: Source['verdict'] = 'not tested';
  let hessianEvidence = 'no sweep';
  if (sweep !== null && sweep.winner !== null) {
    const meanRule = sweep.winner !== 'meanSquaredNorm';
    const sharp = sweep.rules.find((r) => r.scalar === 'initialSharpness');
    hessian = meanRule ? (sweep.winner === 'initialSharpness' && sharp?.constant != null && sharp.constant > 1 && sharp.constant < 4 ? 'confirms' : 'refines') : 'contradicts';
    hessianEvidence =
      `the held-out test picks ${SHORT[sweep.winner]}` +
      `${sharp?.constant == null ? '' : `; with λmax of the Hessian at initialisation the fitted lr_c·λmax is ${sharp.constant.toFixed(2)} (stability of gradient descent on the initial quadratic says 2)`}` +
      `${meanRule && sweep.winner !== 'initialSharpness' ? ': the mean sets the limit, but through the curvature training builds, not the one at initialisation' : ''}.`;
  }
  let eos: Source['verdict'] = 'not tested';
  let eosEvidence = 'no sharpness runs';
  const negSeries = sharpness === null ? undefined : seriesOf(sharpness, 'negative');
  if (sharpness !== null && negSeries !== undefined) {
    const reached = negSeries.edgeSteps.filter((s) => s !== null).length;
    const first = negSeries.points[0]?.mean ?? 0;
    const peak = Math.max(...negSeries.points.map((p) => p.mean));
    eos = reached * 2 >= negSeries.edgeSteps.length && first < 2 ? 'confirms' : reached > 0 ? 'refines' : 'contradicts';
    eosEvidence = `on negative images at lr ${negSeries.lr}, lr·λmax rises from ${first.toFixed(2)} at initialisation to a peak of ${peak.toFixed(2)} (seed mean), reaching 2 in ${reached} of ${negSeries.edgeSteps.length} seeds (SGD with batches of 64, where the original account is for full-batch gradient descent).`;
  }
  const leaky = effects.find((e) => e.intervention === 'leaky-relu' && e.polarity === 'negative' && e.metric === 'drops');
  const dying: Source['verdict'] = leaky === undefined ? 'not tested' : leaky.includesZero || leaky.interventionMean >= 0.5 * leaky.baselineMean ? 'refines' : 'confirms';
  return [
    {
      id: 'lecun-1998',
      citation: 'LeCun, Bottou, Orr & Müller, "Efficient BackProp", in Neural Networks: Tricks of the Trade (1998), sec. 4.3',
      claim: 'Inputs whose mean is far from zero make every weight update of a unit share one sign, so the weights zig-zag; centre the inputs.',
      verdict: zigzag,
      evidence: zigzagEvidence,
    },
    {
      id: 'lecun-kanter-solla-1991',
      citation: 'LeCun, Kanter & Solla, "Eigenvalues of covariance matrices: application to neural-network learning", Physical Review Letters 66 (1991)',
      claim: 'A non-zero input mean adds one large eigenvalue to the Hessian; gradient descent is stable only for lr < 2 / λmax.',
      verdict: hessian,
      evidence: hessianEvidence,
    },
    {
      id: 'cohen-2021',
      citation: 'Cohen, Kaur, Li, Kolter & Talwalkar, "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability", ICLR 2021',
      claim: 'Sharpness rises during training until lr·λmax ≈ 2, after which the loss goes on falling non-monotonically.',
      verdict: eos,
      evidence: eosEvidence,
    },
    {
      id: 'lewkowycz-2020',
      citation: 'Lewkowycz, Bahri, Dyer, Sohl-Dickstein & Gur-Ari, "The large learning rate phase of deep learning: the catapult mechanism" (2020)',
      claim: 'Above 2/λ at initialisation the loss first grows, then curvature falls until training settles (the catapult); far above it, training diverges.',
      verdict: 'not tested',
      evidence: 'the record does not follow the loss step by step at learning rates above 2/λ at initialisation; the sweep only shows where runs diverge or collapse.',
    },
    {
      id: 'dying-relu',
      citation: 'Lu, Shin, Su & Karniadakis, "Dying ReLU and Initialization: Theory and Numerical Examples" (2019), and the dying-ReLU literature',
      claim: 'ReLU units pushed below zero for every input stop learning; a leak keeps them alive.',
      verdict: dying,
      evidence:
        leaky === undefined
          ? 'no leaky-ReLU runs'
          : `leaky ReLU (no dead units) changes negative-image drops by ${leaky.difference.toFixed(1)} per run (95% CI ${leaky.interval[0].toFixed(1)} to ${leaky.interval[1].toFixed(1)}): ${dying === 'refines' ? 'dead units accompany the erratic training but removing them does not remove it' : 'removing dead units removes most drops'}.`,
    },
  ];
}

/** One sentence per source: what it says and our verdict. */
function sourceSentences(sources: readonly Source[], seeds: number): Sentence[] {
  return sources.map((s) => ({ id: `source-${s.id}`, topic: 'sources', seeds, text: `${s.citation}: "${s.claim}" Our runs ${s.verdict === 'not tested' ? 'do not test this' : s.verdict === 'confirms' ? 'confirm it' : s.verdict === 'refines' ? 'refine it' : 'contradict it'}: ${s.evidence}` }));
}

/** The sentences of the sweep, sharpness, mean direction, dead units and sources. */
export function answerSentences(inputs: AnswerInputs, sources: readonly Source[]): Sentence[] {
  const { sweep, sharpness } = inputs;
  const out: Array<Sentence | undefined> = [];
  if (sweep !== null) out.push(leadSentence(sweep), controlsSentence(sweep), winnerSentence(sweep), rulesSentence(sweep), sensitivitySentence(sweep));
  if (sharpness !== null) out.push(sharpnessSentence(sharpness), orderSentence(sharpness));
  out.push(meanDirectionSentence(inputs.meanDirection, sweep), deadUnitsSentence(inputs.deadUnits, inputs.effects));
  out.push(...sourceSentences(sources, sweep?.seeds ?? 0));
  return out.filter((s): s is Sentence => s !== undefined);
}
