import { createRng, inputGeometry, type InputGeometry } from '@negmnist/data';
import { candidateScalars, type CandidateScalar, type CriticalLrRecord, type InputFormRecord, type RuleTestRecord, type RunRecord, type Sensitivity, type Sweep, type SweepCell } from '@negmnist/results';
import { countDrops } from '@negmnist/results';
import { DEFAULT_ERRATIC_RULE, erraticShare, formScalar, estimateCriticalLr, runOutcome, testRule, type ErraticRule } from '@negmnist/results/aggregate';
import { runInputs, type LoadedData } from '../config/data';
import { outcomeCounts, recordsOf } from './evidence';
import type { InputForm } from './forms';
import type { ExplainPlan, SweepSettings } from './runs';

type Records = ReadonlyMap<string, RunRecord>;

/** The erratic rule in words, for `rule`. */
export function erraticRuleText(rule: ErraticRule): string {
  return (
    `a run is diverged when a non-finite loss stopped it, collapsed when it ends stuck near chance (final accuracy below 20%, or every probe image's logits ≤ 0), ` +
    `otherwise erratic with at least ${rule.erraticDrops} drop${rule.erraticDrops === 1 ? '' : 's'} (a fall of more than ${100 * rule.dropShare}% of the validation images between evaluations) and smooth without; ` +
    `a form's critical learning rate lr_c is where half its learning (smooth or erratic) runs are erratic, interpolated in log lr`
  );
}

/** Drop sizes and erratic cuts the sensitivity check re-reads the sweep under. */
export const SENSITIVITY_RULES: readonly ErraticRule[] = [
  { dropShare: 0.03, erraticDrops: 1 },
  { dropShare: 0.1, erraticDrops: 1 },
  { dropShare: 0.05, erraticDrops: 2 },
  { dropShare: 0.05, erraticDrops: 3 },
];

/** Each form's geometry, from its training inputs as the runs see them. */
export function formGeometries(forms: readonly InputForm[], data: LoadedData): Map<string, InputGeometry> {
  return new Map(forms.map((form) => [form.id, inputGeometry(runInputs(data, { negative: false, ...form.change }).train)]));
}

/** λmax of the loss Hessian at initialisation of a form: its sharpness runs' step-0 measurement, mean over seeds. */
export function initialSharpness(plan: ExplainPlan, records: Records, form: string): number | null {
  const runs = plan.sharpness.find((s) => s.form === form);
  if (runs === undefined) return null;
  const values = recordsOf(runs.runIds, records)
    .map((r) => r.sharpness?.find((p) => p.step === 0)?.lambdaMax)
    .filter((v): v is number => typeof v === 'number');
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Rule tests of every candidate scalar on the forms with an lr_c (at least three); the winner predicts held-out forms best. */
export function ruleTests(forms: readonly InputFormRecord[], criticalLrs: readonly CriticalLrRecord[]): { rules: RuleTestRecord[]; winner: CandidateScalar | null } {
  const rules: RuleTestRecord[] = [];
  for (const scalar of candidateScalars) {
    const points = forms.flatMap((form) => {
      const lrc = criticalLrs.find((c) => c.form === form.id);
      const value = formScalar(form, scalar);
      if (lrc?.value == null || value === null) return [];
      // a mean norm of 1e-9 relative is rounding of a zero-mean input: the rule has no limit there
      const max = Math.max(...forms.map((f) => formScalar(f, scalar) ?? 0));
      return [{ form: form.id, scalar: value > 1e-9 * max ? value : 0, lrc: { value: lrc.value, censored: lrc.censored } }];
    });
    if (points.length < 3) continue;
    rules.push({ scalar, ...testRule(points) });
  }
  const ranked = [...rules].filter((r) => r.meanLogError !== null).sort((a, b) => b.consistent - a.consistent || (a.meanLogError as number) - (b.meanLogError as number));
  return { rules, winner: ranked[0]?.scalar ?? null };
}

function criticalLrsOf(plan: ExplainPlan, records: Records, forms: readonly InputForm[], rule: ErraticRule, bootstrap: { rounds: number; seed: number }): CriticalLrRecord[] {
  return forms.map((form) => {
    const cells = plan.sweepCells.filter((c) => c.form === form.id).map((c) => ({ lr: c.lr, outcomes: recordsOf(c.runIds, records).map((r) => runOutcome(r, rule)) }));
    const rng = createRng(bootstrap.seed);
    const { estimate, interval, censoredShare } = estimateCriticalLr(cells, { random: () => rng.nextFloat(), rounds: bootstrap.rounds });
    return { form: form.id, value: estimate?.value ?? null, censored: estimate?.censored ?? null, interval, censoredShare };
  });
}

/** The sweep section of the record: outcomes per cell, lr_c per form with its interval, every candidate rule held out form by form, and the same under other cuts. */
export function sweepOf(plan: ExplainPlan, settings: SweepSettings, records: Records, data: LoadedData, options: { epochs: number; rounds: number; seed: number }): Sweep {
  const geometries = formGeometries(settings.forms, data);
  const forms: InputFormRecord[] = settings.forms.map((form) => {
    const g = geometries.get(form.id) as InputGeometry;
    return {
      id: form.id,
      label: form.label,
      description: form.description,
      change: form.change,
      geometry: {
        meanSquaredNorm: g.meanSquaredNorm,
        // rounding of a zero-mean input (1e-14 of E‖x‖²) is a zero mean
        meanNormSquared: g.meanNormSquared < 1e-9 * g.meanSquaredNorm ? 0 : g.meanNormSquared,
        covarianceTrace: Math.max(0, g.covarianceTrace),
        secondMomentTop: Math.max(0, g.secondMomentTop),
      },
      initialSharpness: initialSharpness(plan, records, form.id),
    };
  });
  const cells: SweepCell[] = plan.sweepCells.map((planned) => {
    const runs = recordsOf(planned.runIds, records);
    const outcomes = runs.map((r) => runOutcome(r));
    const learning = runs.filter((_, i) => outcomes[i] === 'smooth' || outcomes[i] === 'erratic');
    return {
      form: planned.form,
      lr: planned.lr,
      runIds: planned.runIds,
      outcomes: outcomeCounts(outcomes),
      erraticShare: erraticShare(outcomes),
      drops: learning.length === 0 ? null : learning.reduce((s, r) => s + countDrops(r.evaluations, DEFAULT_ERRATIC_RULE.dropShare), 0) / learning.length,
    };
  });
  const bootstrap = { rounds: options.rounds, seed: options.seed };
  const criticalLrs = criticalLrsOf(plan, records, settings.forms, DEFAULT_ERRATIC_RULE, bootstrap);
  const { rules, winner } = ruleTests(forms, criticalLrs);
  const sensitivity: Sensitivity[] = SENSITIVITY_RULES.map((rule) => {
    const lrcs = criticalLrsOf(plan, records, settings.forms, rule, bootstrap);
    return { dropShare: rule.dropShare, erraticDrops: rule.erraticDrops, criticalLrs: lrcs, winner: ruleTests(forms, lrcs).winner };
  });
  return { lrs: settings.lrs, seeds: settings.seeds, epochs: options.epochs, rule: erraticRuleText(DEFAULT_ERRATIC_RULE), forms, cells, criticalLrs, rules, winner, sensitivity };
}
