import type { Chaos, Configuration, Effect, EffectMetric, Intervention, Mechanism, Ranking, Sentence } from '@negmnist/results';
import { censoredMedian } from '@negmnist/results/aggregate';
import type { Polarity } from '@negmnist/core';

const METRIC_WORDS: Record<EffectMetric, { name: string; format: (x: number) => string }> = {
  drops: { name: 'drops per run', format: (x) => x.toFixed(1) },
  fc1DeadFraction: { name: 'the fc1 dead fraction', format: (x) => x.toFixed(2) },
  collapse: { name: 'the share of runs stuck near chance', format: (x) => x.toFixed(2) },
  finalAccuracy: { name: 'final accuracy', format: (x) => x.toFixed(3) },
};

const signed = (text: string): string => (text.startsWith('-') ? text : `+${text}`);
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * One effect in words: "<label> changed <metric> on <polarity> images by <difference> (95% CI lo to hi; n and m
 * seeds)", and, when the interval includes zero, that these seeds do not show an effect.
 */
export function effectSentence(effect: Effect, label: string): Sentence {
  const words = METRIC_WORDS[effect.metric];
  const [low, high] = effect.interval.map(words.format) as [string, string];
  const seeds = effect.baselineSeeds === effect.interventionSeeds ? `${effect.interventionSeeds} seeds each` : `${effect.interventionSeeds} and ${effect.baselineSeeds} seeds`;
  const base = `${label} changed ${words.name} on ${effect.polarity} images by ${signed(words.format(effect.difference))} (from ${words.format(effect.baselineMean)} to ${words.format(effect.interventionMean)}; 95% CI ${low} to ${high}; ${seeds})`;
  const text = effect.includesZero ? `${base}; the interval includes zero, so these seeds do not show an effect.` : `${base}.`;
  return { id: `effect-${effect.intervention}-${effect.polarity}-${effect.metric}`, topic: 'effect', text, seeds: Math.min(effect.baselineSeeds, effect.interventionSeeds) };
}

/** Everything the sentences are made from. */
export interface SentenceInputs {
  epochs: number;
  interventions: readonly Intervention[];
  configurations: readonly Configuration[];
  effects: readonly Effect[];
  ranking: Ranking;
  mechanism: Mechanism | null;
  chaos: Chaos | null;
}

function baselineSentence(configurations: readonly Configuration[], epochs: number): Sentence | undefined {
  const of = (polarity: Polarity) => configurations.find((c) => c.intervention === 'baseline' && c.polarity === polarity);
  const positive = of('positive');
  const negative = of('negative');
  if (positive === undefined || negative === undefined) return undefined;
  const seeds = Math.min(positive.seeds.length, negative.seeds.length);
  return {
    id: 'answer-baseline',
    topic: 'answer',
    seeds,
    text:
      `With the seed configuration (${epochs} epoch${epochs === 1 ? '' : 's'}), negative images gave ${negative.drops.mean.toFixed(1)} drops per run and ` +
      `${percent(negative.collapseShare)} of runs stuck near chance, against ${positive.drops.mean.toFixed(1)} and ${percent(positive.collapseShare)} on positive images; ` +
      `mean final accuracy ${percent(negative.finalAccuracy.mean)} against ${percent(positive.finalAccuracy.mean)} (${seeds} seeds each)` +
      `${negative.collapseShare === 0 ? `; no collapse in ${negative.seeds.length} negative runs still allows a collapse rate up to ${percent(zeroEventUpperBound(negative.seeds.length))} (95% upper bound)` : ''}.`,
  };
}

/** Exact (Clopper-Pearson) 95% upper bound on a rate when none of `n` trials had the event: 1 - 0.025^(1/n). */
export function zeroEventUpperBound(n: number): number {
  return 1 - 0.025 ** (1 / n);
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function rankingSentence(inputs: SentenceInputs, label: (id: string) => string): Sentence | undefined {
  const top = inputs.ranking.order[0];
  const effect = inputs.effects.find((e) => e.intervention === top && e.polarity === 'negative' && e.metric === 'drops');
  if (top === undefined || effect === undefined) return undefined;
  const ci = `95% CI ${effect.interval[0].toFixed(1)} to ${effect.interval[1].toFixed(1)}`;
  const seeds = Math.min(effect.baselineSeeds, effect.interventionSeeds);
  const numbers = `${signed(effect.difference.toFixed(1))} drops per run (${ci}; ${effect.interventionSeeds} seeds each)`;
  if (!(effect.difference < 0)) {
    return { id: 'answer-ranking', topic: 'answer', seeds, text: `None of ${inputs.ranking.order.length} single changes reduced negative-image drops on average; the smallest change was ${label(top)}'s, ${numbers}.` };
  }
  const tail = effect.includesZero ? `; the interval includes zero, so even the largest reduction is not distinguishable from seed noise with ${seeds} seeds` : '';
  const ranks = inputs.ranking.ranks ?? [];
  const tied = inputs.ranking.order.filter((_, i) => i > 0 && ranks[i] === ranks[0]);
  const lead = tied.length === 0 ? `${label(top)} reduced negative-image drops the most` : `${[top, ...tied].map(label).join(' and ')} tie for the largest reduction of negative-image drops`;
  const notFixes = inputs.ranking.notFixes ?? [];
  const apart = notFixes.length === 0 ? '' : ` ${capitalise(notFixes.map(label).join(' and '))} ${notFixes.length === 1 ? 'is' : 'are'} no fix: most of ${notFixes.length === 1 ? 'its' : 'their'} negative-image runs never learn (stuck near chance), which removes drops by removing learning.`;
  const total = inputs.ranking.order.length + notFixes.length;
  return { id: 'answer-ranking', topic: 'answer', seeds, text: `Of ${total} single changes, ${lead}: ${numbers}${tail}.${apart}` };
}

function mechanismSentence(mechanism: Mechanism): Sentence | undefined {
  const of = (polarity: Polarity) => mechanism.polarities.find((p) => p.polarity === polarity);
  const positive = of('positive');
  const negative = of('negative');
  if (positive === undefined || negative === undefined) return undefined;
  const fc1 = (p: typeof positive, pick: (l: { deadFraction: number | null; updateRatio: number | null }) => number | null) =>
    p.steps.map((s) => s.layers.find((l) => l.name === 'fc1')).map((l) => (l === undefined ? null : pick(l))).filter((x): x is number => x !== null);
  const peakRatio = (p: typeof positive) => Math.max(0, ...fc1(p, (l) => l.updateRatio));
  const lastDead = (p: typeof positive) => fc1(p, (l) => l.deadFraction).at(-1) ?? 0;
  return {
    id: 'mechanism-fc1',
    topic: 'mechanism',
    seeds: mechanism.seeds,
    text:
      `At initialisation, negative inputs (E‖x‖² ${negative.init.inputMeanSquaredNorm.toFixed(0)} against ${positive.init.inputMeanSquaredNorm.toFixed(0)}) give fc1 pre-activations a spread of ${negative.init.fc1PreActivationStd.toFixed(2)} against ${positive.init.fc1PreActivationStd.toFixed(2)}; ` +
      `over the first ${mechanism.steps} steps fc1's update-to-weight ratio peaks at ${peakRatio(negative).toPrecision(2)} against ${peakRatio(positive).toPrecision(2)}, and ${percent(lastDead(negative))} against ${percent(lastDead(positive))} of fc1 units end dead for every probe image (${mechanism.seeds} seed${mechanism.seeds === 1 ? '' : 's'}).`,
  };
}

function chaosSentence(chaos: Chaos): Sentence | undefined {
  const pairs = (polarity: Polarity) => chaos.pairs.filter((p) => p.intervention === 'baseline' && p.polarity === polarity);
  const describe = (polarity: Polarity): string => {
    const of = pairs(polarity);
    const median = censoredMedian(of.map((p) => p.separationStep));
    const separated = of.filter((p) => p.separationStep !== null).length;
    return `${median === null ? `more than ${chaos.maxSteps}` : median} steps on ${polarity} images (${separated} of ${of.length} pair${of.length === 1 ? '' : 's'} separated)`;
  };
  if (pairs('positive').length === 0 || pairs('negative').length === 0) return undefined;
  return {
    id: 'chaos-baseline',
    topic: 'chaos',
    seeds: chaos.seeds,
    text: `Twin runs of the seed configuration, identical but for ${chaos.perturbation} added to one fc1 weight, separated (|validation loss difference| > ${chaos.threshold}) after a median of ${describe('negative')} and ${describe('positive')}, within ${chaos.maxSteps} steps.`,
  };
}

/** The record's sentences: the baseline, the ranking, each intervention's effect on negative images, the mechanism and chaos. */
export function explanationSentences(inputs: SentenceInputs): Sentence[] {
  const label = (id: string): string => inputs.interventions.find((i) => i.id === id)?.label ?? id;
  const sentences: Array<Sentence | undefined> = [baselineSentence(inputs.configurations, inputs.epochs), rankingSentence(inputs, label)];
  for (const id of inputs.ranking.order) {
    for (const metric of ['drops', 'collapse'] as const) {
      const effect = inputs.effects.find((e) => e.intervention === id && e.polarity === 'negative' && e.metric === metric);
      if (effect !== undefined) sentences.push(effectSentence(effect, capitalise(label(id))));
    }
  }
  if (inputs.mechanism !== null) sentences.push(mechanismSentence(inputs.mechanism));
  if (inputs.chaos !== null) sentences.push(chaosSentence(inputs.chaos));
  return sentences.filter((s): s is Sentence => s !== undefined);
}
