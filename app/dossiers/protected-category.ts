/**
 * Categories whose mere mention reveals a person's HIV status: clause 5.3 (children with HIV/AIDS) and 5.8
 * (people with HIV/AIDS) of Decree 20 Art. 5. Where the HIV flag is hidden, these must be hidden too, or the
 * clause gives away what the flag would have said.
 */
import type { DossierRecord } from '../../db/dossier-views';
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

/**
 * What replaces a text typed by a person (a reason, a note, the list of missing documents, a complaint) for a
 * reader who may not know the category: typed text can name it, and no filter can be trusted to catch that.
 */
export const WITHHELD_TEXT = 'Nội dung được bảo vệ (hồ sơ thuộc diện bảo vệ thông tin cá nhân)';

/** The result of a refused protected dossier for such readers and on citizen tracking: the reason is in the letter. */
export const PROTECTED_REFUSAL_RESULT =
  'Không giải quyết (lý do được nêu trong văn bản trả lời, nhận tại Bộ phận Một cửa)';

/** The dossier's result line without the refusal's typed reason ("Không giải quyết: <reason>"). */
export function resultWithoutTypedReason(dossier: Pick<DossierRecord, 'status' | 'result'>): string | null {
  return dossier.status === 'refused' ? PROTECTED_REFUSAL_RESULT : dossier.result;
}
