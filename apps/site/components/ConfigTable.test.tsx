import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { runsNamed, sampleRecords } from '../test/sample-records';
import { findings } from '../lib/findings';
import type { ConfigFindings } from '../lib/findings';
import { ConfigTable, configTableCaption } from './ConfigTable';

const records = sampleRecords();

describe('configTableCaption', () => {
  test('one run per configuration: rows are single runs, never a mean over seeds', () => {
    const text = configTableCaption([{ runs: 1 }, { runs: 1 }]);
    expect(text).toMatch(/from 1 seed per configuration .*each row is a single run, not a mean/);
    expect(text).not.toMatch(/mean over/);
  });

  test('several runs per configuration: the mean over them; mixed counts say which rows are single runs', () => {
    expect(configTableCaption([{ runs: 3 }, { runs: 3 }])).toMatch(/from 3 seeds per configuration .*the mean over a row's runs\./);
    expect(configTableCaption([{ runs: 1 }, { runs: 3 }])).toMatch(/from 1–3 seeds .*\(a row with one run is that run\)/);
  });
});

describe('ConfigTable', () => {
  test('counts collapsed runs in their own column, apart from erratic ones', () => {
    // One run of one committed configuration, made to end stuck at chance with no drops: a quick-grid-like row.
    const run = runsNamed(records, 'neg-sigmoid-out-relu')[0]!;
    const stuck = { ...run, evaluations: run.evaluations.map((e) => ({ ...e, valAccuracy: 0.098, valCorrect: 980, valCount: 10_000 })) };
    const row = findings([stuck]).configs[0] as ConfigFindings;
    const html = renderToStaticMarkup(<ConfigTable configs={[row]} />);
    const cells = [...html.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    // lr, Runs, Final val acc, fc1 dead, Erratic, Collapsed
    expect(cells.slice(1)).toEqual(['1', '9.8%', expect.any(String), '0', '1']);
    expect(html).toContain('Collapsed runs');
    expect(html).not.toContain('Unstable');
    expect(html).toContain('each row is a single run, not a mean');
  });
});
