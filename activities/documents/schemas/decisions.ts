import { z } from 'zod';
import {
  clause,
  decisionPreamble,
  honorific,
  implementers,
  legalDate,
  legalMonth,
  person,
  recipients,
  signature,
  text,
  vndAmount,
} from './common';

/** Decision granting a monthly social allowance (Decree 20/2021/NĐ-CP, Art. 5–6). */
export const grantMonthlyAllowanceSchema = z
  .strictObject({
    ...decisionPreamble,
    beneficiary: person,
    /** Who the beneficiary is, in the words of the decree, e.g. 'Người cao tuổi thuộc hộ nghèo …'. */
    category: clause,
    /** Where the decree says so, e.g. 'điểm a khoản 5 Điều 5 Nghị định số 20/2021/NĐ-CP'. */
    legalClause: clause,
    baseLevel: vndAmount.positive(),
    coefficient: z.number().positive().max(10),
    monthlyAmount: vndAmount.positive(),
    /** First month paid ('YYYY-MM'). */
    paymentFrom: legalMonth,
    implementers,
    signature,
    recipients,
  })
  .refine((d) => d.monthlyAmount === Math.round(d.baseLevel * d.coefficient), {
    message: 'mức trợ cấp phải bằng mức chuẩn × hệ số',
    path: ['monthlyAmount'],
  });

/** Decision on funeral support (Decree 20/2021/NĐ-CP, Art. 11). */
export const funeralSupportSchema = z.strictObject({
  ...decisionPreamble,
  /** The person who organised the funeral and receives the money. */
  organizer: z.strictObject({ honorific, fullName: text, residence: text, relationship: text }),
  deceased: z.strictObject({
    honorific,
    fullName: text,
    birthDate: legalDate,
    deathDate: legalDate,
    residence: text,
    /** Why the deceased qualified, e.g. 'đang hưởng trợ cấp xã hội hằng tháng theo …'. */
    category: clause,
  }),
  amount: vndAmount.positive(),
  implementers,
  signature,
  recipients,
});

const previousDecision = z.strictObject({
  /** '12/QĐ-UBND' */
  number: text,
  issuedOn: legalDate,
  issuer: text,
});

/** Decision stopping (thôi hưởng) or adjusting a monthly allowance. */
export const allowanceChangeSchema = z.strictObject({
  ...decisionPreamble,
  beneficiary: person,
  previousDecision,
  change: z.discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('stop'),
      reason: clause,
      /** Stopping takes effect the month after the event (Decree 20). */
      effectiveFrom: legalMonth,
    }),
    z.strictObject({
      action: z.literal('adjust'),
      reason: clause,
      previousAmount: vndAmount,
      newAmount: vndAmount.positive(),
      effectiveFrom: legalMonth,
    }),
  ]),
  implementers,
  signature,
  recipients,
});

export type GrantMonthlyAllowanceData = z.input<typeof grantMonthlyAllowanceSchema>;
export type FuneralSupportData = z.input<typeof funeralSupportSchema>;
export type AllowanceChangeData = z.input<typeof allowanceChangeSchema>;
