/**
 * Whether the applicant may still withdraw a dossier (rút hồ sơ): while no decision is made and it has not
 * ended. The one rule for the tracking answer (which offers the withdrawal) and the use case (which refuses
 * it with 409); the dossier's workflow checks the same in its validator.
 */
export type WithdrawalRefusal = 'DECISION_MADE' | 'DOSSIER_FINISHED';

/** Why a dossier can no longer be withdrawn, or undefined when it can. `decided`: a decision was issued. */
export function withdrawalRefusal(dossier: {
  status: string;
  decided: boolean;
}): WithdrawalRefusal | undefined {
  // Approved or refused in writing: either way the competent authority has decided.
  if (dossier.decided || dossier.status === 'completed' || dossier.status === 'refused')
    return 'DECISION_MADE';
  if (dossier.status === 'intake_refused' || dossier.status === 'withdrawn') return 'DOSSIER_FINISHED';
  return undefined;
}
