import { z } from 'zod';
import { clause, legalDate, signature, text, vndAmount } from './common';

/**
 * Public posting list (danh sách niêm yết công khai). The row schema is the complete list of what may be
 * shown in public: there is no field for HIV status, ID numbers, exact birth dates or phone numbers, and
 * the schema is strict, so a row that carries one is refused rather than printed.
 */
export const publicPostingRowSchema = z.strictObject({
  fullName: text,
  birthYear: z.number().int().min(1900).max(2100),
  /** Hamlet / village level only. */
  residence: text,
  /** A public label for the category; never one that reveals health status. */
  category: clause,
  monthlyAmount: vndAmount,
});

export const publicPostingSchema = z
  .strictObject({
    /** E.g. 'Danh sách đối tượng đề nghị hưởng trợ cấp xã hội hằng tháng'. */
    title: clause,
    postingPlace: clause,
    postedFrom: legalDate,
    postedTo: legalDate,
    /** Where and until when residents may raise objections. */
    objectionNote: clause,
    rows: z.array(publicPostingRowSchema).min(1),
    signature,
  })
  .refine((d) => d.postedTo >= d.postedFrom, {
    message: 'ngày kết thúc niêm yết trước ngày bắt đầu',
    path: ['postedTo'],
  });

export type PublicPostingRow = z.input<typeof publicPostingRowSchema>;
export type PublicPostingData = z.input<typeof publicPostingSchema>;
