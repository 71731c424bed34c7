/**
 * Categories whose mere mention reveals a person's HIV status: clause 5.3 (children with HIV/AIDS) and 5.8
 * (people with HIV/AIDS) of Decree 20 Art. 5. Where the HIV flag is hidden, these must be hidden too, or the
 * clause gives away what the flag would have said. Pure, so the tracking page (app/) and the messages to the
 * applicant (notifications/) decide alike.
 */
export const PROTECTED_CLAUSES: readonly string[] = ['5.3', '5.8'];

export const isProtectedClause = (clause: unknown): boolean =>
  typeof clause === 'string' && PROTECTED_CLAUSES.includes(clause);

function qualificationsOf(application: Record<string, unknown>): unknown[] {
  const beneficiary = application.beneficiary;
  if (typeof beneficiary !== 'object' || beneficiary === null) return [];
  const qualifications = (beneficiary as Record<string, unknown>).qualifications;
  return Array.isArray(qualifications) ? qualifications : [];
}

/** Whether the dossier's beneficiary qualifies under a clause that names HIV. */
export function hasProtectedCategory(dossier: { application: Record<string, unknown> }): boolean {
  return qualificationsOf(dossier.application).some(
    (qualification) =>
      typeof qualification === 'object' &&
      qualification !== null &&
      isProtectedClause((qualification as Record<string, unknown>).clause),
  );
}

/**
 * What the applicant of a protected dossier is told instead of text officers typed (the list of missing
 * documents, a refusal's reason), on the tracking page and in SMS and e-mail alike: that text may name the
 * category, and a phone or mailbox is read by family and neighbours — exactly who must not learn it.
 */
export const PROTECTED_MISSING_DOCUMENTS =
  'Vui lòng liên hệ Bộ phận Một cửa để biết giấy tờ cần bổ sung (thông tin được bảo vệ)';
export const PROTECTED_REASON = 'Vui lòng liên hệ Bộ phận Một cửa để biết lý do (thông tin được bảo vệ)';
