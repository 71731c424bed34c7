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

/**
 * Decision on emergency food support (Decree 20/2021/NĐ-CP, Art. 12): 15 kg of rice per person per month,
 * for 1 month at Tết or up to 3 months after a disaster; the commune chairman decides urgent cases.
 */
const FOOD_QUANTITIES = new Set(['householdSize', 'riceKgPerPersonPerMonth', 'months', 'totalRiceKg']);

export const emergencyFoodSchema = z
  .strictObject({
    ...decisionPreamble,
    /** The head of the household that receives the rice. */
    householdHead: z.strictObject({ honorific, fullName: text, residence: text }),
    /** People in the household who lack food. */
    householdSize: z.number().int('số nhân khẩu phải là số nguyên').min(1, 'số nhân khẩu ít nhất là 1'),
    /** Why, as a clause after 'do': 'bị thiệt hại do bão số 3 năm 2026', 'thiếu đói dịp Tết Nguyên đán'. */
    reason: clause,
    /** Art. 12: 15 kg; a province may decide more. */
    riceKgPerPersonPerMonth: z.number().int('số ki-lô-gam phải là số nguyên').positive().default(15),
    /** 1 at Tết, up to 3 after a disaster. */
    months: z.number().int('số tháng phải là số nguyên').min(1, 'ít nhất 1 tháng').max(3, 'tối đa 3 tháng'),
    totalRiceKg: z.number().int('số ki-lô-gam phải là số nguyên').positive(),
    /** First month covered ('YYYY-MM'). */
    fromMonth: legalMonth,
    /** Who hands out the rice and carries out the decision, named in its last article. */
    implementers,
    signature,
    recipients,
  })
  .refine((d) => d.totalRiceKg === d.householdSize * d.riceKgPerPersonPerMonth * d.months, {
    message: 'tổng số gạo phải bằng số nhân khẩu × số ki-lô-gam mỗi người mỗi tháng × số tháng',
    path: ['totalRiceKg'],
    // Checked once the factors themselves are valid, so a wrong household size (0, 2.5) or a 4th month is
    // reported on that field alone; a problem elsewhere (a missing name) does not hide a wrong total.
    when: (payload) => !payload.issues.some((issue) => FOOD_QUANTITIES.has(String(issue.path?.[0]))),
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
export type EmergencyFoodData = z.input<typeof emergencyFoodSchema>;
export type AllowanceChangeData = z.input<typeof allowanceChangeSchema>;
