/**
 * Whether an application can lead to a decision under a procedure on a date: the checks the decision itself
 * would make (coefficients by age, clauses closed to new decisions, facts each payment kind needs), run at
 * submission so a citizen hears at once, and again when the decision is computed.
 */
import type { Application } from './application';
import { categoryFor, coefficientFor, isClauseOpenOn, payableEntitlements } from './benefits';
import { DomainError } from './domain-error';
import { vietnameseDate } from './effective-period';
import type { ProcedureDefinition } from './procedures';

export interface EligibilityProblem {
  /** Path inside the application, e.g. 'beneficiary.qualifications.0.clause'. */
  path: string;
  message: string;
}

export function eligibilityProblems(input: {
  procedure: ProcedureDefinition;
  application: Application;
  on: string;
}): EligibilityProblem[] {
  const { procedure, application, on } = input;
  const { beneficiary } = application;
  const problems: EligibilityProblem[] = [];
  const kind = procedure.payment?.kind ?? 'monthly';
  const scope = procedure.categoryScope?.clauses;

  // Dates that cannot be: refused beside their field before any rule reads them (payment-start.ts applies
  // the same at the decision, with the decision's date).
  const dated = impossibleDateProblems(beneficiary, on);
  if (dated.length > 0) return dated;

  if (kind === 'monthly') {
    const seen = new Set<string>();
    beneficiary.qualifications.forEach((qualification, index) => {
      const path = `beneficiary.qualifications.${index}.clause`;
      const { clause } = qualification;
      if (seen.has(clause)) problems.push({ path, message: `khoản ${clause} được kê khai hai lần` });
      seen.add(clause);
      if (scope && !scope.includes(clause)) {
        problems.push({
          path,
          message: `thủ tục ${procedure.title.toLowerCase()} không áp dụng cho khoản ${clause}`,
        });
      }
      if (!isClauseOpenOn(clause, on)) {
        const closedFrom = categoryFor(clause).closedForNewDecisionsFrom ?? on;
        const [year, month, day] = closedFrom.split('-');
        problems.push({
          path,
          message: `khoản ${clause} không còn xét hưởng mới từ ngày ${day}/${month}/${year}`,
        });
      }
      try {
        coefficientFor({ qualification, dateOfBirth: beneficiary.dateOfBirth, on });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push({ path, message: error.messageVi });
      }
    });
    if (problems.length === 0) {
      try {
        payableEntitlements(
          beneficiary.qualifications.map((qualification) => ({
            clause: qualification.clause,
            coefficient: coefficientFor({ qualification, dateOfBirth: beneficiary.dateOfBirth, on }),
          })),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push({ path: 'beneficiary.qualifications', message: error.messageVi });
      }
    }
  }
  if (kind === 'one_off') {
    if (!beneficiary.diedOn) {
      problems.push({
        path: 'beneficiary.diedOn',
        message: 'hỗ trợ chi phí mai táng cần ngày mất của người đã mất',
      });
    } else if (beneficiary.diedOn > on) {
      problems.push({ path: 'beneficiary.diedOn', message: 'ngày mất không được sau ngày nộp hồ sơ' });
    }
  }
  if (kind === 'in_kind' && beneficiary.householdSize === undefined) {
    problems.push({
      path: 'beneficiary.householdSize',
      message: 'hỗ trợ lương thực cần số nhân khẩu của hộ',
    });
  }
  return problems;
}

function impossibleDateProblems(beneficiary: Application['beneficiary'], on: string): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  const { dateOfBirth, disabilityCertifiedOn } = beneficiary;
  if (dateOfBirth > on) {
    problems.push({
      path: 'beneficiary.dateOfBirth',
      message: `không được sau ngày ${vietnameseDate(on)}`,
    });
  }
  if (disabilityCertifiedOn !== undefined) {
    if (disabilityCertifiedOn > on) {
      problems.push({
        path: 'beneficiary.disabilityCertifiedOn',
        message: `không được sau ngày ${vietnameseDate(on)}`,
      });
    } else if (disabilityCertifiedOn < dateOfBirth) {
      problems.push({
        path: 'beneficiary.disabilityCertifiedOn',
        message: 'không được trước ngày sinh của người được trợ giúp',
      });
    }
  }
  return problems;
}

/** The same checks, as one DomainError (for the decision step, where a problem must stop the decision). */
export function assertEligible(input: Parameters<typeof eligibilityProblems>[0]): void {
  const problems = eligibilityProblems(input);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new DomainError(
      'NOT_ELIGIBLE',
      `the application cannot be decided: ${list}`,
      `Không thể ra quyết định: ${list}`,
    );
  }
}
