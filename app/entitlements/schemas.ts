/**
 * Requests to change a monthly entitlement (termination, adjustment, relocation) and the answer: one set of
 * zod schemas for the API (also its OpenAPI components) and the officer's page.
 */
import { z } from 'zod';
import { TERMINATION_REASON_CODES, TERMINATION_REASONS, isMonth } from '../../domain/entitlement-changes';
import { reasonSchema } from '../../domain/text';
import { IsoDateSchema, vietnameseText } from '../schemas';

const details = vietnameseText(500)
  .optional()
  .meta({ description: 'More about the event, printed after the ground in the decision’s “Lý do”' });

export const TerminationBodySchema = z
  .strictObject({
    reasonCode: z.enum(TERMINATION_REASON_CODES, { error: 'Chọn lý do thôi hưởng' }).meta({
      description: Object.entries(TERMINATION_REASONS)
        .map(([code, text]) => `${code}: ${text}`)
        .join('; '),
    }),
    eventDate: IsoDateSchema.meta({
      description:
        'Legal date of the event (death, loss of eligibility, refusal, sentence, end of the 3 months after an ' +
        'unremedied suspension); its month is the last one paid',
    }),
    details,
  })
  .meta({ id: 'TerminationRequest' });

export const AdjustmentBodySchema = z
  .strictObject({
    fromMonth: z
      .string()
      .refine(isMonth, { error: 'Nhập tháng theo dạng YYYY-MM' })
      .meta({ description: 'First month paid at the new amount, YYYY-MM', example: '2054-11' }),
    newMonthlyAmount: z
      .number({ error: 'Nhập mức trợ cấp mới bằng số (đồng)' })
      .int({ error: 'Mức trợ cấp là số nguyên (đồng)' })
      .positive({ error: 'Mức trợ cấp phải lớn hơn 0' })
      .max(100_000_000, { error: 'Mức trợ cấp không quá 100.000.000 đồng một tháng' })
      .meta({ description: 'Integer VND per month', example: 1_000_000 }),
    reason: reasonSchema(500).meta({
      description: 'Why the amount changes (a new coefficient, a changed category); printed in the decision',
    }),
  })
  .meta({ id: 'AdjustmentRequest' });

export const RelocationBodySchema = z
  .strictObject({
    relocatedOn: IsoDateSchema.meta({
      description: 'Legal date of the move: the old commune pays that month, the new one from the next',
    }),
    newCommuneCode: z
      .string()
      .regex(/^\d{5}$/, { error: 'Chọn xã, phường nơi cư trú mới' })
      .meta({ description: 'Commune moved to (5 digits)', example: '26173' }),
    details,
  })
  .meta({ id: 'RelocationRequest' });

export const EntitlementCodeParamsSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[0-9A-Z.]{2,20}-\d{6}-\d{4}$/, { error: 'Mã hồ sơ có dạng <mã đơn vị>-<YYMMDD>-<số thứ tự>' })
    .meta({ description: 'Code of the dossier that granted (or last moved) the entitlement' }),
});

export const ChangeStartedSchema = z
  .object({
    code: z.string().meta({ description: 'Code of the new change dossier (its workflow id)' }),
    kind: z.enum(['termination', 'adjustment', 'relocation']),
    entitlementCode: z.string(),
    procedure: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
    receivedOn: z.string(),
    plannedAppointmentDate: z.string(),
    message: z.string(),
  })
  .meta({ id: 'EntitlementChangeStarted' });
