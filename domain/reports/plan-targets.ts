/**
 * Targets of the provincial plans implementing Decision 488/QĐ-TTg (Đồng Nai 375/KH-UBND, Điện Biên
 * 1755/KH-UBND; DOMAIN.md §1): by each milestone year, the share of people in special hardship who are served
 * by social assistance services, and the share of those served who get comprehensive services. Both plans say
 * the same figures; they are plan data, passed in so a province with other targets can use its own.
 */
export interface PlanMilestone {
  year: number;
  /** Percent of people in special hardship served. */
  servedPercent: number;
  /** Minimum percent of those served who receive comprehensive services. */
  comprehensivePercent: number;
}

export const DECISION_488_MILESTONES: readonly PlanMilestone[] = [
  { year: 2020, servedPercent: 50, comprehensivePercent: 10 },
  { year: 2025, servedPercent: 70, comprehensivePercent: 30 },
  { year: 2030, servedPercent: 90, comprehensivePercent: 50 },
];

/**
 * The milestone a year's report is measured against: the first one due in or after that year (2026 works
 * towards 2030's 90%), or the last one once the plan's horizon has passed.
 */
export function milestoneFor(
  year: number,
  milestones: readonly PlanMilestone[] = DECISION_488_MILESTONES,
): PlanMilestone {
  const sorted = [...milestones].sort((a, b) => a.year - b.year);
  const found = sorted.find((milestone) => milestone.year >= year) ?? sorted[sorted.length - 1];
  if (!found) throw new RangeError('no plan milestones');
  return found;
}

/** A share in percent with one decimal; null when there is nothing to divide by. */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
