/**
 * Which months a monthly entitlement pays, and how much (DOMAIN.md §3: "stopping takes effect the month after
 * the event"; §4.3: after moving residence "payment resumes the month after the stop"). The payroll reads
 * amounts only through `monthlyAmountFor`, so an adjustment, a termination or a relocation is honoured in one
 * place. Months are 'YYYY-MM' strings, which order like the months they name.
 */
import { nextMonth } from './base-level-arrears';
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

/** An adjustment: a new amount from a month (`entitlement_amount_changes`). */
export interface AmountChange {
  fromMonth: string;
  monthlyAmount: number;
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
 * An amount is base level × coefficient (DOMAIN.md §3), so an adjustment decides a coefficient, not a sum fixed
 * forever: its amount is the coefficient at the base level of its first month. The latest adjustment starting on
 * or before the month wins, moved by whatever the base level did since its first month — the decided amount's
 * ratio between the two months (`decidedAmountFor`, which follows base levels confirmed late). So a base level
 * confirmed after an adjustment reaches the adjusted months too, with back pay. Before any adjustment, the
 * decided amount as base levels have moved it.
 *
 * The ratio starts from the decided amount the adjustment knew: a base level confirmed after it was decided and
 * in force from its first month or earlier was not in its amount (`amountKnownWhenAdjusted`).
 */
export function monthlyAmountFor(entitlement: EntitlementMonths, month: string): number | null {
  if (!isPayableIn(entitlement, month)) return null;
  let adjusted: AmountChange | undefined;
  for (const change of entitlement.amountChanges ?? []) {
    // On the same month the later entry wins (amountChanges are listed in the order they were decided).
    if (change.fromMonth <= month && (!adjusted || change.fromMonth >= adjusted.fromMonth)) adjusted = change;
  }
  const decided = decidedAmountFor(entitlement, month);
  if (!adjusted) return decided;
  const decidedWhenAdjusted = amountKnownWhenAdjusted(entitlement, adjusted);
  if (decidedWhenAdjusted <= 0 || decided === decidedWhenAdjusted) return adjusted.monthlyAmount;
  return Math.round((adjusted.monthlyAmount * decided) / decidedWhenAdjusted);
}

/**
 * The decided amount of the adjustment's first month as known the day it was decided. A base level confirmed
 * later whose first month is on or before it changed that amount afterwards: the amount before that change (the
 * earliest confirmed of them) is what the adjustment's amount was measured against. Without dates, as known now.
 */
function amountKnownWhenAdjusted(entitlement: EntitlementMonths, adjusted: AmountChange): number {
  const { decidedOn } = adjusted;
  if (decidedOn) {
    // Rows of changes confirmed after the adjustment, for months up to its first month.
    const later = (entitlement.baseLevelChanges ?? []).filter(
      (change) => change.confirmedOn && change.confirmedOn > decidedOn && change.month <= adjusted.fromMonth,
    );
    let first: BaseLevelChangeMonth | undefined;
    for (const change of later) {
      const earlier =
        !first ||
        change.confirmedOn! < first.confirmedOn! ||
        (change.confirmedOn === first.confirmedOn && change.proposalId < first.proposalId);
      // Within the first change confirmed, its row nearest the adjustment's first month.
      const nearer = first && change.proposalId === first.proposalId && change.month > first.month;
      if (earlier || nearer) first = change;
    }
    if (first) return first.previousAmount;
  }
  return decidedAmountFor(entitlement, adjusted.fromMonth);
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
