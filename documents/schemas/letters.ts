import { z } from 'zod';
import { clause, honorific, legalDate, reasonClause, recipients, signature, text } from './common';

/** Official letter (công văn) refusing a request, with the reasons, as Decree 20 requires. */
export const refusalLetterSchema = z.strictObject({
  /** Printed 'V/v …' under the number, e.g. 'trả lời hồ sơ đề nghị trợ cấp xã hội hằng tháng'. */
  subject: clause,
  addressee: z.strictObject({ honorific, fullName: text, residence: text }),
  dossierCode: text,
  receivedOn: legalDate,
  /** What was asked, e.g. 'hưởng trợ cấp xã hội hằng tháng'. */
  request: clause,
  reasons: z.array(reasonClause).min(1),
  /** How to contest the refusal (complaint or lawsuit). */
  remedy: clause,
  signature,
  recipients,
});

export type RefusalLetterData = z.input<typeof refusalLetterSchema>;
