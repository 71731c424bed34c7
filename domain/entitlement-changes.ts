/**
 * Changes to a monthly entitlement decided as dossiers of their own (DOMAIN.md §4.3, issue 14): termination
 * (thôi hưởng), adjustment of the amount (điều chỉnh mức) and relocation (chuyển nơi cư trú). An officer starts
 * one from the beneficiary's dossier; the route (commune verifies, commune chairman decides) is a procedure
 * definition like any other, marked by its `entitlementChange`. What a request may ask of an entitlement is
 * decided here, once, for the API and the page alike.
 */
import { isMonth, monthLabel } from './payroll/month';
import { isIsoDate, monthOf } from './iso-date';
import {
  adjustmentCoefficient,
  baseLevelOfMonth,
  monthlyAmountFor,
  stopsFrom,
  type EntitlementMonths,
} from './entitlement-months';
import { formatVnd } from './money';

export const ENTITLEMENT_CHANGE_KINDS = ['termination', 'adjustment', 'relocation'] as const;
export type EntitlementChangeKind = (typeof ENTITLEMENT_CHANGE_KINDS)[number];

/** The seeded procedure of each kind (admins publish later versions of the same ids). */
export const CHANGE_PROCEDURE_IDS: Readonly<Record<EntitlementChangeKind, string>> = {
  termination: 'allowance-termination',
  adjustment: 'allowance-adjustment',
  relocation: 'allowance-relocation',
};

export const CHANGE_KIND_TITLES: Readonly<Record<EntitlementChangeKind, string>> = {
  termination: 'Thôi hưởng trợ cấp xã hội hằng tháng',
  adjustment: 'Điều chỉnh mức trợ cấp xã hội hằng tháng',
  relocation: 'Chuyển nơi hưởng trợ cấp khi thay đổi nơi cư trú',
};

/**
 * Grounds for termination (Decree 20; DOMAIN.md §4.3), worded as the decision's "Lý do" prints them. The
 * date asked for is the event's: the death, the day eligibility was lost, the refusal, the sentence, or the
 * day the 3 months after an unremedied suspension ran out.
 */
export const TERMINATION_REASONS = {
  death: 'Người hưởng trợ cấp đã chết',
  ineligible: 'Không còn đủ điều kiện hưởng trợ cấp xã hội hằng tháng',
  imprisonment: 'Người hưởng trợ cấp đang chấp hành án phạt tù',
  refusal: 'Người hưởng trợ cấp từ chối nhận trợ cấp',
  suspension_unremedied: 'Quá 3 tháng kể từ ngày tạm dừng trợ cấp mà không khắc phục được lý do tạm dừng',
} as const;
export type TerminationReason = keyof typeof TERMINATION_REASONS;
export const TERMINATION_REASON_CODES = Object.keys(TERMINATION_REASONS) as [
  TerminationReason,
  ...TerminationReason[],
];

export type EntitlementChangeRequest =
  | { kind: 'termination'; reasonCode: TerminationReason; eventDate: string; details?: string }
  | { kind: 'adjustment'; fromMonth: string; newMonthlyAmount: number; reason: string }
  | { kind: 'relocation'; relocatedOn: string; newCommuneCode: string; details?: string };

/** The entitlement as the rules read it. */
export interface ChangeableEntitlement extends EntitlementMonths {
  kind: string;
  status: string;
  communeCode: string;
}

/** What the decision does; carried in the decision summary (timeline) and applied to the read model. */
export type EntitlementChangeEffect =
  | { kind: 'termination'; entitlementCode: string; endedOn: string; stopsFrom: string; reason: string }
  | {
      kind: 'adjustment';
      entitlementCode: string;
      fromMonth: string;
      previousAmount: number;
      newMonthlyAmount: number;
      /** newMonthlyAmount ÷ the base level of fromMonth: what later months pay (× their base level). */
      coefficient?: number;
      reason: string;
    }
  | {
      kind: 'relocation';
      entitlementCode: string;
      endedOn: string;
      newCommuneCode: string;
      /** The new entitlement's first month: the month after the relocation. */
      startMonth: string;
      monthlyAmount: number;
      reason: string;
    };

/** A request the entitlement's state refuses (HTTP 409): stable code, Vietnamese words. */
export interface ChangeConflict {
  code: 'ENTITLEMENT_NOT_MONTHLY' | 'ENTITLEMENT_ENDED' | 'ENTITLEMENT_NOT_SUSPENDED';
  message: string;
}

/** A field of the request at fault (HTTP 400). */
export interface ChangeFieldProblem {
  field: 'eventDate' | 'fromMonth' | 'newMonthlyAmount' | 'relocatedOn' | 'newCommuneCode';
  /** RELOCATION_SAME_COMMUNE has its own code; the others are VALIDATION_FAILED. */
  code?: 'RELOCATION_SAME_COMMUNE';
  message: string;
}

export { isMonth };

/** Whether the entitlement can be changed at all, before the request's own fields are read. */
export function changeConflict(
  entitlement: ChangeableEntitlement,
  request: EntitlementChangeRequest,
): ChangeConflict | undefined {
  if (entitlement.kind !== 'monthly') {
    return {
      code: 'ENTITLEMENT_NOT_MONTHLY',
      message: 'Chỉ trợ cấp xã hội hằng tháng mới thôi hưởng, điều chỉnh hoặc chuyển nơi hưởng',
    };
  }
  if (entitlement.status === 'terminated' || entitlement.endedOn) {
    return {
      code: 'ENTITLEMENT_ENDED',
      message: 'Trợ cấp này đã thôi hưởng; không thể thôi hưởng, điều chỉnh hoặc chuyển nơi hưởng nữa',
    };
  }
  // Only a suspended entitlement ends on this ground. That 3 months have passed since the suspension is for the
  // verifying officer to confirm: the month of the suspension is recorded by the payment module (h-pay), not
  // read here yet.
  if (
    request.kind === 'termination' &&
    request.reasonCode === 'suspension_unremedied' &&
    entitlement.status !== 'suspended'
  ) {
    return {
      code: 'ENTITLEMENT_NOT_SUSPENDED',
      message: 'Trợ cấp này không bị tạm dừng: chọn lý do thôi hưởng khác',
    };
  }
  return undefined;
}

/** The request's fields checked against the entitlement and today's legal date. */
export function changeFieldProblems(
  entitlement: ChangeableEntitlement,
  request: EntitlementChangeRequest,
  today: string,
): ChangeFieldProblem[] {
  const problems: ChangeFieldProblem[] = [];
  const eventDateProblem = (field: 'eventDate' | 'relocatedOn', date: string) => {
    if (!isIsoDate(date)) return problems.push({ field, message: 'Nhập ngày theo dạng dd/mm/yyyy' });
    if (date > today) return problems.push({ field, message: 'Không được sau ngày hôm nay' });
    if (monthOf(date) < entitlement.startMonth) {
      problems.push({
        field,
        message: `Không được trước tháng bắt đầu hưởng (${monthLabel(entitlement.startMonth)})`,
      });
    }
    return undefined;
  };
  if (request.kind === 'termination') eventDateProblem('eventDate', request.eventDate);
  if (request.kind === 'relocation') {
    eventDateProblem('relocatedOn', request.relocatedOn);
    if (request.newCommuneCode === entitlement.communeCode) {
      problems.push({
        field: 'newCommuneCode',
        code: 'RELOCATION_SAME_COMMUNE',
        message: 'Nơi cư trú mới phải là xã, phường khác với nơi đang hưởng trợ cấp',
      });
    }
  }
  if (request.kind === 'adjustment') {
    if (!isMonth(request.fromMonth)) {
      problems.push({ field: 'fromMonth', message: 'Nhập tháng theo dạng mm/yyyy' });
    } else if (request.fromMonth < entitlement.startMonth) {
      problems.push({
        field: 'fromMonth',
        message: `Không được trước tháng bắt đầu hưởng (${monthLabel(entitlement.startMonth)})`,
      });
    } else if (monthlyAmountFor(entitlement, request.fromMonth) === request.newMonthlyAmount) {
      problems.push({
        field: 'newMonthlyAmount',
        message: 'Mức mới bằng mức đang hưởng từ tháng này: nhập mức khác',
      });
    } else if (entitlement.baseLevels) {
      const problem = coefficientProblem(request.newMonthlyAmount, request.fromMonth, entitlement.baseLevels);
      if (problem) problems.push({ field: 'newMonthlyAmount', message: problem });
    }
  }
  return problems;
}

/**
 * An adjusted amount is the base level of its first month × a coefficient (DOMAIN.md §3), the figure the
 * decision prints: an amount that is not one would drift from what the law pays once the base level changes.
 */
function coefficientProblem(
  newMonthlyAmount: number,
  fromMonth: string,
  baseLevels: NonNullable<EntitlementMonths['baseLevels']>,
): string | undefined {
  const base = baseLevelOfMonth(fromMonth, baseLevels);
  if (base === undefined) {
    return `Chưa có mức chuẩn trợ giúp xã hội cho tháng ${monthLabel(fromMonth)}: không tính được mức mới`;
  }
  if (adjustmentCoefficient(newMonthlyAmount, fromMonth, baseLevels) !== undefined) return undefined;
  return (
    `Mức mới phải bằng mức chuẩn trợ giúp xã hội tháng ${monthLabel(fromMonth)} (${formatVnd(base)}) nhân ` +
    'hệ số (1,0; 1,5; 2,0; 2,5…)'
  );
}

/** What the decision will do, computed when it is signed (amounts in force then). */
export function changeEffect(
  entitlementCode: string,
  entitlement: ChangeableEntitlement,
  request: EntitlementChangeRequest,
  newCommuneName?: string,
): EntitlementChangeEffect {
  if (request.kind === 'termination') {
    const reason = TERMINATION_REASONS[request.reasonCode];
    return {
      kind: 'termination',
      entitlementCode,
      endedOn: request.eventDate,
      stopsFrom: stopsFrom(request.eventDate),
      reason: request.details ? `${reason} (${request.details})` : reason,
    };
  }
  if (request.kind === 'adjustment') {
    return {
      kind: 'adjustment',
      entitlementCode,
      fromMonth: request.fromMonth,
      previousAmount: monthlyAmountFor(entitlement, request.fromMonth) ?? entitlement.monthlyAmount,
      newMonthlyAmount: request.newMonthlyAmount,
      ...coefficientOf(request.newMonthlyAmount, request.fromMonth, entitlement.baseLevels),
      reason: request.reason,
    };
  }
  const startMonth = stopsFrom(request.relocatedOn);
  const commune = newCommuneName ?? `xã mã ${request.newCommuneCode}`;
  const [year, month, day] = request.relocatedOn.split('-');
  // The old commune's decision tells the payer and the new commune when payment moves.
  const moved =
    `Chuyển nơi cư trú đến ${commune}${request.details ? ` (${request.details})` : ''} từ ngày ${day}/${month}/${year}; ` +
    `tiếp tục hưởng trợ cấp tại nơi cư trú mới từ tháng ${monthLabel(startMonth)}`;
  return {
    kind: 'relocation',
    entitlementCode,
    endedOn: request.relocatedOn,
    newCommuneCode: request.newCommuneCode,
    startMonth,
    // The amount in force when payment moves: an adjustment decided for a later month moves with it.
    monthlyAmount:
      monthlyAmountFor({ ...entitlement, endedOn: null }, startMonth) ?? entitlement.monthlyAmount,
    reason: moved,
  };
}

function coefficientOf(
  newMonthlyAmount: number,
  fromMonth: string,
  baseLevels: EntitlementMonths['baseLevels'],
): { coefficient?: number } {
  const coefficient = baseLevels && adjustmentCoefficient(newMonthlyAmount, fromMonth, baseLevels);
  return coefficient === undefined ? {} : { coefficient };
}
