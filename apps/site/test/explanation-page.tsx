// The front page's explanation components on one record, rendered to static HTML and read back the way
// a reader sees them; the component test (committed sample record) and the explain e2e test (a record
// `negmnist explain` just wrote) both check it against the record's JSON as written.
import type { Explanation } from '@negmnist/results';
import { JSDOM } from 'jsdom';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect } from 'vitest';
import { ExplanationAnswer, ExplanationEvidence } from '../components/Explanation';

/** The evidence charts every explanation with a sweep, sharpness runs, dead-unit series and twin runs shows. */
export const EVIDENCE_CHARTS = ['Where each input form turns erratic', 'lr × λmax during training', 'Dead units per layer, seed configuration', 'Steps until twin runs separate'];

/**
 * Renders ExplanationAnswer and ExplanationEvidence for `explanation` (as the site's loader parsed it,
 * `file` relative to the results directory) and checks them against `written`, the record's JSON read
 * straight from its file (not through the site's code): the answer shows its lead and the first sweep
 * and sharpness sentences verbatim, the evidence every other sentence, the provenance the command
 * line, and each evidence chart is drawn with marks.
 */
export function expectExplanationShown(explanation: Explanation, file: string, written: Explanation): void {
  const markup = renderToStaticMarkup(
    <>
      <ExplanationAnswer explanation={explanation} file={file} />
      <ExplanationEvidence explanation={explanation} />
    </>,
  );
  const { document } = new JSDOM(markup).window;
  const answers = written.sentences.filter((s) => s.topic === 'answer').map((s) => s.text);
  expect(answers.length).toBeGreaterThan(0);
  const shown = [...document.querySelectorAll('[data-testid="answer-sentences"] li')].map((li) => li.textContent);
  // the lead, then the first sentence of the sweep (the controls) and of the sharpness
  const first = (topic: string) => written.sentences.find((s) => s.topic === topic)?.text;
  for (const text of [answers[0], first('sweep'), first('sharpness')]) expect(shown).toContain(text);
  const evidence = [...document.querySelectorAll('[data-testid^="evidence-"] li')].map((li) => li.textContent);
  for (const s of written.sentences.filter((s) => s.topic !== 'answer')) expect(evidence).toContain(s.text);
  expect(document.querySelector('[data-testid="explanation-provenance"]')?.textContent).toContain(written.settings.commandLine);

  const evidenceCharts = [...document.querySelectorAll('[aria-labelledby="evidence-heading"] figure.chart')];
  expect(evidenceCharts.map((figure) => figure.querySelector('.chart-title')?.textContent)).toEqual(expect.arrayContaining(EVIDENCE_CHARTS));
  for (const figure of evidenceCharts) expect(figure.querySelectorAll('svg [aria-label]:not(g)').length, String(figure.querySelector('.chart-title')?.textContent)).toBeGreaterThan(0);
}
