import { polarities } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import { backendId, type Explanation, type Mechanism } from '@negmnist/results';
// type-only: the modules themselves load in explanationReport, when a report is asked for
import type * as Viz from '@negmnist/viz';
import type { renderSvg } from '@negmnist/viz/node';
import { criticalLrText } from './answer';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Chart options as @negmnist/viz makes them. */
type PlotOptions = Parameters<typeof renderSvg>[0];

/** Draws a chart of @negmnist/viz as inline SVG; a chart whose input the record lacks (`ChartInputError`) is left out. */
type Draw = (make: () => PlotOptions) => string;

/** Steps of the mechanism runs the report's table shows: the first ones and then every few, up to the last. */
const MECHANISM_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** fc1's update-to-weight ratio and dead fraction over the first steps, per polarity. */
function mechanismSection(mechanism: Mechanism): string {
  const init = mechanism.polarities.map((p) => [p.polarity, p.init.inputMeanSquaredNorm.toFixed(1), p.init.fc1PreActivationMean.toFixed(3), p.init.fc1PreActivationStd.toFixed(3), p.init.fc1NonPositiveShare.toFixed(3)]);
  const shown = (n: number | null | undefined, digits: number) => (n === null || n === undefined ? '–' : n.toFixed(digits));
  const steps = MECHANISM_STEPS.filter((step) => step <= mechanism.steps);
  const rows = mechanism.polarities.flatMap((p) =>
    steps.flatMap((step) => {
      const fc1 = p.steps.find((s) => s.step === step)?.layers.find((l) => l.name === 'fc1');
      return fc1 === undefined ? [] : [[p.polarity, String(step), shown(fc1.updateRatio, 4), shown(fc1.deadFraction, 3)]];
    }),
  );
  return (
    table(['images', 'E‖x‖²', 'fc1 pre-activation mean', 'spread (std)', 'share ≤ 0'], init) +
    figure('fc1 over the first steps', table(['images', 'step', 'update-to-weight ratio (lr × ‖grad‖ / ‖W‖)', 'dead for every probe image'], rows), 'lr × gradNorm / weightNorm: for plain SGD the exact size of the update relative to the weights.')
  );
}

function configurationTable(explanation: Explanation): string {
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const rows = explanation.configurations.map((c) => {
    const reached = c.stepsTo90.filter((s): s is number => s !== null);
    const steps = reached.length === 0 ? 'never' : `${Math.round(reached.reduce((s, v) => s + v, 0) / reached.length)} (${reached.length}/${c.stepsTo90.length})`;
    return [label(c.intervention), c.polarity, c.finalAccuracy.mean.toFixed(3), c.bestAccuracy.mean.toFixed(3), c.drops.mean.toFixed(1), c.fc1DeadFraction?.mean.toFixed(2) ?? '–', c.collapseShare.toFixed(2), steps, String(c.seeds.length)];
  });
  return table(['intervention', 'images', 'final acc.', 'best acc.', 'drops', 'fc1 dead', 'stuck near chance', 'steps to 90% (reached)', 'seeds'], rows);
}

/** A titled figure; none when its chart was left out (`body` empty). */
function figure(title: string, body: string, caption: string): string {
  if (body === '') return '';
  return `<figure><h3>${escapeHtml(title)}</h3>${body}${caption === '' ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`}</figure>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
figure{margin:1.5em 0}figcaption{font-size:13px;color:#555}h3{font-size:15px;margin:0 0 .3em}.meta{color:#555;font-size:13px}`;

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The sweep: lr_c per form with the geometry beside it, the rules held out, the map and the log-log plot (charts from @negmnist/viz). */
function sweepSection(explanation: Explanation, draw: Draw, charts: typeof Viz): string {
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
    figure('Where each input form turns erratic', draw(() => charts.sweepMap(explanation, { title: null, subtitle: null, width: 900 })), `Colour: green all smooth, red all erratic, yellow mixed, grey all collapsed, black all diverged; text: erratic share of the learning runs, then collapsed (c) and diverged (d) runs.`) +
    figure('Critical learning rate against the winning scalar', draw(() => charts.criticalLrPlot(explanation, { title: null, subtitle: null })), 'Dots: lr_c with 95% interval; triangles: censored; dashed: lr_c = K / scalar; rings: held-out predictions.') +
    `<h3>Rules lr_c = K / scalar, each form held out in turn</h3>` +
    table(['scalar', 'K', 'fitted slope (rule: -1)', 'held-out forms consistent', 'mean held-out error', ''], ruleRows) +
    `<h3>Sensitivity to the drop size and the erratic cut</h3>` +
    table(['drop over', 'drops to be erratic', 'winning scalar', 'lr_c per form'], sensitivityRows)
  );
}

/** Sharpness runs, the mean direction, dead units at initialisation and the sources. */
function dynamicsSection(explanation: Explanation, draw: Draw, charts: typeof Viz): string {
  const parts: string[] = [];
  if (explanation.sharpness != null) {
    parts.push(`<h2>Sharpness</h2><p>${escapeHtml(explanation.sharpness.method)}.</p>`);
    parts.push(figure('lr × λmax during training', draw(() => charts.sharpnessCurves(explanation, { title: null, subtitle: null })), 'Mean over seeds, band min to max; dashed: 2, the edge of stability.'));
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

/** The explanation as one standalone HTML page: inline SVG (charts of @negmnist/viz), inline CSS, no JavaScript, every text escaped. */
export async function explanationReport(explanation: Explanation): Promise<string> {
  // loaded here, not at start: every other command of the CLI does without jsdom
  const [{ renderSvg }, charts] = await Promise.all([import('@negmnist/viz/node'), import('@negmnist/viz')]);
  const draw: Draw = (make) => {
    try {
      return renderSvg(make());
    } catch (error) {
      if (error instanceof charts.ChartInputError || (error as Error).name === 'ChartInputError') return '';
      throw error;
    }
  };
  const s = explanation.settings;
  const label = (id: string) => explanation.interventions.find((i) => i.id === id)?.label ?? id;
  const plain = { title: null, subtitle: null } as const;
  const effects = (metric: 'drops' | 'collapse' | 'fc1DeadFraction', shown: readonly Polarity[], title: string) =>
    figure(title, draw(() => charts.interventionEffects(explanation, { ...plain, metric, polarities: shown })), 'Dot: difference of means (intervention − seed configuration); bar: 95% bootstrap interval across seeds; hollow: the interval includes zero.');
  const sections = [
    `<h1>${escapeHtml(explanation.question)}</h1>`,
    `<p class="meta">${escapeHtml(`${s.seeds} seeds per configuration, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, dataset ${s.dataset} (${s.trainImages} training, ${s.validationImages} validation images), backend ${backendId(s.backend)}; ${s.runs} runs, ${(s.trainingWallTimeMs / 60_000).toFixed(1)} min of training on ${s.machine.cpus} × ${s.machine.cpuModel}. Command: ${s.commandLine}`)}</p>`,
    `<h2>Answer</h2><ul>${explanation.sentences.map((x) => `<li>${escapeHtml(x.text)}</li>`).join('')}</ul>`,
    sweepSection(explanation, draw, charts),
    dynamicsSection(explanation, draw, charts),
    `<h2>Ranked effects</h2><p>${escapeHtml(`Ranking: ${explanation.ranking.rule}.${(explanation.ranking.notFixes ?? []).length === 0 ? '' : ` No fix (most negative runs never learn): ${(explanation.ranking.notFixes ?? []).map(label).join(', ')}.`}`)}</p>`,
    effects('drops', polarities, 'Effect on drops per run'),
    effects('collapse', ['negative'], 'Effect on the share of runs stuck near chance, negative images'),
    effects('fc1DeadFraction', ['negative'], 'Effect on the fc1 dead fraction, negative images'),
    `<h2>Dead units</h2>${figure('Dead units over training, seed configuration', draw(() => charts.deadUnitsByPolarity(explanation, { ...plain, x: 'epoch' })), 'Share of each layer\'s units at or below zero for every probe image, mean over seeds.')}`,
    explanation.mechanism === null ? '' : `<h2>Mechanism: initialisation and the first ${explanation.mechanism.steps} steps</h2>${mechanismSection(explanation.mechanism)}`,
    explanation.chaos === null ? '' : `<h2>Chaos</h2>${figure('Chaos: twin runs', draw(() => charts.chaosSeparation(explanation, plain)), `Twins differ by ${explanation.chaos.perturbation} in one fc1 weight; hollow dots: not separated within ${explanation.chaos.maxSteps} steps.`)}`,
    `<h2>Every configuration</h2>${configurationTable(explanation)}`,
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`negmnist explanation: ${explanation.experiment}`)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}
