import type { Configuration, Explanation, SeedStat, Sentence, SentenceTopic } from '@negmnist/results';
import type { Polarity } from '@negmnist/core';
import { median } from '@negmnist/results/aggregate';
import type { ExplanationEntry } from '@negmnist/results/store';

/** How many sentences the front page's answer shows. */
export const ANSWER_SENTENCES = 3;

/**
 * The explanation the site leads with: the one that finished last (by `settings.finishedAt`), ties broken
 * by path; undefined when there is none.
 */
export function selectExplanation(entries: readonly ExplanationEntry[]): ExplanationEntry | undefined {
  return [...entries].sort((a, b) => b.explanation.settings.finishedAt.localeCompare(a.explanation.settings.finishedAt) || a.file.localeCompare(b.file))[0];
}

/** The record's sentences on `topic`, in record order. */
export function sentencesOn(explanation: Explanation, topic: SentenceTopic): Sentence[] {
  return explanation.sentences.filter((s) => s.topic === topic);
}

/**
 * The answer in (at most) `count` sentences, verbatim from the record: its first `answer` sentence (the lead),
 * then the first sentence of the sweep (the decisive controls) and of the sharpness, then the other `answer`
 * sentences; when there are fewer, the first sentence of each other evidence topic, the why before the how
 * (phase, mechanism, chaos, effect), then the remaining effect sentences.
 */
export function answerSentences(explanation: Explanation, count = ANSWER_SENTENCES): Sentence[] {
  const first = (topic: SentenceTopic) => sentencesOn(explanation, topic).slice(0, 1);
  const answers = sentencesOn(explanation, 'answer');
  const candidates = [
    ...answers.slice(0, 1),
    ...first('sweep'),
    ...first('sharpness'),
    ...answers.slice(1),
    ...first('phase'),
    ...first('mechanism'),
    ...first('chaos'),
    ...sentencesOn(explanation, 'effect'),
  ];
  return [...new Map(candidates.map((s) => [s.id, s])).values()].slice(0, count);
}

/** One row of the per-configuration table. */
export interface ConfigurationRow {
  intervention: string;
  /** The intervention's human name (its id when the record lacks one). */
  label: string;
  polarity: Polarity;
  seeds: number;
  finalAccuracy: SeedStat;
  bestAccuracy: SeedStat;
  drops: SeedStat;
  fc1DeadFraction: SeedStat | null;
  collapseShare: number;
  /** Seeds that reached 90% validation accuracy, and the median step at which they did (null when none did). */
  reached90: { seeds: number; medianStep: number | null };
}

/** The configurations as table rows: interventions in record order (the baseline first when present), positive before negative. */
export function configurationRows(explanation: Explanation): ConfigurationRow[] {
  const order = explanation.interventions.map((i) => i.id);
  const labels = new Map(explanation.interventions.map((i) => [i.id, i.label]));
  const rank = (c: Configuration) => (order.includes(c.intervention) ? order.indexOf(c.intervention) : order.length);
  return [...explanation.configurations]
    .sort((a, b) => rank(a) - rank(b) || Number(a.polarity === 'negative') - Number(b.polarity === 'negative'))
    .map((c) => {
      const reached = c.stepsTo90.filter((s): s is number => s !== null);
      return {
        intervention: c.intervention,
        label: labels.get(c.intervention) ?? c.intervention,
        polarity: c.polarity,
        seeds: c.seeds.length,
        finalAccuracy: c.finalAccuracy,
        bestAccuracy: c.bestAccuracy,
        drops: c.drops,
        fc1DeadFraction: c.fc1DeadFraction,
        collapseShare: c.collapseShare,
        reached90: { seeds: reached.length, medianStep: median(reached) },
      };
    });
}
