/**
 * GET /api/dossiers/:code — the whole dossier for officers, admins and auditors in scope, ID numbers and HIV
 * status masked unless a reader allowed to see them asks `?reveal=sensitive` (recorded) — and
 * GET /api/dossiers/:code/documents/:id to read one of its documents: thin over app/dossiers/officer.ts, which
 * the officer's dossier page calls too.
 */
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import { officerDocument, officerDossier } from '../../app/dossiers/officer';
import { processControlSlip } from '../../app/dossiers/process-control-slip';
import {
  CodeParamsSchema,
  DocumentParamsSchema,
  WithdrawalBodySchema,
  WithdrawalResponseSchema,
} from '../../app/dossiers/schemas';
import { recordPaperWithdrawal } from '../../app/dossiers/withdrawal';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import type { RouteModule } from '../route-registry';

const nullableString = z.string().nullable();

const OfficerDossierSchema = z
  .object({
    dossier: z.object({
      code: z.string(),
      procedure: z.object({ id: z.string(), version: z.number().int(), title: z.string(), tier: z.string() }),
      channel: z.string(),
      status: z.string(),
      statusText: z.string(),
      currentStep: z.object({ key: z.string(), title: nullableString, dueDate: nullableString }).nullable(),
      appointmentDate: nullableString,
      onTimeStatus: nullableString,
      overdue: z.boolean(),
      clockStopped: z.boolean(),
      units: z.object({ communeCode: z.string(), districtCode: nullableString, provinceCode: z.string() }),
      applicantName: z.string(),
      applicantPhone: z.string(),
      beneficiaryName: z.string(),
      receivedAt: z.string(),
      receivedOn: z.string(),
      acceptedOn: nullableString,
      finishedOn: nullableString,
      result: nullableString,
      incident: z
        .object({
          activity: z.string(),
          code: z.string(),
          message: z.string(),
          since: z.string(),
        })
        .nullable()
        .meta({
          description:
            'Set while the dossier is stuck on an error retrying cannot cure (a procedure not in force, data the ' +
            'read model refuses, an activity out of attempts): the failing activity, the error, since when. The ' +
            'dossier tries again every hour; it clears by itself once the cause is cured.',
        }),
    }),
    sensitiveFieldsShown: z.boolean().meta({
      description:
        'true only when this answer holds HIV status and full ID numbers, i.e. the request asked ' +
        '`reveal=sensitive` (and the reveal was recorded); otherwise there is no HIV status and ID numbers are ' +
        'masked to their last 4 digits, for every reader',
    }),
    mayRevealSensitiveFields: z.boolean().meta({
      description:
        'true for the readers who may ask `reveal=sensitive`: the commune officer of the dossier’s commune and ' +
        'admins; anyone else asking gets 403',
    }),
    protectedCategory: z.boolean().meta({
      description:
        'true when the dossier’s clauses include 5.3 or 5.8 (HIV) and this reader may not see them: those ' +
        'clauses are replaced by { clause: "hidden", label } in the application, and by "hidden" in the ' +
        'decision and the timeline',
    }),
    application: z.record(z.string(), z.unknown()),
    tasks: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        stepKey: z.string(),
        title: z.string(),
        role: z.string(),
        unitCode: z.string(),
        status: z.string(),
        openedOn: z.string(),
        dueDate: z.string(),
        claimedBy: nullableString,
        completedOn: nullableString,
        outcome: nullableString,
        onTimeStatus: nullableString,
      }),
    ),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        type: z.string(),
        at: z.string(),
        legalDate: z.string(),
        actor: nullableString,
        stepKey: nullableString,
        taskId: nullableString,
        reason: nullableString,
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    dueDateChanges: z.array(
      z.object({
        target: z.string(),
        taskId: nullableString,
        oldDate: nullableString,
        newDate: z.string(),
        reason: z.string(),
        changedAt: z.string(),
      }),
    ),
    controlSlip: z.array(
      z.object({
        stepKey: z.string(),
        sender: z.string(),
        receiver: z.string(),
        handedOverAt: z.string(),
        dueDate: nullableString,
        onTimeStatus: z.string(),
      }),
    ),
    decision: z
      .object({
        numberLabel: z.string(),
        signedOn: z.string(),
        issuerCode: z.string(),
        kind: z.string(),
        monthlyAmount: z.number().nullable(),
        oneOffAmount: z.number().nullable(),
        inKind: z.object({ riceKg: z.number(), months: z.number() }).nullable(),
        baseLevel: z.number(),
        coefficient: z.number().nullable(),
        clauses: z.array(z.string()),
        paymentStartMonth: nullableString,
        documentId: nullableString,
      })
      .nullable(),
    entitlement: z
      .object({
        kind: z.string(),
        monthlyAmount: z.number().nullable(),
        oneOffAmount: z.number().nullable(),
        startMonth: nullableString,
        payerRole: z.string(),
        status: z.string(),
      })
      .nullable(),
    documents: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        title: nullableString,
        numberLabel: nullableString,
        issuedOn: z.string(),
        format: z.enum(['pdf', 'html']),
        downloadUrl: z
          .string()
          .nullable()
          .meta({
            description:
              'Null when this reader may not open it: a dossier of a protected category (HIV), read by someone ' +
              'who may not know the category',
          }),
      }),
    ),
  })
  .meta({ id: 'OfficerDossier' });

const OfficerDossierQuerySchema = z.strictObject({
  reveal: z.literal('sensitive', { error: 'Chỉ nhận reveal=sensitive' }).optional().meta({
    description: 'Show HIV status and full ID numbers; recorded as a reveal (allowed readers only)',
  }),
});

const ProcessControlSlipQuerySchema = z.strictObject({
  format: z
    .enum(['pdf', 'html'])
    .default('pdf')
    .meta({ description: 'pdf (default) or html, the print view' }),
});

export const officerDossierRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/dossiers/:code',
    summary: 'A dossier in full (officers, admins, auditors in scope)',
    description:
      'Sensitive fields of the application (HIV status, full ID numbers) are masked by default for every ' +
      'reader, as on the officer’s page. The commune officer of the dossier’s commune and admins ' +
      '(mayRevealSensitiveFields) see them with `?reveal=sensitive`: each such request is recorded (who, ' +
      'which dossier, when, from which address) before the answer is sent, as a reveal on the page is. ' +
      'Anyone else asking is refused (403) and nothing is recorded.',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: CodeParamsSchema,
    query: OfficerDossierQuerySchema,
    response: { status: 200, description: 'The dossier', schema: OfficerDossierSchema },
    errors: [404],
    handler: ({ params, query, auth, req }) =>
      officerDossier(deps, actorOf(auth.user, clientAddressOf(req)), params.code, {
        reveal: query.reveal === 'sensitive',
      }),
  });

  routes.add({
    method: 'get',
    path: '/api/dossiers/:code/documents/:id',
    summary: 'Read one document of a dossier (officers, admins, auditors in scope)',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: DocumentParamsSchema,
    description:
      'Of a dossier of a protected category (HIV), only for the commune officer of its commune and admins ' +
      '(and its receipt, form 01, for the one-stop desk of that commune); others get 403 PROTECTED_DOCUMENT.',
    response: { status: 200, description: 'The document (application/pdf or text/html)' },
    errors: [403, 404],
    handler: async ({ params, auth, req, res }) => {
      const reader = actorOf(auth.user, clientAddressOf(req));
      sendDocument(res, await officerDocument(deps, reader, params.code, params.id));
    },
  });

  routes.add({
    method: 'get',
    path: '/api/dossiers/:code/process-control-slip',
    summary:
      'The process-control slip (form 06) of a dossier, printed now (officers, admins, auditors in scope)',
    description:
      'Rendered on demand from the hand-overs recorded so far (sender, receiver, time, Trước hạn / Đúng hạn / ' +
      'Quá hạn against the step’s due date); not stored and not numbered. Of a dossier of a protected category ' +
      '(HIV), readers who may not know the category get typed notes withheld, as in the timeline.',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: CodeParamsSchema,
    query: ProcessControlSlipQuerySchema,
    response: { status: 200, description: 'application/pdf (default) or text/html (the print view)' },
    errors: [403, 404],
    handler: async ({ params, query, auth, req, res }) => {
      const reader = actorOf(auth.user, clientAddressOf(req));
      sendDocument(res, await processControlSlip(deps, reader, params.code, query.format), {
        download: true,
      });
    },
  });

  routes.add({
    method: 'post',
    path: '/api/dossiers/:code/withdrawal',
    summary: 'Record a withdrawal handed in on paper (one-stop desk)',
    description:
      'The applicant handed in a request to withdraw the dossier at the one-stop desk; the desk officer ' +
      '(intake_clerk of the dossier’s commune) records it with the reason given. As the citizen’s own ' +
      'withdrawal: processing stops and form 05 is issued; 409 DECISION_MADE / DOSSIER_FINISHED; a repeated ' +
      'request answers with the withdrawal already made.',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: CodeParamsSchema,
    body: WithdrawalBodySchema,
    response: { status: 200, description: 'Withdrawn', schema: WithdrawalResponseSchema },
    errors: [403, 404, 409, 503],
    handler: ({ params, body, auth }) => recordPaperWithdrawal(deps, auth.user, params.code, body),
  });
};
