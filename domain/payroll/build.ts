/**
 * Next month's payment list, as pure arithmetic (DOMAIN.md §3, §8): for each entitlement, what is still owed
 * up to the payroll's month, given what earlier lists already issued.
 *
 * - A monthly allowance is owed for every month from its start month (a first payment carries the earlier
 *   months as arrears) through the payroll's month, or through the month of `endedOn` when it ended (payment
 *   stops the month after the event). Suspended entitlements get nothing new; a terminated one that was
 *   suspended first is owed nothing from the suspension's month on.
 * - A month already issued in full is settled. A month issued for less than `monthlyAmountFor` says (a base
 *   level confirmed after it was paid) gets the difference as base-level back pay. Nothing is clawed back.
 * - A one-off amount (funeral support…) is paid once.
 * - A line the payer could not pay is issued again (rolled over) unless its entitlement is suspended, or
 *   terminated after a suspension (three unpaid months are what suspended it), or the line's month is no longer
 *   owed.
 *
 * The caller gives, per entitlement, its ledger: the last month earlier lines cover and, from the first month
 * of a base-level change on, how much earlier lines hold. Months up to the last covered one are settled unless
 * a base level changed from them on, so a list never rereads an entitlement's whole history.
 */
import { firstChangedMonth, monthlyAmountFor } from '../entitlement-months';
import type { PayrollEntitlement } from './entitlement';
import { monthOfDate, nextMonth, previousMonth } from './month';

export const LINE_KINDS = ['monthly', 'arrears', 'base_level_back_pay', 'one_off', 'rolled_over'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const LINE_KIND_TITLES: Readonly<Record<LineKind, string>> = {
  monthly: 'Trợ cấp hằng tháng',
  arrears: 'Truy lĩnh từ tháng bắt đầu hưởng',
  base_level_back_pay: 'Truy lĩnh chênh lệch mức chuẩn',
  one_off: 'Hỗ trợ một lần',
  rolled_over: 'Chi trả lại khoản chưa nhận',
};

export interface EntitlementLedger {
  /** The latest month an earlier line (other than a one-off) covers; null when nothing was issued yet. */
  lastCoveredMonth: string | null;
  /**
   * What earlier lines hold for a month (issued, paid or not paid yet; a line issued again counts once), for
   * the months from the first month of a base-level change on. A month missing here holds nothing.
   */
  issuedByMonth: ReadonlyMap<string, number>;
  /** Whether the one-off amount is already on a list. */
  oneOffIssued: boolean;
}

export interface UnpaidLine {
  lineId: number;
  dossierCode: string;
  coversMonth: string;
  amount: number;
}

export interface DraftLine {
  dossierCode: string;
  kind: LineKind;
  coversMonth: string;
  amount: number;
  /** For a rolled-over line: the line it issues again. */
  rollsOverLineId?: number;
}

export interface PayrollBuildInput {
  /** The month the list pays. */
  month: string;
  entitlements: ReadonlyArray<{ entitlement: PayrollEntitlement; ledger: EntitlementLedger }>;
  /** Lines of earlier lists the payer reported as not paid and that were not issued again yet. */
  unpaidLines: readonly UnpaidLine[];
  /** Status of the entitlements of `unpaidLines` (those not in `entitlements` too). */
  statusOf: (dossierCode: string) => PayrollEntitlement['status'] | undefined;
}

const KIND_ORDER: Readonly<Record<LineKind, number>> = {
  rolled_over: 0,
  arrears: 1,
  base_level_back_pay: 2,
  monthly: 3,
  one_off: 4,
};

/**
 * The last month a monthly entitlement is owed for, up to `payrollMonth`; undefined when none. A suspension
 * not lifted stops payment before its month: terminating a suspended allowance does not pay the suspended
 * months as arrears (DOMAIN.md §4.3: a suspension stops payment; ending it after 3 months does not undo that).
 */
function lastPayableMonth(entitlement: PayrollEntitlement, payrollMonth: string): string | undefined {
  let last: string;
  if (entitlement.status === 'active') {
    last = entitlement.endedOn === null ? payrollMonth : monthOfDate(entitlement.endedOn);
  } else if (entitlement.status === 'terminated' && entitlement.endedOn !== null) {
    last = monthOfDate(entitlement.endedOn);
  } else {
    return undefined;
  }
  if (entitlement.status !== 'active' && entitlement.suspendedFromMonth) {
    const beforeSuspension = previousMonth(entitlement.suspendedFromMonth);
    if (beforeSuspension < last) last = beforeSuspension;
  }
  return last < payrollMonth ? last : payrollMonth;
}

/**
 * Whether a line the payer could not pay is issued again. Not while the entitlement is suspended, nor once it is
 * terminated after a suspension (those unpaid lines are what suspended it), nor for a month it is no longer owed
 * (a list built before a death was recorded). A line of a month still owed (the month of a death) is issued
 * again: the money is due and no other list pays it. After a relocation every unpaid line is issued again by the
 * old commune: the new entitlement counts the old one's lines as its own, so a month after the move the old list
 * issued (built before the relocation was decided) is not paid by the new commune either.
 */
function rollsOver(
  unpaid: UnpaidLine,
  entitlement: PayrollEntitlement | undefined,
  status: string | undefined,
) {
  if (status === 'suspended') return false;
  if (status !== 'terminated') return true;
  if (!entitlement || entitlement.suspendedFromMonth) return false;
  if (entitlement.continuedBy) return true;
  const last = lastPayableMonth(entitlement, unpaid.coversMonth);
  return last !== undefined && unpaid.coversMonth <= last;
}

function monthlyLines(
  entitlement: PayrollEntitlement,
  ledger: EntitlementLedger,
  payrollMonth: string,
): DraftLine[] {
  const last = lastPayableMonth(entitlement, payrollMonth);
  if (!entitlement.startMonth || !last || entitlement.startMonth > last) return [];
  // From a base level's or an adjustment's first month on, every month is checked again: a list built before
  // the decision but for a month after it (lists are built a month ahead) paid the old amount too.
  const recheckFrom = firstChangedMonth(entitlement);
  const months = {
    ...entitlement,
    startMonth: entitlement.startMonth,
    monthlyAmount: entitlement.monthlyAmount ?? 0,
  };
  const lines: DraftLine[] = [];
  for (let month = entitlement.startMonth; month <= last; month = nextMonth(month)) {
    const settled = ledger.lastCoveredMonth !== null && month <= ledger.lastCoveredMonth;
    if (settled && (recheckFrom === undefined || month < recheckFrom)) continue;
    const due = monthlyAmountFor(months, month) ?? 0;
    const issued = ledger.issuedByMonth.get(month) ?? 0;
    if (due <= issued) continue;
    const kind: LineKind =
      issued > 0 ? 'base_level_back_pay' : month === payrollMonth ? 'monthly' : 'arrears';
    lines.push({ dossierCode: entitlement.dossierCode, kind, coversMonth: month, amount: due - issued });
  }
  return lines;
}

export function buildPayrollLines(input: PayrollBuildInput): DraftLine[] {
  const lines: DraftLine[] = [];
  for (const { entitlement, ledger } of input.entitlements) {
    if (entitlement.kind === 'monthly') {
      lines.push(...monthlyLines(entitlement, ledger, input.month));
    } else if (
      entitlement.kind === 'one_off' &&
      entitlement.status === 'active' &&
      !ledger.oneOffIssued &&
      (entitlement.oneOffAmount ?? 0) > 0
    ) {
      lines.push({
        dossierCode: entitlement.dossierCode,
        kind: 'one_off',
        coversMonth: input.month,
        amount: entitlement.oneOffAmount!,
      });
    }
  }
  const entitlementOf = new Map(
    input.entitlements.map(({ entitlement }) => [entitlement.dossierCode, entitlement]),
  );
  for (const unpaid of input.unpaidLines) {
    const status = input.statusOf(unpaid.dossierCode);
    if (!rollsOver(unpaid, entitlementOf.get(unpaid.dossierCode), status)) continue;
    lines.push({
      dossierCode: unpaid.dossierCode,
      kind: 'rolled_over',
      coversMonth: unpaid.coversMonth,
      amount: unpaid.amount,
      rollsOverLineId: unpaid.lineId,
    });
  }
  return lines.sort(
    (a, b) =>
      a.dossierCode.localeCompare(b.dossierCode) ||
      a.coversMonth.localeCompare(b.coversMonth) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}

/** The sum of lines, VND. */
export function totalOf(lines: ReadonlyArray<{ amount: number }>): number {
  return lines.reduce((sum, line) => sum + line.amount, 0);
}
