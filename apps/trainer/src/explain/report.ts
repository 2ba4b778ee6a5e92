import type { Chaos, Configuration, Effect, EffectMetric, Explanation, Mechanism, Phase, Polarity } from '@negmnist/results';
import { escapeHtml, line, lineChart, linearScale, logScale, niceTicks, PALETTE, svg, text, tickLabel } from './svg';

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

/** The phase map on log axes lr x E||x||², with the fitted line lr x E||x||² = K. */
function phaseChart(phase: Phase): string {
  const width = 560;
  const height = 340;
  const margin = { left: 64, right: 34, top: 16, bottom: 44 };
  const lrs = phase.cells.map((c) => c.lr);
  const norms = phase.cells.map((c) => Math.max(c.meanSquaredNorm, 1e-9));
  const xDomain: [number, number] = [Math.min(...lrs) / 1.5, Math.max(...lrs) * 1.5];
  const yDomain: [number, number] = [Math.min(...norms) / 1.5, Math.max(...norms) * 1.5];
  const x = logScale(xDomain, [margin.left, width - margin.right]);
  const y = logScale(yDomain, [height - margin.bottom, margin.top]);
  const parts: string[] = [];
  for (const lr of phase.lrs) parts.push(text(x(lr), height - margin.bottom + 16, tickLabel(lr), 'text-anchor="middle" font-size="10"'));
  for (const norm of phase.inputNorms) {
    parts.push(line(margin.left, y(Math.max(norm.meanSquaredNorm, 1e-9)), width - margin.right, y(Math.max(norm.meanSquaredNorm, 1e-9)), 'stroke="#eee"'));
    // Negative images sit near c = 0.75 (similar E||x||²): their label goes on the right so the two do not overlap.
    const at = y(Math.max(norm.meanSquaredNorm, 1e-9)) + 3;
    parts.push(norm.negative ? text(width - margin.right + 2, at, 'neg', 'font-size="10"') : text(margin.left - 6, at, `c=${norm.offset}`, 'text-anchor="end" font-size="10"'));
  }
  parts.push(text((margin.left + width) / 2, height - 8, 'learning rate (log)', 'text-anchor="middle" font-size="11"'));
  parts.push(text(14, height / 2, 'E‖x‖² (log)', `text-anchor="middle" font-size="11" transform="rotate(-90 14 ${height / 2})"`));
  if (phase.threshold !== null) {
    const k = phase.threshold;
    // lr x E = K is a straight line on log-log axes.
    parts.push(line(x(xDomain[0]), y(k / xDomain[0]), x(xDomain[1]), y(k / xDomain[1]), 'stroke="#444" stroke-dasharray="5 4"'));
    parts.push(text(width - margin.right - 4, margin.top + 12, `prediction: lr × E‖x‖² = ${k.toPrecision(3)}`, 'text-anchor="end" font-size="11"'));
  }
  for (const cell of phase.cells) {
    const cx = x(cell.lr);
    const cy = y(Math.max(cell.meanSquaredNorm, 1e-9));
    const fill = cell.erratic ? '#d62728' : '#1f77b4';
    const title = `<title>${escapeHtml(`${cell.negative ? 'negative' : `c=${cell.offset}`}, lr ${cell.lr}: ${cell.drops.toFixed(1)} drops, fc1 dead ${cell.fc1DeadFraction.toFixed(2)}, stuck ${cell.collapseShare.toFixed(2)}`)}</title>`;
    parts.push(cell.negative ? `<rect x="${(cx - 6).toFixed(1)}" y="${(cy - 6).toFixed(1)}" width="12" height="12" fill="${fill}">${title}</rect>` : `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="6" fill="${fill}">${title}</circle>`);
    parts.push(text(cx + 9, cy + 4, cell.drops.toFixed(1), 'font-size="9" fill="#333"'));
  }
  return figure(
    'Phase map',
    svg(width, height, 'Phase map: learning rate against E||x||², erratic cells red, smooth blue, negative images as squares', parts.join('')),
    `Red: erratic (${phase.erraticRule}); blue: smooth; circles: positive images with offset c; squares: negative images; numbers: mean drops. ${phase.seeds} seed(s) per cell.`,
  );
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

/** The explanation as one standalone HTML page: inline SVG, inline CSS, no JavaScript, every text escaped. */
export function explanationReport(explanation: Explanation): string {
  const s = explanation.settings;
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const sections = [
    `<h1>${escapeHtml(explanation.question)}</h1>`,
    `<p class="meta">${escapeHtml(`${s.seeds} seeds per configuration, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, dataset ${s.dataset} (${s.trainImages} training, ${s.validationImages} validation images), backend ${s.backend.engine ?? 'tfjs'} ${s.backend.name}; ${s.runs} runs, ${(s.trainingWallTimeMs / 60_000).toFixed(1)} min of training on ${s.machine.cpus} × ${s.machine.cpuModel}. Command: ${s.commandLine}`)}</p>`,
    `<h2>Answer</h2><ul>${explanation.sentences.map((x) => `<li>${escapeHtml(x.text)}</li>`).join('')}</ul>`,
    `<h2>Ranked effects</h2><p>${escapeHtml(`Ranking: ${explanation.ranking.rule}.`)}</p>`,
    effectChart(explanation, 'drops', 'negative'),
    effectChart(explanation, 'collapse', 'negative'),
    effectChart(explanation, 'fc1DeadFraction', 'negative'),
    effectChart(explanation, 'drops', 'positive'),
    explanation.phase === null ? '' : `<h2>Phase diagram</h2>${phaseChart(explanation.phase)}`,
    `<h2>Dead units</h2>${deadOverTimeChart(explanation.configurations)}`,
    explanation.mechanism === null ? '' : `<h2>Mechanism: initialisation and the first ${explanation.mechanism.steps} steps</h2>${mechanismCharts(explanation.mechanism)}`,
    explanation.chaos === null ? '' : `<h2>Chaos</h2>${chaosChart(explanation.chaos, label)}`,
    `<h2>Every configuration</h2>${configurationTable(explanation)}`,
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`negmnist explanation: ${explanation.experiment}`)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}
