/** zod schemas of the dossier routes: requests, answers, and the OpenAPI components they become. */
import { z } from 'zod';
import { ApplicationSchema, PhoneSchema } from '../../domain/application';
import { ON_TIME_STATUSES, OPEN_STEP_STATUSES } from '../../domain/legal-time';
import { OUTCOME_KINDS } from '../../domain/procedures';
import { REASON_MAX, reasonSchema } from '../../domain/text';
import { vietnameseText } from '../schemas';

export const ProcedureIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'Mã thủ tục: chữ thường không dấu, chữ số, gạch ngang' })
  .meta({ example: 'monthly-allowance' });

export const DossierCodeSchema = z
  .string()
  .regex(/^[0-9A-Z.]{2,20}-\d{6}-\d{4}$/, { error: 'Mã hồ sơ có dạng <mã đơn vị>-<YYMMDD>-<số thứ tự>' })
  .meta({ example: '26170-261123-0001' });

export const ApplicationDoc = ApplicationSchema.meta({
  id: 'Application',
  description:
    'Applicant, beneficiary (with the clauses of Decree 20 Art. 5 they qualify under), the receiving unit and attachment metadata. ID numbers are checked structurally (12 digits, province and birth-year digits).',
});

export const SubmissionBodySchema = z
  .strictObject({ procedureId: ProcedureIdSchema, application: ApplicationDoc })
  .meta({ id: 'DossierSubmission' });

const OnTimeStatusSchema = z.enum(ON_TIME_STATUSES);

export const SubmissionResponseSchema = z
  .object({
    code: z.string().meta({ description: 'Dossier code, also the workflow id' }),
    status: z.string(),
    statusText: z.string(),
    channel: z.enum(['walk_in', 'online']),
    receivedOn: z.string(),
    procedure: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
    trackingUrl: z.string().meta({
      description:
        'Where the citizen follows the dossier, with the second factor in a header (X-Tracking-Phone or X-Tracking-Id-Last4)',
    }),
    receipt: z.object({
      dossierCode: z.string(),
      procedureTitle: z.string(),
      receivedOn: z.string(),
      appointmentDate: z.string().nullable(),
      appointmentIsProvisional: z.boolean().meta({
        description:
          'true for an online submission: the desk still checks the dossier, and the real appointment date is set (form 01) when it is accepted',
      }),
      note: z.string(),
      documentId: z.string().optional().meta({ description: 'The receipt (form 01) once issued' }),
      downloadUrl: z.string().optional(),
    }),
  })
  .meta({ id: 'DossierSubmissionResult' });
export type SubmissionResponse = z.input<typeof SubmissionResponseSchema>;

/**
 * The citizen's second factor: the phone on the application, or the last 4 digits of the ID number. It travels
 * in request headers, never in the URL: proxies and access logs write URLs down (issue 15, point 11).
 */
export const SECOND_FACTOR_HEADERS = { phone: 'x-tracking-phone', idLast4: 'x-tracking-id-last4' } as const;

export const SecondFactorHeadersSchema = z
  .object({
    [SECOND_FACTOR_HEADERS.phone]: PhoneSchema.optional().meta({
      description: 'Phone number on the application',
      example: '0912345678',
    }),
    [SECOND_FACTOR_HEADERS.idLast4]: z
      .string()
      .regex(/^\d{4}$/, { error: 'Gồm đúng 4 chữ số cuối của số định danh cá nhân' })
      .optional()
      .meta({ description: 'Last 4 digits of the applicant’s ID number', example: '0123' }),
  })
  .superRefine((headers, context) => {
    const given = [SECOND_FACTOR_HEADERS.phone, SECOND_FACTOR_HEADERS.idLast4].filter(
      (name) => headers[name] !== undefined,
    );
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: [SECOND_FACTOR_HEADERS.phone],
        message: `Cần đúng một trong hai: số điện thoại (${SECOND_FACTOR_HEADERS.phone}) hoặc 4 số cuối CCCD (${SECOND_FACTOR_HEADERS.idLast4})`,
      });
    }
  });

export interface SecondFactor {
  phone?: string;
  idLast4?: string;
}

export function secondFactorOf(headers: z.output<typeof SecondFactorHeadersSchema>): SecondFactor {
  const phone = headers[SECOND_FACTOR_HEADERS.phone];
  const idLast4 = headers[SECOND_FACTOR_HEADERS.idLast4];
  return { ...(phone !== undefined ? { phone } : {}), ...(idLast4 !== undefined ? { idLast4 } : {}) };
}

/** Tracking routes take no query: a factor sent the old way (?phone=) is refused, not silently ignored. */
export const NoQuerySchema = z.strictObject({});

export const CodeParamsSchema = z.strictObject({ code: DossierCodeSchema });
export const DocumentParamsSchema = z.strictObject({
  code: DossierCodeSchema,
  id: z.uuid({ error: 'Mã văn bản không hợp lệ' }),
});

const ClientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, { error: 'Gồm 8–100 ký tự: chữ, số, dấu chấm, gạch ngang, hai chấm' });

export const SupplementBodySchema = z
  .strictObject({
    supplementId: ClientIdSchema.meta({
      description: 'Chosen by the client (e.g. a UUID): a resend is not counted twice',
    }),
    documents: z
      .array(z.strictObject({ name: vietnameseText(200), kind: vietnameseText(100) }))
      .min(1, { error: 'Cần ít nhất một giấy tờ' })
      .max(30),
    note: vietnameseText(1000).optional(),
  })
  .meta({ id: 'SupplementRequest' });

export const ComplaintBodySchema = z
  .strictObject({
    complaintId: ClientIdSchema.meta({ description: 'Chosen by the client: a resend is not filed twice' }),
    complainant: vietnameseText(100),
    content: vietnameseText(2000),
  })
  .meta({ id: 'ComplaintRequest' });

export const PublicComplaintBodySchema = z
  .strictObject({
    complaintId: ClientIdSchema.meta({ description: 'Chosen by the client: a resend is not filed twice' }),
    complainant: vietnameseText(100).meta({ description: 'Full name of the person who objects' }),
    phone: PhoneSchema.meta({ description: 'Where the commune chairman can reach the complainant' }),
    content: vietnameseText(2000),
  })
  .meta({ id: 'PublicComplaintRequest' });

export const WithdrawalBodySchema = z
  .strictObject({
    reason: reasonSchema(REASON_MAX).meta({
      description: 'Why the applicant withdraws the dossier; printed on the notice (form 05)',
      example: 'Gia đình đã thu xếp được người chăm sóc, không còn nhu cầu',
    }),
  })
  .meta({ id: 'WithdrawalRequest' });

export const WithdrawalResponseSchema = z
  .object({
    code: z.string(),
    status: z.literal('withdrawn'),
    statusText: z.string(),
    withdrawnOn: z.string().meta({ description: 'Legal date processing stopped (YYYY-MM-DD)' }),
    documentId: z
      .string()
      .nullable()
      .meta({
        description:
          'The notice that processing stopped (form 05); null when it could not be issued or is handed over ' +
          'at the desk (clauses 5.3, 5.8)',
      }),
    message: z.string(),
  })
  .meta({ id: 'DossierWithdrawn' });

export const AcceptedResponseSchema = z
  .object({ accepted: z.literal(true), id: z.string(), message: z.string() })
  .meta({ id: 'CitizenMessageAccepted' });

const PublicStepSchema = z.object({
  kind: z.enum(['intake_check', 'step', 'complaint', 'public_posting']),
  title: z.string(),
  office: z.string().meta({ description: 'Role title and unit responsible, in Vietnamese' }),
  unitName: z.string().nullable(),
  openedOn: z.string(),
  dueDate: z.string().nullable(),
  workingDaysAllowed: z.number().int().nullable(),
  completedOn: z.string().nullable(),
  state: z.enum(['Đang xử lý', 'Đã xử lý', 'Đã dừng']),
  onTimeStatus: z
    .enum([...ON_TIME_STATUSES, ...OPEN_STEP_STATUSES])
    .nullable()
    .meta({
      description:
        'Done: against its due date (Trước hạn / Đúng hạn / Quá hạn). In progress: as of today (Còn hạn, Quá hạn once the due date has passed)',
    }),
});

export const PublicDocumentSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  numberLabel: z.string().nullable(),
  issuedOn: z.string().nullable(),
  downloadUrl: z.string(),
});

export const TrackingResponseSchema = z
  .object({
    code: z.string(),
    procedureTitle: z.string(),
    channel: z.enum(['walk_in', 'online']),
    status: z.string(),
    statusText: z.string(),
    receivedOn: z.string(),
    acceptedOn: z.string().nullable(),
    appointmentDate: z.string().nullable(),
    appointmentIsProvisional: z.boolean(),
    finishedOn: z.string().nullable(),
    result: z.string().nullable(),
    onTimeStatus: OnTimeStatusSchema.nullable(),
    currentStep: z.object({ title: z.string(), dueDate: z.string().nullable() }).nullable(),
    steps: z.array(PublicStepSchema),
    dueDateChanges: z.array(
      z.object({
        target: z.string(),
        oldDate: z.string().nullable(),
        newDate: z.string(),
        reason: z.string(),
        changedOn: z.string(),
      }),
    ),
    awaitingSupplement: z
      .object({ requestedOn: z.string(), missingDocuments: z.array(z.string()) })
      .nullable(),
    posting: z
      .object({ open: z.boolean(), startedOn: z.string(), endsOn: z.string().nullable() })
      .nullable()
      .meta({ description: 'Public posting (niêm yết): complaints may be filed while it is open' }),
    decision: z
      .object({
        numberLabel: z.string(),
        signedOn: z.string(),
        monthlyAmount: z.number().int().nullable().meta({ description: 'VND a month (monthly allowance)' }),
        oneOffAmount: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'VND once (funeral or emergency support)' }),
        paymentStartMonth: z
          .string()
          .nullable()
          .meta({ description: "'YYYY-MM', the first month paid (monthly allowance)" }),
      })
      .nullable()
      .meta({
        description: 'Amounts are null for a protected category (clauses 5.3, 5.8) and for change decisions',
      }),
    withdrawable: z.boolean().meta({
      description:
        'Whether the applicant may still withdraw the dossier (POST /api/track/{code}/withdrawal): no ' +
        'decision made and not ended',
    }),
    documents: z.array(PublicDocumentSchema),
    documentsNote: z.string().nullable().meta({
      description:
        'Why no document is offered online (dossiers of a protected category: collected at the one-stop desk)',
    }),
  })
  .meta({ id: 'DossierTracking' });
export type TrackingResponse = z.input<typeof TrackingResponseSchema>;

export const CompleteTaskBodySchema = z
  .strictObject({
    outcome: z.enum(OUTCOME_KINDS),
    // A reason (and each missing document) needs words: the rule the workflow and form 02 apply too.
    reason: reasonSchema(REASON_MAX).optional(),
    note: vietnameseText(2000).optional(),
    missingDocuments: z.array(reasonSchema(200)).max(30).optional(),
    targetStep: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, { error: 'Mã bước không hợp lệ' })
      .optional(),
  })
  .meta({ id: 'CompleteTaskRequest' });
export type CompleteTaskBody = z.output<typeof CompleteTaskBodySchema>;
