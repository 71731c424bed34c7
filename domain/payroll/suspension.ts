/**
 * Suspension after payment uncollected for 3 consecutive months (Decree 20; DOMAIN.md §4.3): decided by
 * reconciliation from the payer's confirmations. A month is uncollected when the entitlement had lines on that
 * month's list and the payer paid none of them.
 */
import { nextMonth } from './month';

export const UNCOLLECTED_MONTHS_BEFORE_SUSPENSION = 3;

export interface MonthOutcome {
  /** The payroll's month. */
  month: string;
  /** Whether the payer paid at least one of the entitlement's lines of that list. */
  collected: boolean;
}

/**
 * The month suspension starts from (the month after the third uncollected list), or undefined. `outcomes`
 * are the entitlement's lists, ending with the one just reconciled; a month with no list breaks the run.
 */
export function suspensionFrom(outcomes: readonly MonthOutcome[]): string | undefined {
  const sorted = [...outcomes].sort((a, b) => a.month.localeCompare(b.month));
  const recent = sorted.slice(-UNCOLLECTED_MONTHS_BEFORE_SUSPENSION);
  if (recent.length < UNCOLLECTED_MONTHS_BEFORE_SUSPENSION) return undefined;
  for (let index = 0; index < recent.length; index += 1) {
    if (recent[index]!.collected) return undefined;
    if (index > 0 && nextMonth(recent[index - 1]!.month) !== recent[index]!.month) return undefined;
  }
  return nextMonth(recent[recent.length - 1]!.month);
}

/**
 * The last day a suspension may be remedied (DOMAIN.md §4.3: termination "3 months after a suspension not
 * remedied"): three months counted from the first month not paid, so a suspension from 01/2055 may be lifted for
 * a remedy up to 31/03/2055; after that the allowance is terminated (reason `suspension_unremedied`).
 */
export function remedyDeadline(suspendedFromMonth: string): string {
  const [year, month] = suspendedFromMonth.split('-').map(Number) as [number, number];
  // Day 0 of the month after the third month: the third month's last day.
  const last = new Date(Date.UTC(year, month - 1 + UNCOLLECTED_MONTHS_BEFORE_SUSPENSION, 0));
  return last.toISOString().slice(0, 10);
}

/** A remedy date the suspension refuses, in the officer's words; undefined when it may be lifted. */
export function remedyDateProblem(
  suspension: {
    suspendedFromMonth: string;
    /** Legal date the reconciliation suspended it. */ suspendedOn: string;
  },
  remediedOn: string,
  today: string,
): { code: 'VALIDATION_FAILED' | 'SUSPENSION_REMEDY_TOO_LATE'; message: string } | undefined {
  if (remediedOn > today) return { code: 'VALIDATION_FAILED', message: 'Không được sau ngày hôm nay' };
  if (remediedOn < suspension.suspendedOn) {
    return {
      code: 'VALIDATION_FAILED',
      message: `Không được trước ngày tạm dừng chi trả (${dateLabel(suspension.suspendedOn)})`,
    };
  }
  const deadline = remedyDeadline(suspension.suspendedFromMonth);
  if (remediedOn > deadline) {
    return {
      code: 'SUSPENSION_REMEDY_TOO_LATE',
      message:
        `Đã quá 3 tháng kể từ khi tạm dừng (hạn khắc phục là ngày ${dateLabel(deadline)}): ` +
        'lập hồ sơ thôi hưởng với lý do không khắc phục được lý do tạm dừng',
    };
  }
  return undefined;
}

const dateLabel = (isoDate: string) => isoDate.split('-').reverse().join('/');
