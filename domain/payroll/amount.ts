/**
 * The one function that says what a monthly entitlement pays for a month (the contract between the payment
 * helpers: every reader of amounts goes through `monthlyAmountFor`).
 *
 * `monthlyAmount` is the amount in force now. A base level confirmed late (migration 840) replaced it and left
 * one `entitlement_arrears` row per month it covers, from its effective month to its confirmation, with the
 * amount before and after. So for a month:
 * - with arrears rows, the amount after the latest change of that month;
 * - before the first month of a change, the amount before that change (the earliest such change);
 * - otherwise the amount in force now.
 */
import type { PayrollEntitlement } from './entitlement';

export function monthlyAmountFor(entitlement: PayrollEntitlement, month: string): number {
  // TODO(h-end): amounts changed by an adjustment dossier (`entitlement_amount_changes(dossier_code,
  // from_month, monthly_amount)`) take precedence from their month once that table is merged; read it here only.
  const current = entitlement.monthlyAmount ?? 0;
  const changes = entitlement.baseLevelChanges;
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
