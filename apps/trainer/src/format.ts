/** 83_000 -> `1m23s`; 4_200 -> `4.2s`; 3_725_000 -> `1h02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** 0.9781 -> `97.81%`; undefined -> `-`. */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  return fraction === undefined || fraction === null ? '-' : `${(fraction * 100).toFixed(digits)}%`;
}

/** A text bar of `width` cells for a fraction in [0, 1]. */
export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Pads or cuts `text` to exactly `width` characters. */
export function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** Cuts `text` to at most `width` characters (a terminal line that must not wrap). */
export function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
