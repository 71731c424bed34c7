/**
 * What a citizen (or the one-stop desk on their behalf) submits: applicant, beneficiary, the clauses of
 * Decree 20 Art. 5 they qualify under, the unit that receives the dossier, and attachment metadata. Shared by
 * the API (validates at the edge) and the dossier workflow (reads it to compute the decision).
 */
import { z } from 'zod';
import { BENEFICIARY_CLAUSES, type BeneficiaryClause, type ClauseQualification } from './benefit-categories';
import { isIsoDate } from './iso-date';
import { textSchema } from './text';

const nfcText = (max: number) => textSchema({ max });

const isoDate = z.string().refine(isIsoDate, { error: 'ngày phải có dạng YYYY-MM-DD và có thật' });

/** Vietnamese mobile numbers: 10 digits from 0, or +84 followed by 9 digits; stored as 0XXXXXXXXX. */
export const PhoneSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(/[\s.-]/g, '').replace(/^\+84/, '0'))
  .refine((text) => /^0[35789]\d{8}$/.test(text), { error: 'số điện thoại di động không hợp lệ' });

/**
 * Citizen identity card number (số định danh cá nhân / CCCD): 12 digits — 3 for the province of birth
 * (001–096), 1 for gender and century, 2 for the year of birth, 6 random. Structural checks only: whether the
 * number exists is checked against the National Population Database by the commune officer.
 */
export function checkIdNumber(idNumber: string, dateOfBirth?: string): string | undefined {
  if (!/^\d{12}$/.test(idNumber)) return 'số định danh cá nhân phải gồm 12 chữ số';
  const province = Number(idNumber.slice(0, 3));
  if (province < 1 || province > 96) return 'ba số đầu (mã nơi đăng ký khai sinh) không hợp lệ';
  const genderCentury = Number(idNumber[3]);
  if (dateOfBirth) {
    // 0/1: 20th century, 2/3: 21st, 4/5: 22nd … (even = male, odd = female).
    const century = 1900 + Math.floor(genderCentury / 2) * 100;
    const year = century + Number(idNumber.slice(4, 6));
    if (String(year) !== dateOfBirth.slice(0, 4)) return 'mã thế kỷ và năm sinh không khớp với ngày sinh';
  }
  return undefined;
}

const IdNumberSchema = z.string().trim();

/** An e-mail address as typed: trimmed, lower-cased (addresses are compared and keyed that way). */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'địa chỉ e-mail quá dài' })
  .pipe(z.email({ error: 'địa chỉ e-mail không hợp lệ' }));

/**
 * How the applicant wants to hear about the dossier (chosen at intake, online or at the desk). Unset means
 * SMS: the phone is always given, and an old dossier without the field keeps getting what the form offered.
 */
export const CONTACT_PREFERENCES = ['sms', 'email', 'none'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const DEFAULT_CONTACT_PREFERENCE: ContactPreference = 'sms';

const OTHER_CLAUSES = BENEFICIARY_CLAUSES.filter(
  (clause): clause is Exclude<BeneficiaryClause, '5.4' | '5.6'> => clause !== '5.4' && clause !== '5.6',
) as [Exclude<BeneficiaryClause, '5.4' | '5.6'>, ...Exclude<BeneficiaryClause, '5.4' | '5.6'>[]];

/** One clause of Art. 5 the beneficiary qualifies under (domain/benefit-categories' ClauseQualification). */
const QualificationSchema = z.union([
  z.strictObject({ clause: z.literal('5.4'), childrenRaised: z.number().int().min(1).max(20) }),
  z.strictObject({ clause: z.literal('5.6'), severity: z.enum(['severe', 'particularly_severe']) }),
  z.strictObject({ clause: z.enum(OTHER_CLAUSES) }),
]);

export const ApplicationSchema = z
  .strictObject({
    applicant: z.strictObject({
      fullName: nfcText(100),
      /** Needed to address the applicant correctly (Ông/Bà) on forms and letters. */
      gender: z.enum(['male', 'female']),
      phone: PhoneSchema,
      idNumber: IdNumberSchema.optional(),
      address: nfcText(300),
      relationship: nfcText(50).optional(),
      email: EmailSchema.optional(),
      /** sms (the default), email (needs `email`) or none. */
      notifyBy: z.enum(CONTACT_PREFERENCES).optional(),
    }),
    beneficiary: z.strictObject({
      fullName: nfcText(100),
      dateOfBirth: isoDate,
      gender: z.enum(['male', 'female']),
      idNumber: IdNumberSchema.optional(),
      address: nfcText(300),
      /** Sensitive: never shown on postings or tracking pages. */
      hivStatus: z.boolean().optional(),
      qualifications: z.array(QualificationSchema).min(1, { error: 'cần ít nhất một diện đối tượng' }).max(4),
      /** Date on the disability certificate, for 5.6 (payment starts that month). */
      disabilityCertifiedOn: isoDate.optional(),
      /** Funeral support: date of death. */
      diedOn: isoDate.optional(),
      /** Emergency food support: people in the household. */
      householdSize: z.number().int().min(1).max(30).optional(),
    }),
    unit: z.strictObject({
      provinceCode: z.string().regex(/^\d{2}$/, { error: 'mã tỉnh gồm 2 chữ số' }),
      districtCode: z
        .string()
        .regex(/^\d{3}$/, { error: 'mã huyện gồm 3 chữ số' })
        .optional(),
      communeCode: z.string().regex(/^\d{5}$/, { error: 'mã xã gồm 5 chữ số' }),
    }),
    attachments: z
      .array(
        z.strictObject({
          name: nfcText(200),
          kind: nfcText(100),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
      )
      .max(30)
      .default([]),
  })
  .superRefine((application, context) => {
    for (const person of ['applicant', 'beneficiary'] as const) {
      const idNumber = application[person].idNumber;
      if (idNumber === undefined) continue;
      const problem = checkIdNumber(
        idNumber,
        person === 'beneficiary' ? application.beneficiary.dateOfBirth : undefined,
      );
      if (problem) context.addIssue({ code: 'custom', path: [person, 'idNumber'], message: problem });
    }
    if (application.applicant.notifyBy === 'email' && !application.applicant.email) {
      context.addIssue({
        code: 'custom',
        path: ['applicant', 'email'],
        message: 'cần địa chỉ e-mail để nhận thông báo qua e-mail',
      });
    }
    const clauses = application.beneficiary.qualifications.map((q) => q.clause);
    if (clauses.includes('5.6') && !application.beneficiary.disabilityCertifiedOn) {
      context.addIssue({
        code: 'custom',
        path: ['beneficiary', 'disabilityCertifiedOn'],
        message: 'diện khuyết tật (khoản 5.6) cần ngày cấp giấy xác nhận khuyết tật',
      });
    }
  });

export type Application = z.output<typeof ApplicationSchema>;
export type ApplicationInput = z.input<typeof ApplicationSchema>;

// Compile-time check that the schema's qualifications are the benefit rules' ClauseQualification.
const _sameQualification: ClauseQualification = {} as Application['beneficiary']['qualifications'][number];
void _sameQualification;
