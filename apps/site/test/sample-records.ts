// The committed real run records (sample-results/), and what the pages must say about them, computed
// here straight from the raw evaluations: never by the site code the tests check.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFileSchema } from '@negmnist/results';
import type { CompareFile, Explanation, RunRecord } from '@negmnist/results';

/** The sample results directory the site builds from by default. */
export const SAMPLE_DIR = fileURLToPath(new URL('../sample-results', import.meta.url));

/** Every `<experiment>/<run-id>/record.json` under {@link SAMPLE_DIR}, parsed as plain JSON, in path order. */
export function sampleRecords(): RunRecord[] {
  const records: RunRecord[] = [];
  for (const experiment of readdirSync(SAMPLE_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const runs = readdirSync(path.join(SAMPLE_DIR, experiment), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const run of runs.sort()) {
      records.push(JSON.parse(readFileSync(path.join(SAMPLE_DIR, experiment, run, 'record.json'), 'utf8')) as RunRecord);
    }
  }
  return records;
}

/** Mean, smallest and largest of some numbers. */
export interface Expected {
  mean: number;
  min: number;
  max: number;
}

function expected(values: number[]): Expected {
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
}

/** What a group of runs shows, read off each run's evaluations. */
export interface ExpectedGroup {
  runs: number;
  finalAccuracy: Expected;
  /** null when no run of the group probes fc1 dead units (non-ReLU hidden layers). */
  deadFc1: Expected | null;
  deadOutput: Expected;
  /** Runs that end stuck: final validation accuracy below 20% (twice chance), or every probe image's logits ≤ 0. */
  collapsedRuns: number;
  /** Other runs with at least one drop of validation accuracy by more than 500 of 10,000 images between evaluations. */
  erraticRuns: number;
  /** Those erratic runs' drops, summed. */
  drops: number;
}

/** The numbers of a group of runs, from their raw evaluations. */
export function expectedGroup(runs: readonly RunRecord[]): ExpectedGroup {
  const last = runs.map((run) => run.evaluations[run.evaluations.length - 1]!);
  const dead = last.map((e) => e.layers.find((layer) => layer.name === 'fc1')?.deadFraction).filter((v): v is number => typeof v === 'number');
  const drops = runs.map((run) => {
    let count = 0;
    // The drop rule on correct counts of the 10,000 test images: a fall of more than 500 images.
    const correct = run.evaluations.map((e) => e.valCorrect ?? Math.round(e.valAccuracy * 10_000));
    for (let i = 1; i < correct.length; i++) if (correct[i - 1]! - correct[i]! > 500) count++;
    return count;
  });
  const collapsed = last.map((e) => e.valAccuracy < 0.2 || e.deadOutputFraction >= 1);
  return {
    runs: runs.length,
    finalAccuracy: expected(last.map((e) => e.valAccuracy)),
    deadFc1: dead.length === 0 ? null : expected(dead),
    deadOutput: expected(last.map((e) => e.deadOutputFraction)),
    collapsedRuns: collapsed.filter(Boolean).length,
    erraticRuns: drops.filter((n, i) => n > 0 && !collapsed[i]).length,
    drops: drops.reduce((a, n, i) => a + (collapsed[i] ? 0 : n), 0),
  };
}

/** Runs whose directory name the trainer gave one configuration, e.g. `neg-relu-out-relu` → its seeds s0, s1, …. */
export function runsNamed(records: readonly RunRecord[], config: string): RunRecord[] {
  return records.filter((record) => new RegExp(`^${config}-s\\d+$`).test(record.id));
}

/** `0.7312` → `73.1%`, as a reader sees a fraction on the pages. */
export const asPercent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** The committed sample explanation record (`sample-results/<experiment>/explanation.json`), parsed as plain JSON. */
export function sampleExplanation(): Explanation {
  const experiments = readdirSync(SAMPLE_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(path.join(SAMPLE_DIR, e.name, 'explanation.json')));
  if (experiments.length !== 1) throw new Error(`expected one sample explanation record under ${SAMPLE_DIR}, received ${experiments.length}`);
  return JSON.parse(readFileSync(path.join(SAMPLE_DIR, experiments[0]!.name, 'explanation.json'), 'utf8')) as Explanation;
}

/** The committed `experiments/reproduce/compare/compare.json`, parsed with its schema. */
export function sampleCompare(): CompareFile {
  return compareFileSchema.parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../../experiments/reproduce/compare/compare.json', import.meta.url)), 'utf8')));
}
