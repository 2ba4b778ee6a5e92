// The front page's explanation components on the committed sample record (sample-results/, what the
// site builds from by default), read through the site's loader. The same checks on a record that
// `negmnist explain` has just written are in the e2e suite (test/explain.e2e.test.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Explanation } from '@negmnist/results';
import { describe, expect, test } from 'vitest';
import { loadResults } from '../lib/results';
import { expectExplanationShown } from '../test/explanation-page';
import { SAMPLE_DIR } from '../test/sample-records';

describe('ExplanationAnswer and ExplanationEvidence on the committed sample explanation', () => {
  // Seconds, not milliseconds: Plot draws each of the record's charts in jsdom.
  test('show the answer and every other sentence verbatim, the provenance, and each evidence chart with marks', { timeout: 30_000 }, async () => {
    const results = await loadResults(SAMPLE_DIR);
    expect(results.explanations).toHaveLength(1);
    const [{ file, explanation }] = results.explanations as [{ file: string; explanation: Explanation }];
    const written = JSON.parse(await readFile(file, 'utf8')) as Explanation;
    expectExplanationShown(explanation, path.relative(results.dir, file), written);
  });
});
