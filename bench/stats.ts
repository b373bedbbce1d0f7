/** Summaries every bench prints: min, median and p95 of a set of timings (nearest-rank quantiles). */
export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
}

export function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, min: sorted[0] ?? Number.NaN, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}
