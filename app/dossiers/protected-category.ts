/**
 * Categories whose mere mention reveals a person's HIV status: clause 5.3 (children with HIV/AIDS) and 5.8
 * (people with HIV/AIDS) of Decree 20 Art. 5. Where the HIV flag is hidden, these must be hidden too, or the
 * clause gives away what the flag would have said.
 */
import { isProtectedClause } from '../../domain/protected-category';

// The pure predicate lives in domain/ (the messages to the applicant use it too); re-exported for importers here.
export { hasProtectedCategory, isProtectedClause, PROTECTED_CLAUSES } from '../../domain/protected-category';

/** What replaces a protected clause for a reader who may not know it. */
export const HIDDEN_QUALIFICATION = {
  clause: 'hidden',
  label: 'Thuộc diện trợ giúp xã hội (thông tin được bảo vệ)',
} as const;

/** The clause list with each protected clause replaced by 'hidden'. */
export function hideProtectedClauses(clauses: readonly string[]): string[] {
  return clauses.map((clause) => (isProtectedClause(clause) ? HIDDEN_QUALIFICATION.clause : clause));
}
