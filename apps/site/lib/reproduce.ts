import path from 'node:path';
import { polarityOf } from '@negmnist/core';
import { chaosFileSchema, compareFileSchema } from '@negmnist/results';
import type { ChaosFile, CompareFile, CompareStatistic } from '@negmnist/results';
import { censoredMedian } from '@negmnist/results/aggregate';
import { loadJsonFile } from './json-file';
import type { Loaded } from './json-file';

// The "same as PyTorch" evidence: files that experiments/reproduce writes (compare.mjs, lockstep/chaos.mjs),
// read at build time from where they are committed, like the results directory. Their schemas are
// @negmnist/results' (the writers check their output with the same ones); fields are read, never copied into the site.

/** `experiments/reproduce/` of the repository, from the app directory the build runs in. */
export function reproduceDir(cwd: string = process.cwd()): string {
  return path.resolve(cwd, '../../experiments/reproduce');
}

/** Where the two files live under the reproduce directory. */
export const COMPARE_FILE = 'compare/compare.json';
export const CHAOS_FILE = 'lockstep/chaos.json';

export type { Loaded } from './json-file';

/** Reads `compare.json` and `chaos.json` under `dir`; a missing or malformed file comes back as its error, not thrown. */
export async function loadReproduce(dir: string): Promise<{ compare: Loaded<CompareFile>; chaos: Loaded<ChaosFile> }> {
  const [compare, chaos] = await Promise.all([loadJsonFile(path.join(dir, COMPARE_FILE), compareFileSchema), loadJsonFile(path.join(dir, CHAOS_FILE), chaosFileSchema)]);
  for (const loaded of [compare, chaos]) if ('error' in loaded) console.warn(`[negmnist site] ${loaded.file}: ${loaded.error}`);
  return { compare, chaos };
}

/** One row of the distribution table. */
export interface CompareRow {
  images: string;
  statistic: CompareStatistic;
  ours: number;
  torch: number;
  difference: number;
  interval: [number, number];
  p: number;
  /** Seeds behind each mean (the samples of this polarity). */
  oursSeeds: number;
  torchSeeds: number;
}

/** The table rows of `compare.json`, in file order, with the seed counts from its samples. */
export function compareRows(compare: CompareFile): CompareRow[] {
  return compare.rows.map((row) => ({
    images: row.images,
    statistic: row.statistic,
    ours: row.meanA,
    torch: row.meanB,
    difference: row.difference,
    interval: row.interval,
    p: row.p,
    oursSeeds: compare.samples[row.images]?.ours.length ?? 0,
    torchSeeds: compare.samples[row.images]?.torch.length ?? 0,
  }));
}

/** Epochs per run, from the `--epochs N` of the command that wrote the file; null when it does not say. */
export function compareEpochs(compare: CompareFile): number | null {
  const match = /--epochs[ =](\d+)/.exec(compare.command);
  return match ? Number(match[1]) : null;
}

/** A pair kind of `chaos.json` in words. */
export function pairKindLabel(kind: string): string {
  const labels: Record<string, string> = {
    'ours-torch': 'ours vs PyTorch, identical start',
    'torch-torch': 'PyTorch vs PyTorch, one weight perturbed',
    'ours-ours': 'ours vs ours, one weight perturbed',
  };
  return labels[kind] ?? kind;
}

/** Separation steps of one pair kind, polarity and threshold, over its seeds. */
export interface SeparationRow {
  kind: string;
  negative: boolean;
  threshold: string;
  /** Per seed, in seed order: the step, or null when the pair never separated within `horizon`. */
  seeds: { seed: number; step: number | null; horizon: number }[];
  /** Median step with never-separated pairs counted as later than any step; null when that median is censored. */
  median: number | null;
  /** Longest horizon of the pairs (for "> horizon" text). */
  horizon: number;
}

/** Separation rows of every non-control pair kind, polarity (negative first) and threshold, in file order of the kinds. */
export function separationRows(chaos: ChaosFile): SeparationRow[] {
  const runs = chaos.runs.filter((run) => run.control !== true);
  const kinds = [...new Set(runs.map((run) => run.kind))];
  const thresholds = [...new Set(runs.flatMap((run) => Object.keys(run.separation)))].sort((a, b) => Number(a) - Number(b));
  return kinds.flatMap((kind) =>
    [true, false].flatMap((negative) => {
      const group = runs.filter((run) => run.kind === kind && run.negative === negative).sort((a, b) => a.seed - b.seed);
      if (group.length === 0) return [];
      return thresholds.map((threshold) => {
        const seeds = group.map((run) => ({ seed: run.seed, step: run.separation[threshold] ?? null, horizon: run.horizon }));
        return { kind, negative, threshold, seeds, median: censoredMedian(seeds.map((s) => s.step)), horizon: Math.max(...seeds.map((s) => s.horizon)) };
      });
    }),
  );
}

/** A separation step in words: the step, or "> horizon" for a pair that never separated. */
export function stepText(step: number | null, horizon: number): string {
  return step === null ? `> ${horizon}` : String(step);
}

/**
 * One sentence from the separation rows of `kind` at `threshold`: the median steps until the pair's validation
 * losses differ by more than the threshold, negative then positive images, with the per-seed steps. Null when
 * the file has no such rows.
 */
export function separationSentence(rows: readonly SeparationRow[], kind: string, threshold: string, subject: string): string | null {
  const pick = (negative: boolean) => rows.find((row) => row.kind === kind && row.negative === negative && row.threshold === threshold);
  const parts = [pick(true), pick(false)].flatMap((row) => {
    if (row === undefined) return [];
    const median = row.median === null ? `more than ${row.horizon} steps` : `${row.median} steps`;
    const perSeed = row.seeds.map((s) => stepText(s.step, s.horizon)).join(', ');
    const seeds = row.seeds.length === 1 ? '1 seed' : `median of ${row.seeds.length} seeds`;
    return [`${median} on ${polarityOf(row.negative)} images (${seeds}: ${perSeed})`];
  });
  if (parts.length === 0) return null;
  return `${subject} stayed within ${Number(threshold)} of each other in validation loss for ${parts.join(' and ')}.`;
}
