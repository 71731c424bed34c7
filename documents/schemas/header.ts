import { z } from 'zod';
import { legalDate, text } from './common';

/**
 * What every document prints above its body: the issuing body, the number (when the kind is numbered)
 * and the place and date. Built by issueDocument from the issuer and the register; samples carry their own.
 */
export const documentHeaderSchema = z.strictObject({
  issuer: z.strictObject({
    /** Issuing body; a line break splits it as printed ('Ủy ban nhân dân\nxã Phước An'). */
    name: text,
    /** The directly superior body (cơ quan chủ quản), printed above the issuer in regular capitals. */
    superior: text.optional(),
    /** Place name for the date line (Decree 30: the administrative unit where the issuer sits). */
    place: text,
  }),
  numberLabel: z
    .string()
    .regex(/^Số: \d{2,}\/\S+$/u, 'cần dạng "Số: 05/QĐ-UBND"')
    .optional(),
  issuedOn: legalDate,
});

export type DocumentHeader = z.output<typeof documentHeaderSchema>;
export type DocumentHeaderInput = z.input<typeof documentHeaderSchema>;
