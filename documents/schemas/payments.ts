import { z } from 'zod';
import { legalMonth, text } from './common';

/**
 * The beneficiary card (thẻ chi trả), printed on demand (app/payments/cards.ts). Strict like every document
 * schema: the card carries the name the payer checks against the person, and nothing about why they are
 * paid — no clause (5.3 and 5.8 would name HIV), no ID number, no amount. The QR code holds the card number
 * only (domain/card-number.ts).
 */
export const beneficiaryCardSchema = z.strictObject({
  beneficiaryName: text,
  /** 14 digits, printed grouped 5-7-2. */
  cardNumber: z.string().regex(/^\d{14}$/, 'cần 14 chữ số'),
  /** What the QR code encodes (domain/card-number.ts#cardQrPayload). */
  qrPayload: z.string().regex(/^TGXH:THE:1:\d{14}$/, 'cần dạng TGXH:THE:1:<số thẻ>'),
  /** 'Trợ cấp xã hội hằng tháng' or 'Hỗ trợ một lần'. */
  support: text,
  /** Where the person is paid: the commune's name. */
  commune: text,
  startMonth: legalMonth.optional(),
});
