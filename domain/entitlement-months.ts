/**
 * Which months a monthly entitlement pays, and how much (DOMAIN.md §3: "stopping takes effect the month after
 * the event"; §4.3: after moving residence "payment resumes the month after the stop"). The payroll reads
 * amounts only through `monthlyAmountFor`, so an adjustment, a termination or a relocation is honoured in one
 * place. Months are 'YYYY-MM' strings, which order like the months they name.
 */
import { nextMonth } from './base-level-arrears';
import { monthOf } from './iso-date';

export { nextMonth };

/** What the month rules read of an entitlement (the `entitlements` row and its amount changes). */
export interface EntitlementMonths {
  /** 'YYYY-MM': the first month paid. */
  startMonth: string;
  /** The amount decided (kept up to date by base-level changes): in force until the first amount change. */
  monthlyAmount: number;
  /** The legal date of the event that ended it (death, relocation…); its month is the last one paid. */
  endedOn?: string | null;
  /** Adjustments decided (`entitlement_amount_changes`), in any order. */
  amountChanges?: ReadonlyArray<{ fromMonth: string; monthlyAmount: number }>;
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
 * The amount in force for `month` (integer VND), or null when the entitlement pays nothing that month. The
 * latest amount change starting on or before the month wins; before any, the amount decided.
 */
export function monthlyAmountFor(entitlement: EntitlementMonths, month: string): number | null {
  if (!isPayableIn(entitlement, month)) return null;
  let amount = entitlement.monthlyAmount;
  let from = '';
  for (const change of entitlement.amountChanges ?? []) {
    // On the same month the later entry wins (amountChanges are listed in the order they were decided).
    if (change.fromMonth <= month && change.fromMonth >= from) {
      amount = change.monthlyAmount;
      from = change.fromMonth;
    }
  }
  return amount;
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
