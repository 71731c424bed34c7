/**
 * Which months a monthly entitlement pays, and how much (DOMAIN.md §3: "stopping takes effect the month after
 * the event"; §4.3: after moving residence "payment resumes the month after the stop"). The payroll reads
 * amounts only through `monthlyAmountFor`, so an adjustment, a termination or a relocation is honoured in one
 * place. Months are 'YYYY-MM' strings, which order like the months they name.
 */
import { nextMonth } from './base-level-arrears';
import { baseLevelOn, type BaseLevelEntry, monthlyAmount } from './base-level';
import { monthOf } from './iso-date';

export { nextMonth };

/** A month a base-level change was confirmed after (`entitlement_arrears`, migration 840: one row per month). */
export interface BaseLevelChangeMonth {
  /** 'YYYY-MM'. */
  month: string;
  proposalId: number;
  previousAmount: number;
  newAmount: number;
  /** Legal date the change was applied to the entitlement (its confirmation): what an adjustment decided knew. */
  confirmedOn?: string;
}

/** An adjustment: a new coefficient from a month (`entitlement_amount_changes`). */
export interface AmountChange {
  fromMonth: string;
  /** The amount decided: the coefficient × the base level of `fromMonth` as known when decided. */
  monthlyAmount: number;
  /**
   * The coefficient decided (DOMAIN.md §3: amount = base level × coefficient). Absent for a row stored before
   * coefficients whose amount is not one (migration 922 could not derive it): that amount stays as decided.
   */
  coefficient?: number | null;
  decidedOn?: string;
}

/** What the month rules read of an entitlement (the `entitlements` row and its amount changes). */
export interface EntitlementMonths {
  /** 'YYYY-MM': the first month paid. */
  startMonth: string;
  /** The amount decided (kept up to date by base-level changes): in force until the first amount change. */
  monthlyAmount: number;
  /** The legal date of the event that ended it (death, relocation…); its month is the last one paid. */
  endedOn?: string | null;
  /** Adjustments decided (`entitlement_amount_changes`), in the order decided; `decidedOn` its legal date. */
  amountChanges?: ReadonlyArray<AmountChange>;
  /** Base levels confirmed after months they cover, oldest change first within a month. */
  baseLevelChanges?: readonly BaseLevelChangeMonth[];
  /**
   * The base-level table as confirmed so far (db/base-levels.ts#baseLevelTable): an adjusted month pays its
   * coefficient × the level of that month. A level confirmed later is in the table the next list reads, so the
   * list pays the difference for the months it covers (back pay), as for an entitlement never adjusted.
   */
  baseLevels?: readonly BaseLevelEntry[];
}

/** The last month paid for an entitlement ended by an event on `endedOn`: the event's own month. */
export function lastPaidMonth(endedOn: string): string {
  return monthOf(endedOn);
}

/** The first month no longer paid after an event on `eventDate`: the month after (Decree 20). */
export function stopsFrom(eventDate: string): string {
  return nextMonth(monthOf(eventDate));
}

/** Whether the entitlement pays anything for `month` (the contract between the payment modules). */
export function isPayableIn(entitlement: EntitlementMonths, month: string): boolean {
  if (month < entitlement.startMonth) return false;
  return !entitlement.endedOn || month <= lastPaidMonth(entitlement.endedOn);
}

/**
 * The amount in force for `month` (integer VND), or null when the entitlement pays nothing that month.
 *
 * An amount is base level × coefficient (DOMAIN.md §3). The latest adjustment starting on or before the month
 * wins and pays its coefficient × the base level of that month, read from the base-level table: a level
 * confirmed after the adjustment was decided reaches the adjusted months too, with back pay. No ratios: an
 * amount is never scaled from another one. Before any adjustment, the decided amount as base levels have moved
 * it (`decidedAmountFor`).
 */
export function monthlyAmountFor(entitlement: EntitlementMonths, month: string): number | null {
  if (!isPayableIn(entitlement, month)) return null;
  const adjusted = adjustmentInForce(entitlement, month);
  if (!adjusted) return decidedAmountFor(entitlement, month);
  const table = entitlement.baseLevels;
  // One look-up of the month's level (each sorts the table): this runs per month and entitlement in a build.
  const { coefficient } = adjusted;
  const baseLevel = coefficient && table ? baseLevelOfMonth(month, table) : undefined;
  if (!coefficient || baseLevel === undefined) return adjusted.monthlyAmount;
  return monthlyAmount({ baseLevel, coefficient });
}

/** The adjustment in force for `month`: the latest starting on or before it, undefined before any. */
export function adjustmentInForce(
  entitlement: Pick<EntitlementMonths, 'amountChanges'>,
  month: string,
): AmountChange | undefined {
  let adjusted: AmountChange | undefined;
  for (const change of entitlement.amountChanges ?? []) {
    // On the same month the later entry wins (amountChanges are listed in the order they were decided).
    if (change.fromMonth <= month && (!adjusted || change.fromMonth >= adjusted.fromMonth)) adjusted = change;
  }
  return adjusted;
}

/** The base level in force on the first day of `month`, undefined when none is (before the first level). */
export function baseLevelOfMonth(month: string, table: readonly BaseLevelEntry[]): number | undefined {
  try {
    return baseLevelOn(`${month}-01`, table);
  } catch {
    return undefined;
  }
}

/**
 * The coefficient an adjusted amount stands for: the amount ÷ the base level of its first month, when that is a
 * coefficient with at most two decimals (domain/base-level.ts#monthlyAmount) whose product is the amount to the
 * đồng; undefined otherwise (the officer typed an amount that is no base level × coefficient).
 */
export function adjustmentCoefficient(
  newMonthlyAmount: number,
  fromMonth: string,
  table: readonly BaseLevelEntry[],
): number | undefined {
  const base = baseLevelOfMonth(fromMonth, table);
  if (base === undefined || !Number.isSafeInteger(newMonthlyAmount)) return undefined;
  // Exact in integers: amount × 100 is base × hundredths of the coefficient.
  if ((newMonthlyAmount * 100) % base !== 0) return undefined;
  return (newMonthlyAmount * 100) / base / 100;
}

/**
 * The first month whose amount may differ from what was paid for it when paid: a base level or an adjustment
 * decided after that month (the payroll checks every month from it again); undefined when nothing changed.
 */
export function firstChangedMonth(
  entitlement: Pick<EntitlementMonths, 'baseLevelChanges' | 'amountChanges'>,
): string | undefined {
  const months = [
    ...(entitlement.baseLevelChanges ?? []).map((change) => change.month),
    ...(entitlement.amountChanges ?? []).map((change) => change.fromMonth),
  ];
  return months.length ? months.reduce((first, month) => (month < first ? month : first)) : undefined;
}

/**
 * The decided amount for a month. `monthlyAmount` is the amount in force now: a base level confirmed late
 * replaced it and left one `entitlement_arrears` row per month it covers, with the amount before and after. So:
 * with rows for the month, the amount after the latest change of that month; before the first month of a change,
 * the amount before that change (the earliest such change); otherwise the amount in force now.
 */
function decidedAmountFor(entitlement: EntitlementMonths, month: string): number {
  const current = entitlement.monthlyAmount;
  const changes = entitlement.baseLevelChanges ?? [];
  if (changes.length === 0) return current;
  let latestOfMonth: { proposalId: number; newAmount: number } | undefined;
  const firstMonthOfChange = new Map<number, { month: string; previousAmount: number }>();
  for (const change of changes) {
    if (change.month === month && (!latestOfMonth || change.proposalId > latestOfMonth.proposalId)) {
      latestOfMonth = change;
    }
    const first = firstMonthOfChange.get(change.proposalId);
    if (!first || change.month < first.month) {
      firstMonthOfChange.set(change.proposalId, {
        month: change.month,
        previousAmount: change.previousAmount,
      });
    }
  }
  if (latestOfMonth) return latestOfMonth.newAmount;
  let earliestLater: { month: string; previousAmount: number } | undefined;
  for (const first of firstMonthOfChange.values()) {
    if (first.month > month && (!earliestLater || first.month < earliestLater.month)) earliestLater = first;
  }
  return earliestLater ? earliestLater.previousAmount : current;
}

/**
 * A relocation on `relocatedOn`: the old commune pays up to that month, the new one from the month after, so
 * across any boundary (a year's end included) no month is paid twice and none is skipped.
 */
export function relocationMonths(relocatedOn: string): {
  lastAtOldCommune: string;
  firstAtNewCommune: string;
} {
  return { lastAtOldCommune: lastPaidMonth(relocatedOn), firstAtNewCommune: stopsFrom(relocatedOn) };
}
