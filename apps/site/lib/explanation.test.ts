import type { Sentence } from '@negmnist/results';
import { syntheticExplanation } from '@negmnist/results/testing';
import { describe, expect, test } from 'vitest';
import { answerSentences, configurationRows, selectExplanation, sentencesOn } from './explanation';

const base = syntheticExplanation({ seed: 7, sentencesPerTopic: 2 });
const byTopic = (topic: Sentence['topic'], sentences = base.sentences) => sentences.filter((s) => s.topic === topic);

describe('selectExplanation', () => {
  test('picks the record that finished last, then the first path; none from none', () => {
    const at = (iso: string) => ({ ...base, settings: { ...base.settings, finishedAt: iso } });
    const entries = [
      { file: 'b/explanation.json', explanation: at('2026-11-27T10:00:00.000Z') },
      { file: 'c/explanation.json', explanation: at('2026-11-27T12:00:00.000Z') },
      { file: 'a/explanation.json', explanation: at('2026-11-27T12:00:00.000Z') },
    ];
    expect(selectExplanation(entries)?.file).toBe('a/explanation.json');
    expect(selectExplanation(entries.slice(0, 1))?.file).toBe('b/explanation.json');
    expect(selectExplanation([])).toBeUndefined();
  });
});

describe('answerSentences', () => {
  test('the lead, then the first sweep and sharpness sentences, then the other answer sentences, verbatim', () => {
    const threeAnswers = syntheticExplanation({ seed: 7, sentencesPerTopic: 3 });
    const answers = byTopic('answer', threeAnswers.sentences);
    expect(answerSentences(threeAnswers, 5)).toEqual([answers[0], byTopic('sweep', threeAnswers.sentences)[0], byTopic('sharpness', threeAnswers.sentences)[0], answers[1], answers[2]]);
    const older = { ...base, sentences: base.sentences.filter((s) => s.topic !== 'sweep' && s.topic !== 'sharpness') };
    expect(answerSentences(older).slice(0, 2)).toEqual(byTopic('answer'));
  });

  test('fewer answer sentences are completed with the first of phase, mechanism, chaos, then effects', () => {
    const without = { ...base, sentences: base.sentences.filter((s) => s.topic !== 'answer' && s.topic !== 'sweep' && s.topic !== 'sharpness') };
    expect(answerSentences(without)).toEqual([byTopic('phase')[0], byTopic('mechanism')[0], byTopic('chaos')[0]]);
    const onlyEffects = { ...base, sentences: byTopic('effect') };
    expect(answerSentences(onlyEffects)).toEqual(byTopic('effect').slice(0, 3));
    expect(answerSentences({ ...base, sentences: [] })).toEqual([]);
  });

  test('sentencesOn keeps one topic in record order', () => {
    expect(sentencesOn(base, 'chaos').map((s) => s.id)).toEqual(base.sentences.filter((s) => s.topic === 'chaos').map((s) => s.id));
  });
});

describe('configurationRows', () => {
  test('one row per configuration, interventions in record order, positive before negative, numbers as recorded', () => {
    const rows = configurationRows({ ...base, configurations: [...base.configurations].reverse() });
    expect(rows.map((r) => `${r.intervention}/${r.polarity}`)).toEqual(base.interventions.flatMap((i) => [`${i.id}/positive`, `${i.id}/negative`]));
    for (const row of rows) {
      const source = base.configurations.find((c) => c.intervention === row.intervention && c.polarity === row.polarity)!;
      expect(row).toMatchObject({ seeds: source.seeds.length, finalAccuracy: source.finalAccuracy, drops: source.drops, collapseShare: source.collapseShare });
      expect(row.label).toBe(base.interventions.find((i) => i.id === row.intervention)!.label);
    }
  });

  test('steps to 90%: the median over the seeds that reached it', () => {
    const [first, ...rest] = base.configurations;
    const rows = (stepsTo90: (number | null)[]) => configurationRows({ ...base, configurations: [{ ...first!, stepsTo90 }, ...rest] })[0]!.reached90;
    expect(rows([300, null, 100])).toEqual({ seeds: 2, medianStep: 200 });
    expect(rows([500, 100, 300])).toEqual({ seeds: 3, medianStep: 300 });
    expect(rows([null, null, null])).toEqual({ seeds: 0, medianStep: null });
  });
});
