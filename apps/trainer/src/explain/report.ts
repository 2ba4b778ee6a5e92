import type { Chaos, Configuration, Effect, EffectMetric, Explanation, Mechanism } from '@negmnist/results';
import type { Polarity } from '@negmnist/core';
// type-only: the modules themselves load in explanationReport, when a report is asked for
import type * as Viz from '@negmnist/viz';
import type { renderSvg } from '@negmnist/viz/node';
import { criticalLrText } from './answer';
import { escapeHtml, line, lineChart, linearScale, niceTicks, PALETTE, svg, text, tickLabel } from './svg';

const METRIC_TITLES: Record<EffectMetric, string> = {
  drops: 'drops per run',
  fc1DeadFraction: 'fc1 dead fraction',
  collapse: 'share stuck near chance',
  finalAccuracy: 'final accuracy',
};

/** Effects of every intervention on one metric and polarity: difference with its 95% CI bar, in ranking order. */
function effectChart(explanation: Explanation, metric: EffectMetric, polarity: Polarity): string {
  const order = [...explanation.ranking.order, ...explanation.interventions.map((i) => i.id).filter((id) => !explanation.ranking.order.includes(id))];
  const rows = order.map((id) => explanation.effects.find((e) => e.intervention === id && e.metric === metric && e.polarity === polarity)).filter((e): e is Effect => e !== undefined);
  if (rows.length === 0) return '';
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const width = 560;
  const rowHeight = 22;
  const margin = { left: 170, right: 20, top: 10, bottom: 34 };
  const height = margin.top + margin.bottom + rows.length * rowHeight;
  const values = rows.flatMap((e) => [...e.interval, e.difference, 0]);
  const x = linearScale([Math.min(...values), Math.max(...values)], [margin.left, width - margin.right]);
  const parts = [line(x(0), margin.top, x(0), height - margin.bottom, 'stroke="#444"')];
  for (const t of niceTicks(Math.min(...values), Math.max(...values), 4)) parts.push(text(x(t), height - margin.bottom + 14, tickLabel(t), 'text-anchor="middle" font-size="10"'));
  parts.push(text((margin.left + width) / 2, height - 6, `intervention − baseline, ${METRIC_TITLES[metric]}`, 'text-anchor="middle" font-size="11"'));
  rows.forEach((e, i) => {
    const cy = margin.top + rowHeight * i + rowHeight / 2;
    const colour = e.includesZero ? '#999' : e.difference < 0 ? '#1f77b4' : '#d62728';
    parts.push(text(margin.left - 6, cy + 4, label(e.intervention), 'text-anchor="end" font-size="11"'));
    parts.push(line(x(e.interval[0]), cy, x(e.interval[1]), cy, `stroke="${colour}" stroke-width="3"`));
    parts.push(`<circle cx="${x(e.difference).toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="${colour}"/>`);
  });
  return figure(`Effect on ${METRIC_TITLES[metric]}, ${polarity} images`, svg(width, height, `Effect on ${METRIC_TITLES[metric]}, ${polarity} images, with 95% bootstrap intervals`, parts.join('')), 'Dot: difference of means; bar: 95% bootstrap interval; grey: the interval includes zero.');
}

function deadOverTimeChart(configurations: readonly Configuration[]): string {
  const baseline = configurations.filter((c) => c.intervention === 'baseline');
  const series = baseline.flatMap((c) => c.deadOverTime.map((s) => ({ name: `${c.polarity} ${s.layer ?? ''}`, points: s.points.map((p): [number, number] => [p.epoch, p.mean]) })));
  if (series.length === 0) return '';
  return figure('Dead units over time, seed configuration', lineChart({ title: 'Dead fraction per layer over epochs, positive and negative images', xLabel: 'epoch', yLabel: 'dead fraction', series, yDomain: [0, 1] }), 'Share of units at or below zero for every probe image, mean over seeds.');
}

function mechanismCharts(mechanism: Mechanism): string {
  const fc1 = (pick: 'updateRatio' | 'deadFraction') =>
    mechanism.polarities.map((p) => ({
      name: p.polarity,
      points: p.steps.flatMap((s): Array<[number, number]> => {
        const value = s.layers.find((l) => l.name === 'fc1')?.[pick];
        return value === null || value === undefined ? [] : [[s.step, value]];
      }),
    }));
  const init = mechanism.polarities
    .map((p) => `<tr><td>${escapeHtml(p.polarity)}</td><td>${p.init.inputMeanSquaredNorm.toFixed(1)}</td><td>${p.init.fc1PreActivationMean.toFixed(3)}</td><td>${p.init.fc1PreActivationStd.toFixed(3)}</td><td>${p.init.fc1NonPositiveShare.toFixed(3)}</td></tr>`)
    .join('');
  return (
    `<table><thead><tr><th>images</th><th>E‖x‖²</th><th>fc1 pre-activation mean</th><th>spread (std)</th><th>share ≤ 0</th></tr></thead><tbody>${init}</tbody></table>` +
    figure('fc1 update-to-weight ratio, first steps', lineChart({ title: 'fc1 update-to-weight ratio per step', xLabel: 'step', yLabel: 'lr × ‖grad‖ / ‖W‖', series: fc1('updateRatio') }), 'lr × gradNorm / weightNorm: for plain SGD the exact size of the update relative to the weights.') +
    figure('fc1 dead for every probe image, first steps', lineChart({ title: 'fc1 dead fraction per step', xLabel: 'step', yLabel: 'dead fraction', series: fc1('deadFraction'), yDomain: [0, 1] }), '')
  );
}

function chaosChart(chaos: Chaos, label: (id: string) => string): string {
  const keys = [...new Set(chaos.pairs.map((p) => `${p.intervention}|${p.polarity}`))];
  const width = 560;
  const rowHeight = 18;
  const margin = { left: 210, right: 30, top: 10, bottom: 34 };
  const height = margin.top + margin.bottom + keys.length * rowHeight;
  const x = linearScale([0, chaos.maxSteps], [margin.left, width - margin.right]);
  const parts: string[] = [];
  for (const t of niceTicks(0, chaos.maxSteps, 5)) parts.push(text(x(t), height - margin.bottom + 14, tickLabel(t), 'text-anchor="middle" font-size="10"'));
  parts.push(text((margin.left + width) / 2, height - 6, `step where |val loss difference| > ${chaos.threshold}`, 'text-anchor="middle" font-size="11"'));
  keys.forEach((key, i) => {
    const [id, polarity] = key.split('|') as [string, Polarity];
    const cy = margin.top + rowHeight * i + rowHeight / 2;
    parts.push(text(margin.left - 6, cy + 4, `${label(id)} · ${polarity}`, 'text-anchor="end" font-size="10"'));
    for (const pair of chaos.pairs.filter((p) => p.intervention === id && p.polarity === polarity)) {
      const colour = PALETTE[polarity === 'negative' ? 1 : 0] as string;
      parts.push(pair.separationStep === null ? text(x(chaos.maxSteps), cy + 4, '>', `font-size="12" fill="${colour}"`) : `<circle cx="${x(pair.separationStep).toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="${colour}"/>`);
    }
  });
  return figure('Chaos: twin runs', svg(width, height, 'Steps until twin runs separate', parts.join('')), `Twins differ by ${chaos.perturbation} in one fc1 weight; ">": not separated within ${chaos.maxSteps} steps.`);
}

function configurationTable(explanation: Explanation): string {
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const rows = explanation.configurations.map((c) => {
    const reached = c.stepsTo90.filter((s): s is number => s !== null);
    const steps = reached.length === 0 ? 'never' : `${Math.round(reached.reduce((s, v) => s + v, 0) / reached.length)} (${reached.length}/${c.stepsTo90.length})`;
    const cells = [label(c.intervention), c.polarity, c.finalAccuracy.mean.toFixed(3), c.bestAccuracy.mean.toFixed(3), c.drops.mean.toFixed(1), c.fc1DeadFraction?.mean.toFixed(2) ?? '–', c.collapseShare.toFixed(2), steps, String(c.seeds.length)];
    return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  const head = ['intervention', 'images', 'final acc.', 'best acc.', 'drops', 'fc1 dead', 'stuck near chance', 'steps to 90% (reached)', 'seeds'];
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function figure(title: string, body: string, caption: string): string {
  return `<figure><h3>${escapeHtml(title)}</h3>${body}${caption === '' ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`}</figure>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
figure{margin:1.5em 0}figcaption{font-size:13px;color:#555}h3{font-size:15px;margin:0 0 .3em}.meta{color:#555;font-size:13px}`;

/** Chart options as @negmnist/viz makes them. */
type PlotOptions = Parameters<typeof renderSvg>[0];

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The sweep: lr_c per form with the geometry beside it, the rules held out, the map and the log-log plot (charts from @negmnist/viz). */
function sweepSection(explanation: Explanation, render: (options: PlotOptions) => string, charts: typeof Viz): string {
  const sweep = explanation.sweep;
  if (sweep == null) return '';
  const n = (x: number | null) => (x === null ? '–' : Number(x.toPrecision(3)).toString());
  const lrcRows = sweep.forms.map((f) => {
    const c = sweep.criticalLrs.find((x) => x.form === f.id);
    return [f.label, n(f.geometry.meanSquaredNorm), n(f.geometry.meanNormSquared), n(f.geometry.covarianceTrace), n(f.geometry.secondMomentTop), n(f.initialSharpness), criticalLrText(c)];
  });
  const ruleRows = sweep.rules.map((r) => [r.scalar, n(r.constant), n(r.slope), `${r.consistent} of ${r.heldOut.length}`, r.meanLogError === null ? '–' : `×${Math.exp(r.meanLogError).toFixed(2)}`, r.scalar === sweep.winner ? 'winner' : '']);
  const sensitivityRows = sweep.sensitivity.map((s) => [`${100 * s.dropShare}%`, String(s.erraticDrops), s.winner ?? '–', s.criticalLrs.map((c) => `${c.form} ${criticalLrText(c).split(' (')[0]}`).join('; ')]);
  return (
    `<h2>Critical learning rate per input form</h2><p>${escapeHtml(`Rule: ${sweep.rule}. ${sweep.seeds} seeds per learning rate, ${sweep.epochs} epochs; intervals: percentile bootstrap over seeds, paired across learning rates.`)}</p>` +
    table(['input form', 'E‖x‖²', '‖μ‖²', 'tr Σ', 'λmax(E[xxᵀ])', 'λmax(H) at init', 'lr_c'], lrcRows) +
    figure('Where each input form turns erratic', render(charts.sweepMap(explanation, { title: null, subtitle: null, width: 900 })), `Colour: green all smooth, red all erratic, yellow mixed, grey all collapsed, black all diverged; text: erratic share of the learning runs, then collapsed (c) and diverged (d) runs.`) +
    figure('Critical learning rate against the winning scalar', render(charts.criticalLrPlot(explanation, { title: null, subtitle: null })), 'Dots: lr_c with 95% interval; triangles: censored; dashed: lr_c = K / scalar; rings: held-out predictions.') +
    `<h3>Rules lr_c = K / scalar, each form held out in turn</h3>` +
    table(['scalar', 'K', 'fitted slope (rule: -1)', 'held-out forms consistent', 'mean held-out error', ''], ruleRows) +
    `<h3>Sensitivity to the drop size and the erratic cut</h3>` +
    table(['drop over', 'drops to be erratic', 'winning scalar', 'lr_c per form'], sensitivityRows)
  );
}

/** Sharpness runs, the mean direction, dead units at initialisation and the sources. */
function dynamicsSection(explanation: Explanation, render: (options: PlotOptions) => string, charts: typeof Viz): string {
  const parts: string[] = [];
  if (explanation.sharpness != null) {
    parts.push(`<h2>Sharpness</h2><p>${escapeHtml(explanation.sharpness.method)}.</p>`);
    parts.push(figure('lr × λmax during training', render(charts.sharpnessCurves(explanation, { title: null, subtitle: null })), 'Mean over seeds, band min to max; dashed: 2, the edge of stability.'));
    parts.push(
      table(
        ['form', 'first step with lr·λmax ≥ 2, per seed', 'first drop', 'first dead-unit jump', 'fc1 dead first → last'],
        explanation.sharpness.series.map((s) => [s.form, s.edgeSteps.map((x) => x ?? '–').join(', '), s.firstDropSteps.map((x) => x ?? '–').join(', '), s.deadJumpSteps.map((x) => x ?? '–').join(', '), s.deadFirst.map((d, i) => `${d === null ? '–' : (100 * d).toFixed(0)}→${s.deadLast[i] == null ? '–' : (100 * (s.deadLast[i] as number)).toFixed(0)}%`).join(', ')]),
      ),
    );
  }
  if ((explanation.meanDirection ?? []).length > 0) {
    parts.push(`<h2>fc1's update and the mean input direction</h2>`);
    parts.push(table(['form', '‖μ‖', 'cosine of the update with the mean direction', 'sign flips per step', 'evaluations'], (explanation.meanDirection ?? []).map((m) => [m.form, m.meanNorm.toFixed(2), m.cosine?.toFixed(3) ?? '–', m.signFlipShare === null ? '–' : `${(100 * m.signFlipShare).toFixed(0)}%`, String(m.steps)])));
  }
  if ((explanation.deadUnits ?? []).length > 0) {
    parts.push(`<h2>Dead fc1 units: at initialisation and at the end</h2>`);
    parts.push(table(['intervention', 'images', 'dead at initialisation (mean, min-max)', 'dead at the end (mean, min-max)'], (explanation.deadUnits ?? []).map((d) => [d.intervention, d.polarity, `${(100 * d.atInit.mean).toFixed(0)}% (${(100 * d.atInit.min).toFixed(0)}-${(100 * d.atInit.max).toFixed(0)})`, `${(100 * d.atEnd.mean).toFixed(0)}% (${(100 * d.atEnd.min).toFixed(0)}-${(100 * d.atEnd.max).toFixed(0)})`])));
  }
  if ((explanation.sources ?? []).length > 0) {
    parts.push(`<h2>The established account</h2>`);
    parts.push(table(['source', 'claim', 'our runs', 'evidence'], (explanation.sources ?? []).map((s) => [s.citation, s.claim, s.verdict, s.evidence])));
  }
  return parts.join('\n');
}

/** The explanation as one standalone HTML page: inline SVG, inline CSS, no JavaScript, every text escaped. */
export async function explanationReport(explanation: Explanation): Promise<string> {
  // loaded here, not at start: every other command of the CLI does without jsdom
  const [{ renderSvg }, charts] = await Promise.all([import('@negmnist/viz/node'), import('@negmnist/viz')]);
  const render = (options: PlotOptions): string => renderSvg(options);
  const s = explanation.settings;
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const sections = [
    `<h1>${escapeHtml(explanation.question)}</h1>`,
    `<p class="meta">${escapeHtml(`${s.seeds} seeds per configuration, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, dataset ${s.dataset} (${s.trainImages} training, ${s.validationImages} validation images), backend ${s.backend.engine ?? 'tfjs'} ${s.backend.name}; ${s.runs} runs, ${(s.trainingWallTimeMs / 60_000).toFixed(1)} min of training on ${s.machine.cpus} × ${s.machine.cpuModel}. Command: ${s.commandLine}`)}</p>`,
    `<h2>Answer</h2><ul>${explanation.sentences.map((x) => `<li>${escapeHtml(x.text)}</li>`).join('')}</ul>`,
    sweepSection(explanation, render, charts),
    dynamicsSection(explanation, render, charts),
    `<h2>Ranked effects</h2><p>${escapeHtml(`Ranking: ${explanation.ranking.rule}.${(explanation.ranking.notFixes ?? []).length === 0 ? '' : ` No fix (most negative runs never learn): ${(explanation.ranking.notFixes ?? []).map(label).join(', ')}.`}`)}</p>`,
    effectChart(explanation, 'drops', 'negative'),
    effectChart(explanation, 'collapse', 'negative'),
    effectChart(explanation, 'fc1DeadFraction', 'negative'),
    effectChart(explanation, 'drops', 'positive'),
    `<h2>Dead units</h2>${deadOverTimeChart(explanation.configurations)}`,
    explanation.mechanism === null ? '' : `<h2>Mechanism: initialisation and the first ${explanation.mechanism.steps} steps</h2>${mechanismCharts(explanation.mechanism)}`,
    explanation.chaos === null ? '' : `<h2>Chaos</h2>${chaosChart(explanation.chaos, label)}`,
    `<h2>Every configuration</h2>${configurationTable(explanation)}`,
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`negmnist explanation: ${explanation.experiment}`)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}
