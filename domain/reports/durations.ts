/**
 * How long steps took, summarised for reports: the average and the 90th percentile of whole working days.
 * Pure; the durations arrive as a histogram (days → how many steps took that long) so a report never holds
 * one value per step.
 */
export interface DurationSummary {
  count: number;
  /** Mean in working days, one decimal; null when nothing was counted. */
  average: number | null;
  /** Nearest-rank 90th percentile: the least d such that at least 90% of the steps took d days or fewer. */
  p90: number | null;
}

export type DurationHistogram = Map<number, number>;

export function addToHistogram(histogram: DurationHistogram, days: number, count = 1): void {
  histogram.set(days, (histogram.get(days) ?? 0) + count);
}

export function summariseDurations(histogram: DurationHistogram): DurationSummary {
  const entries = [...histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const count = entries.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return { count: 0, average: null, p90: null };
  const total = entries.reduce((sum, [days, n]) => sum + days * n, 0);
  const rank = Math.ceil(0.9 * count);
  let seen = 0;
  let p90 = entries[entries.length - 1]![0];
  for (const [days, n] of entries) {
    seen += n;
    if (seen >= rank) {
      p90 = days;
      break;
    }
  }
  return { count, average: Math.round((total / count) * 10) / 10, p90 };
}
