/**
 * The officer's view of a dossier. Who sees the sensitive fields of the application (HIV status, full ID
 * numbers): the commune officer of the dossier's commune, who verifies the person against the National
 * Population Database, and the province admin. Everyone else in scope (desk clerk, chairmen, district office,
 * payment officer, auditor) gets the application without the HIV flag and with ID numbers reduced to their
 * last four digits. Dates of birth and qualification clauses stay: the amounts and the decision depend on
 * them. The public posting and citizen tracking never show any of these (tracking-view.ts).
 */
import type { DossierRecord } from '../../db/dossier-views';
import type { AuthenticatedUser } from '../auth/authenticate';

export function seesSensitiveFields(user: AuthenticatedUser, dossier: DossierRecord): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'commune_officer' && user.unitCode === dossier.communeCode;
}

function maskIdNumber(value: unknown): unknown {
  return typeof value === 'string' && value.length > 4
    ? `${'•'.repeat(value.length - 4)}${value.slice(-4)}`
    : value;
}

function redactPerson(person: unknown): unknown {
  if (typeof person !== 'object' || person === null) return person;
  const { hivStatus: _hidden, ...rest } = person as Record<string, unknown>;
  return 'idNumber' in rest ? { ...rest, idNumber: maskIdNumber(rest.idNumber) } : rest;
}

export function applicationFor(user: AuthenticatedUser, dossier: DossierRecord): Record<string, unknown> {
  if (seesSensitiveFields(user, dossier)) return dossier.application;
  const { applicant, beneficiary, ...rest } = dossier.application;
  return { ...rest, applicant: redactPerson(applicant), beneficiary: redactPerson(beneficiary) };
}
