/**
 * The month monthly payments start (Decree 20, as summarised in DOMAIN.md §3): the month the decision is
 * signed, except disability (5.6) — the month of the disability certificate — and 5.5b/5.5c — the month the
 * person turns 75 / 80. These exceptions apply as written, even when that month is before the decision:
 * the months in between are arrears paid with the first payment.
 */
import type { BeneficiaryClause } from './benefit-categories';
import { DomainError } from './domain-error';
import { monthOf, monthReachingAge, parseIsoDate } from './iso-date';

export interface PaymentStartQuestion {
  readonly clause: BeneficiaryClause;
  /** 'YYYY-MM-DD' the decision was signed. */
  readonly decisionSignedOn: string;
  /** Needed for 5.5b / 5.5c. */
  readonly dateOfBirth?: string;
  /** Needed for 5.6: the date on the disability certificate (giấy xác nhận khuyết tật). */
  readonly disabilityCertifiedOn?: string;
}

/** Age whose month starts payment, for the clauses where it does. */
const START_AT_AGE: Partial<Record<BeneficiaryClause, number>> = { '5.5b': 75, '5.5c': 80 };

/** 'YYYY-MM' of the first month paid. */
export function paymentStartMonth(question: PaymentStartQuestion): string {
  parseIsoDate(question.decisionSignedOn, 'decisionSignedOn');

  if (question.clause === '5.6') {
    if (question.disabilityCertifiedOn === undefined) {
      throw new DomainError(
        'MISSING_DISABILITY_CERTIFICATE_DATE',
        'disability allowance starts in the month of the disability certificate: its date is required',
        'Trợ cấp người khuyết tật hưởng từ tháng được cấp giấy xác nhận khuyết tật: cần ngày cấp giấy',
      );
    }
    return monthOf(question.disabilityCertifiedOn);
  }

  const startAge = START_AT_AGE[question.clause];
  if (startAge !== undefined) {
    if (question.dateOfBirth === undefined) {
      throw new DomainError(
        'MISSING_DATE_OF_BIRTH',
        `clause ${question.clause} starts in the month the person turns ${startAge}: date of birth is required`,
        `Khoản ${question.clause} hưởng từ tháng đủ ${startAge} tuổi: cần ngày sinh`,
      );
    }
    return monthReachingAge(question.dateOfBirth, startAge);
  }

  return monthOf(question.decisionSignedOn);
}
