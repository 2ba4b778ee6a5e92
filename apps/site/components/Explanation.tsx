import Link from 'next/link';
import type { ReactNode } from 'react';
import type { EffectMetric, Explanation, Sentence, SentenceTopic } from '@negmnist/results';
import { chaosSeparation, criticalLrPlot, deadUnitsByPolarity, effectMetricLabels, interventionEffects, phaseMap, sharpnessCurves, sweepMap } from '@negmnist/viz';
import { CriticalLrTable, SourcesTable } from './ExplanationTables';
import { Figure } from './Figure';
import { chartSvg } from '../lib/charts';
import { answerSentences, sentencesOn } from '../lib/explanation';
import { duration, plural } from '../lib/format';

/** The record's sentences, verbatim, each tagged with its id and seed count. */
export function Sentences({ sentences, testId }: { sentences: readonly Sentence[]; testId?: string }) {
  if (sentences.length === 0) return null;
  return (
    <ul className="sentences" data-testid={testId}>
      {sentences.map((s) => (
        <li key={s.id} data-sentence-id={s.id}>
          {s.text}
        </li>
      ))}
    </ul>
  );
}

/** Where the explanation comes from: its command, size, machine and time. */
export function Provenance({ explanation, file }: { explanation: Explanation; file: string }) {
  const { settings } = explanation;
  return (
    <p className="muted" data-testid="explanation-provenance">
      From <code>{file}</code>: {plural(settings.seeds, 'seed')} per configuration, {plural(settings.epochs, 'epoch')}, {settings.dataset} (
      {settings.trainImages.toLocaleString('en')} training and {settings.validationImages.toLocaleString('en')} validation images), {plural(settings.runs, 'run')}{' '}
      on {settings.backend.engine ? `${settings.backend.engine} ` : ''}
      {settings.backend.name}, {settings.machine.cpus} × {settings.machine.cpuModel}; {duration(settings.wallTimeMs)} wall time. Command:{' '}
      <code>{settings.commandLine}</code>
    </p>
  );
}

/** The front page's answer: the question and the answer sentences of the record. */
export function ExplanationAnswer({ explanation, file }: { explanation: Explanation; file: string }) {
  return (
    <section className="card answer" aria-labelledby="answer-heading" data-testid="explanation-answer">
      <h2 id="answer-heading">The answer</h2>
      <Sentences sentences={answerSentences(explanation)} testId="answer-sentences" />
      {explanation.sweep == null || explanation.sweep.criticalLrs.every((c) => c.value === null) ? null : (
        <Figure
          title="Critical learning rate of each input form"
          svg={chartSvg(criticalLrPlot(explanation, { title: null, subtitle: null, height: 320, width: 600 }))}
          caption={`Each dot: one input form's lr_c with its 95% interval (${explanation.sweep.seeds} seeds per learning rate, ${explanation.sweep.lrs.length} learning rates, ${explanation.sweep.epochs} epochs); dashed: lr_c = K / scalar; rings: each form predicted from the others.`}
        />
      )}
      <Provenance explanation={explanation} file={file} />
      <p>
        <Link href="/explanation/">Every configuration, effect and sentence of this explanation →</Link>
      </p>
    </section>
  );
}

function Evidence({ id, title, topic, explanation, children }: { id: string; title: string; topic: SentenceTopic; explanation: Explanation; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={`evidence-${id}`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <Sentences sentences={sentencesOn(explanation, topic)} />
      {children}
    </section>
  );
}

/** The charts that prove each point: the sweep and its rules, sharpness, the sources, effects with CIs, dead units over time, chaos. */
export function ExplanationEvidence({ explanation, metrics = ['drops', 'fc1DeadFraction'] }: { explanation: Explanation; metrics?: readonly EffectMetric[] }) {
  const { phase, chaos, sweep, sharpness } = explanation;
  const present = metrics.filter((metric) => explanation.effects.some((e) => e.metric === metric));
  const hasDead = explanation.configurations.some((c) => c.intervention === 'baseline' && c.deadOverTime.some((s) => s.points.length > 0));
  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">The evidence</h2>
      {sweep == null ? null : (
        <Evidence id="sweep" title="The critical learning rate of each input form" topic="sweep" explanation={explanation}>
          <p className="muted">{sweep.rule}.</p>
          <Figure title="Where each input form turns erratic" svg={chartSvg(sweepMap(explanation, { title: null }))} />
          <Figure title="Critical learning rate against the scalar that predicts it best" svg={chartSvg(criticalLrPlot(explanation, { title: null }))} />
          <CriticalLrTable explanation={explanation} />
        </Evidence>
      )}
      {sharpness == null ? null : (
        <Evidence id="sharpness" title="Sharpness and the edge of stability" topic="sharpness" explanation={explanation}>
          <p className="muted">{sharpness.method}.</p>
          <Figure title="lr × λmax during training" svg={chartSvg(sharpnessCurves(explanation, { title: null }))} />
        </Evidence>
      )}
      {(explanation.sources ?? []).length === 0 ? null : (
        <Evidence id="sources" title="The established account, and what our runs say of it" topic="sources" explanation={explanation}>
          <SourcesTable explanation={explanation} />
        </Evidence>
      )}
      <Evidence id="effects" title="Which change removes which symptom" topic="effect" explanation={explanation}>
        <p className="muted">{explanation.ranking.rule}.</p>
        {present.map((metric) => (
          <Figure key={metric} title={`Effect on ${effectMetricLabels[metric]}`} svg={chartSvg(interventionEffects(explanation, { metric, title: null }))} />
        ))}
      </Evidence>
      {phase === null || phase.cells.length === 0 ? null : (
        <Evidence id="phase" title="Input scale × learning rate (records before the sweep)" topic="phase" explanation={explanation}>
          <Figure
            title="Phase map"
            svg={chartSvg(phaseMap(explanation, { title: null }))}
            caption={
              phase.threshold === null
                ? 'All positive-image cells fall in one class, so no boundary lr × E‖x‖² = K was fitted.'
                : `The line lr × E‖x‖² = ${Number(phase.threshold.toPrecision(3))} classifies ${phase.correct} of ${phase.total} positive-image cells and ${phase.negativeCorrect} of ${phase.negativeTotal} negative-image cells (fitted without them).`
            }
          />
        </Evidence>
      )}
      <Evidence id="dead" title="Dead units over training" topic="mechanism" explanation={explanation}>
        {hasDead ? (
          <Figure title="Dead units per layer, seed configuration" svg={chartSvg(deadUnitsByPolarity(explanation, { title: null }))} />
        ) : (
          <p className="muted">This explanation has no dead-unit series for the seed configuration.</p>
        )}
      </Evidence>
      <Evidence id="chaos" title="Chaos: how fast twin runs separate" topic="chaos" explanation={explanation}>
        {chaos === null || chaos.pairs.length === 0 ? (
          <p className="muted">This explanation has no twin runs.</p>
        ) : (
          <Figure title="Steps until twin runs separate" svg={chartSvg(chaosSeparation(explanation, { title: null }))} />
        )}
      </Evidence>
    </section>
  );
}

/** Shown when the results hold no explanation record: what the visitor sees instead, no paths or build steps (those are in the README). */
export function HowToExplain() {
  return (
    <section className="card howto" aria-labelledby="explain-howto-heading" data-testid="explain-howto">
      <h2 id="explain-howto-heading">The answer is not in these results</h2>
      <p>
        These results hold no explanation record (the multi-seed experiments that identify the causes), so this page shows only what their run records
        say.
      </p>
    </section>
  );
}
