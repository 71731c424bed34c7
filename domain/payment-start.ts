/**
 * The month monthly payments start, clause by clause, bounded by the law.
 *
 * Decree 20/2021/NĐ-CP Art. 8(1)(đ) (as quoted by secondary sources [S]; DOMAIN.md §3): payment runs from the
 * month the chairman signs the decision, except
 * - 5.6 disability: from the month of the disability certificate (giấy xác nhận mức độ khuyết tật);
 * - 5.5b / 5.5c: from the time the person turns 75 / 80.
 * (Art. 7 lists the dossier's papers; it says nothing of the start.) Only these exceptions reach back before
 * the decision and the application; the months in between are arrears paid with the first payment.
 *
 * Bounds, none of which the article's words alone give:
 * - never before the clause's regime took effect: the clauses are Decree 20's, in force from 01/07/2021
 *   (DECREE_20_IN_FORCE_FROM), so a 2015 certificate or a person who turned 80 in 2010 starts in 07/2021 at the
 *   earliest — Decree 136/2013 governed before, and its payments are not this decision's to make;
 * - 5.5b / 5.5c close to new decisions when the social pension of Decree 176/2025 takes over
 *   (closedForNewDecisionsFrom, 01/07/2025 [S], data): a start on or after it is refused;
 * - never before the month the dossier was received, except where Art. 8(1)(đ) says so (the two exceptions);
 * - impossible dates are refused, not bounded: a certificate after the decision or before birth, a birth
 *   after the decision, a decision before the dossier was received, a 5.5b/5.5c decision before the age.
 *
 * A double entitlement (5.4 with 5.5, 5.6 or 5.8: DOMAIN.md §3's exception) starts each clause on its own
 * rule: `paymentStarts` answers one month per clause paid.
 */
import { categoryFor, type BeneficiaryClause } from './benefit-categories';
import { DomainError } from './domain-error';
import { vietnameseDate } from './effective-period';
import { monthOf, monthReachingAge, parseIsoDate } from './iso-date';

/** [V] Decree 20/2021/NĐ-CP takes effect on 01/07/2021 (its final article); every clause 5.x is its own. */
export const DECREE_20_IN_FORCE_FROM = '2021-07-01';

export interface PaymentStartQuestion {
  readonly clause: BeneficiaryClause;
  /** 'YYYY-MM-DD' the decision was signed. */
  readonly decisionSignedOn: string;
  /** 'YYYY-MM-DD' the dossier was received; without it the application bound is not applied. */
  readonly applicationReceivedOn?: string | undefined;
  /** Needed for 5.5b / 5.5c; checked against the decision whenever given. */
  readonly dateOfBirth?: string | undefined;
  /** Needed for 5.6: the date on the disability certificate (giấy xác nhận khuyết tật). */
  readonly disabilityCertifiedOn?: string | undefined;
}

export interface ClauseStart {
  readonly clause: BeneficiaryClause;
  /** 'YYYY-MM' of the first month paid under this clause. */
  readonly month: string;
}

/** Age whose month starts payment, for the clauses where it does (Art. 8(1)(đ)). */
const START_AT_AGE: Partial<Record<BeneficiaryClause, number>> = { '5.5b': 75, '5.5c': 80 };

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The dates every clause's start relies on must be possible: refused here, whatever the clause. */
function assertPossibleDates(question: Omit<PaymentStartQuestion, 'clause'>): void {
  const {
    decisionSignedOn: signed,
    applicationReceivedOn: received,
    dateOfBirth,
    disabilityCertifiedOn,
  } = question;
  parseIsoDate(signed, 'decisionSignedOn');
  if (received !== undefined) {
    parseIsoDate(received, 'applicationReceivedOn');
    if (signed < received) {
      throw new DomainError(
        'DECISION_BEFORE_APPLICATION',
        `the decision (${signed}) cannot be signed before the dossier was received (${received})`,
        `Ngày ký quyết định (${vietnameseDate(signed)}) không thể trước ngày tiếp nhận hồ sơ (${vietnameseDate(received)})`,
      );
    }
  }
  if (dateOfBirth !== undefined) {
    parseIsoDate(dateOfBirth, 'dateOfBirth');
    if (dateOfBirth > signed) {
      throw new DomainError(
        'BORN_AFTER_DECISION',
        `date of birth ${dateOfBirth} is after the decision (${signed})`,
        `Ngày sinh (${vietnameseDate(dateOfBirth)}) sau ngày ký quyết định (${vietnameseDate(signed)}): kiểm tra lại ngày sinh`,
      );
    }
  }
  if (disabilityCertifiedOn !== undefined) {
    parseIsoDate(disabilityCertifiedOn, 'disabilityCertifiedOn');
    if (disabilityCertifiedOn > signed) {
      throw new DomainError(
        'DISABILITY_CERTIFIED_AFTER_DECISION',
        `the disability certificate (${disabilityCertifiedOn}) is dated after the decision (${signed})`,
        `Giấy xác nhận khuyết tật (ngày ${vietnameseDate(disabilityCertifiedOn)}) không thể cấp sau ngày ký quyết định (${vietnameseDate(signed)}): kiểm tra lại ngày cấp giấy`,
      );
    }
    if (dateOfBirth !== undefined && disabilityCertifiedOn < dateOfBirth) {
      throw new DomainError(
        'DISABILITY_CERTIFIED_BEFORE_BIRTH',
        `the disability certificate (${disabilityCertifiedOn}) is dated before birth (${dateOfBirth})`,
        `Giấy xác nhận khuyết tật (ngày ${vietnameseDate(disabilityCertifiedOn)}) không thể cấp trước ngày sinh (${vietnameseDate(dateOfBirth)})`,
      );
    }
  }
}

/** 'YYYY-MM' of the first month paid under one clause. */
export function paymentStartMonth(question: PaymentStartQuestion): string {
  assertPossibleDates(question);
  const { clause, decisionSignedOn } = question;
  const regimeFrom = monthOf(DECREE_20_IN_FORCE_FROM);

  if (clause === '5.6') {
    if (question.disabilityCertifiedOn === undefined) {
      throw new DomainError(
        'MISSING_DISABILITY_CERTIFICATE_DATE',
        'disability allowance starts in the month of the disability certificate: its date is required',
        'Trợ cấp người khuyết tật hưởng từ tháng được cấp giấy xác nhận khuyết tật: cần ngày cấp giấy',
      );
    }
    // Art. 8(1)(đ): from the month of the certificate, even before the application; not before Decree 20.
    return later(monthOf(question.disabilityCertifiedOn), regimeFrom);
  }

  const startAge = START_AT_AGE[clause];
  if (startAge !== undefined) {
    if (question.dateOfBirth === undefined) {
      throw new DomainError(
        'MISSING_DATE_OF_BIRTH',
        `clause ${clause} starts in the month the person turns ${startAge}: date of birth is required`,
        `Khoản ${clause} hưởng từ tháng đủ ${startAge} tuổi: cần ngày sinh`,
      );
    }
    const reaching = monthReachingAge(question.dateOfBirth, startAge);
    if (reaching > monthOf(decisionSignedOn)) {
      throw new DomainError(
        'AGE_NOT_REACHED',
        `clause ${clause} needs age ${startAge}, reached only in ${reaching}, after the decision (${decisionSignedOn})`,
        `Khoản ${clause} cần đủ ${startAge} tuổi: người này đủ tuổi vào tháng ${reaching.slice(5)}/${reaching.slice(0, 4)}, sau ngày ký quyết định`,
      );
    }
    // Art. 8(1)(đ): from the month the person reaches the age, even before the application; not before
    // Decree 20, and not once the social pension has replaced the clause.
    const start = later(reaching, regimeFrom);
    const closedFrom = categoryFor(clause).closedForNewDecisionsFrom;
    if (closedFrom !== undefined && start >= monthOf(closedFrom)) {
      throw new DomainError(
        'CLAUSE_CLOSED',
        `clause ${clause} takes no new beneficiaries from ${closedFrom}`,
        `Khoản ${clause} không còn xét hưởng mới từ ngày ${vietnameseDate(closedFrom)}`,
      );
    }
    return start;
  }

  // The rule: the month the decision is signed. It is never before the application month (checked above),
  // nor before Decree 20 (a decision under its clauses is signed while it is in force).
  return later(monthOf(decisionSignedOn), regimeFrom);
}

/** One start per clause paid, e.g. 5.4 from the decision's month and 5.6 from the certificate's. */
export function paymentStarts(
  question: Omit<PaymentStartQuestion, 'clause'> & { readonly clauses: readonly BeneficiaryClause[] },
): ClauseStart[] {
  const { clauses, ...dates } = question;
  return clauses.map((clause) => ({ clause, month: paymentStartMonth({ ...dates, clause }) }));
}

/** The first month anything is paid: the earliest of the clauses' starts. */
export function firstPaymentMonth(starts: readonly ClauseStart[]): string {
  return starts.map((start) => start.month).sort()[0]!;
}
