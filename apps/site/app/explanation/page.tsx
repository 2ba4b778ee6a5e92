import path from 'node:path';
import type { Metadata } from 'next';
import { effectMetrics, sentenceTopics } from '@negmnist/results';
import type { SentenceTopic } from '@negmnist/results';
import { ExplanationEvidence, HowToExplain, Provenance, Sentences } from '../../components/Explanation';
import { ConfigurationTable, EffectsTable } from '../../components/ExplanationTables';
import { SkippedWarning } from '../../components/Notices';
import { selectExplanation, sentencesOn } from '../../lib/explanation';
import { getResults } from '../../lib/results';

export const metadata: Metadata = { title: 'The explanation in full' };

/** Heading of each sentence topic. */
const TOPIC_HEADINGS: Record<SentenceTopic, string> = {
  answer: 'The answer',
  effect: 'Effects of single changes',
  phase: 'Input scale × learning rate',
  mechanism: 'Mechanism over the first steps',
  chaos: 'Chaos',
  sweep: 'The critical learning rate of each input form',
  sharpness: 'Sharpness and the edge of stability',
  sources: 'The established account',
};

/** Every number of the explanation record: sentences by topic, each configuration, each effect, every chart. */
export default async function ExplanationPage() {
  const results = await getResults();
  const selected = selectExplanation(results.explanations);
  return (
    <>
      <h1>The explanation in full</h1>
      <SkippedWarning skipped={results.skipped} />
      {selected === undefined ? (
        <HowToExplain />
      ) : (
        <>
          <p className="lede">{selected.explanation.question}</p>
          <Provenance explanation={selected.explanation} file={path.relative(results.dir, selected.file)} />
          <section aria-labelledby="sentences-heading">
            <h2 id="sentences-heading">Every sentence</h2>
            {sentenceTopics.map((topic) => {
              const sentences = sentencesOn(selected.explanation, topic);
              return sentences.length === 0 ? null : (
                <div key={topic}>
                  <h3>{TOPIC_HEADINGS[topic]}</h3>
                  <Sentences sentences={sentences} />
                </div>
              );
            })}
          </section>
          <section aria-labelledby="configurations-heading">
            <h2 id="configurations-heading">Every configuration</h2>
            <ConfigurationTable explanation={selected.explanation} />
          </section>
          <section aria-labelledby="effects-heading">
            <h2 id="effects-heading">Every effect</h2>
            <EffectsTable explanation={selected.explanation} />
          </section>
          <ExplanationEvidence explanation={selected.explanation} metrics={effectMetrics} />
        </>
      )}
    </>
  );
}
