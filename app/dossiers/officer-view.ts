/**
 * The officer's view of a dossier. Who sees the sensitive fields of the application (HIV status, full ID
 * numbers): the commune officer of the dossier's commune, who verifies the person against the National
 * Population Database, and the province admin. Everyone else in scope (desk clerk, chairmen, district office,
 * payment officer, auditor) gets the application without the HIV flag and with ID numbers reduced to their
 * last four digits. Dates of birth and qualification clauses stay (the amounts and the decision depend on
 * them) — except clauses 5.3 and 5.8, which name HIV: for those readers they become a neutral entry
 * (protected-category.ts), in the application, the decision and the timeline alike, or the clause would
 * say what the missing flag hides. The public posting and citizen tracking never show any of these
 * (tracking-view.ts).
 */
import type { DecisionRecord, DossierEventRecord, DossierRecord } from '../../db/dossier-views';
import type { AuthenticatedUser } from '../auth/session';
import {
  hasProtectedCategory,
  HIDDEN_QUALIFICATION,
  hideProtectedClauses,
  isProtectedClause,
} from './protected-category';

export function seesSensitiveFields(user: AuthenticatedUser, dossier: DossierRecord): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'commune_officer' && user.unitCode === dossier.communeCode;
}

/** True when the dossier is of a protected category and this reader gets its clauses hidden. */
export function hidesProtectedCategory(user: AuthenticatedUser, dossier: DossierRecord): boolean {
  return !seesSensitiveFields(user, dossier) && hasProtectedCategory(dossier);
}

function maskIdNumber(value: unknown): unknown {
  return typeof value === 'string' && value.length > 4
    ? `${'•'.repeat(value.length - 4)}${value.slice(-4)}`
    : value;
}

function redactPerson(person: unknown): Record<string, unknown> | unknown {
  if (typeof person !== 'object' || person === null) return person;
  const { hivStatus: _hidden, ...rest } = person as Record<string, unknown>;
  return 'idNumber' in rest ? { ...rest, idNumber: maskIdNumber(rest.idNumber) } : rest;
}

function hideQualifications(beneficiary: unknown): unknown {
  if (typeof beneficiary !== 'object' || beneficiary === null) return beneficiary;
  const record = beneficiary as Record<string, unknown>;
  if (!Array.isArray(record.qualifications)) return record;
  return {
    ...record,
    qualifications: record.qualifications.map((qualification: unknown) =>
      typeof qualification === 'object' &&
      qualification !== null &&
      isProtectedClause((qualification as Record<string, unknown>).clause)
        ? { ...HIDDEN_QUALIFICATION }
        : qualification,
    ),
  };
}

export function applicationFor(user: AuthenticatedUser, dossier: DossierRecord): Record<string, unknown> {
  if (seesSensitiveFields(user, dossier)) return dossier.application;
  const { applicant, beneficiary, ...rest } = dossier.application;
  return {
    ...rest,
    applicant: redactPerson(applicant),
    beneficiary: hideQualifications(redactPerson(beneficiary)),
  };
}

/**
 * What a page shows of an application it was given (applicationFor) before anyone asks to see more: ID numbers
 * to their last 4 digits and no HIV flag, even for the roles that may see them (DESIGN.md: masked by default;
 * pages reveal them only through reveal.ts, which records each reveal).
 */
export function maskedByDefault(application: Record<string, unknown>): Record<string, unknown> {
  const { applicant, beneficiary, ...rest } = application;
  return { ...rest, applicant: redactPerson(applicant), beneficiary: redactPerson(beneficiary) };
}

export function decisionFor(
  user: AuthenticatedUser,
  dossier: DossierRecord,
  decision: DecisionRecord | undefined,
): DecisionRecord | null {
  if (!decision) return null;
  if (!hidesProtectedCategory(user, dossier)) return decision;
  return { ...decision, clauses: hideProtectedClauses(decision.clauses) };
}

/** The timeline; for readers who may not know a protected category, decision events carry no clause. */
export function timelineFor(
  user: AuthenticatedUser,
  dossier: DossierRecord,
  events: readonly DossierEventRecord[],
): DossierEventRecord[] {
  if (!hidesProtectedCategory(user, dossier)) return [...events];
  return events.map((event) => {
    const decision = event.data.decision;
    if (typeof decision !== 'object' || decision === null) return event;
    const clauses = (decision as Record<string, unknown>).clauses;
    if (!Array.isArray(clauses)) return event;
    return {
      ...event,
      data: {
        ...event.data,
        decision: {
          ...decision,
          clauses: hideProtectedClauses(clauses.filter((c): c is string => typeof c === 'string')),
        },
      },
    };
  });
}
