/**
 * GET /api/dossiers/:code — the whole dossier for officers, admins and auditors in scope: the dossier, its
 * tasks, the full timeline, due-date changes, the process-control slip (form 06), decision, entitlement and
 * documents — and GET /api/dossiers/:code/documents/:id to read one of them.
 */
import { z } from 'zod';
import {
  controlSlipEntries,
  documentsOfDossier,
  dossierEvents,
  dueDateChanges,
  findDecision,
  findDossier,
  findEntitlement,
  type DossierRecord,
} from '../../db/dossier-views';
import { tasksOfDossier } from '../../db/tasks';
import { DOCUMENT_KINDS } from '../../domain/procedures';
import type { AuthenticatedUser } from '../../app/auth/session';
import { callerScope } from '../../app/auth/caller-scope';
import type { AppDeps } from '../../app/deps';
import { notFound } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { loadDossierDocument } from '../../app/dossiers/documents';
import { sendDocument } from '../../http/send-document';
import {
  applicationFor,
  decisionFor,
  hidesProtectedCategory,
  seesSensitiveFields,
  timelineFor,
} from '../../app/dossiers/officer-view';
import { CodeParamsSchema, DocumentParamsSchema } from '../../app/dossiers/schemas';
import { statusText } from '../../app/dossiers/status-text';

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
    }),
    sensitiveFieldsShown: z.boolean().meta({
      description:
        'true for the commune officer of the dossier’s commune and admins; others get no HIV status and ID numbers masked to the last 4 digits',
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
        downloadUrl: z.string(),
      }),
    ),
  })
  .meta({ id: 'OfficerDossier' });

/** The dossier if the caller's scope covers its commune: 404 when unknown, 403 outside the scope. */
async function dossierInScope(deps: AppDeps, user: AuthenticatedUser, code: string): Promise<DossierRecord> {
  const dossier = await findDossier(deps.pool, code);
  if (!dossier) throw notFound('Không tìm thấy hồ sơ');
  const scope = await callerScope(deps, user);
  scope.assertAccess(dossier.communeCode, 'Hồ sơ này thuộc đơn vị ngoài phạm vi quản lý của bạn');
  return dossier;
}

/** Documents are stored under template kinds; the ones a route names read as their official title. */
const TEMPLATE_TITLES: Record<string, string> = {
  'receipt-appointment': DOCUMENT_KINDS.receipt,
  'supplement-request': DOCUMENT_KINDS.completion_request,
  'intake-refusal': DOCUMENT_KINDS.intake_refusal,
  'apology-new-appointment': DOCUMENT_KINDS.apology,
  'refusal-letter': DOCUMENT_KINDS.refusal_letter,
  'grant-monthly-allowance': DOCUMENT_KINDS.decision_grant,
  'funeral-support': DOCUMENT_KINDS.decision_grant,
};

export const officerDossierRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/dossiers/:code',
    summary: 'A dossier in full (officers, admins, auditors in scope)',
    description:
      'Sensitive fields of the application (HIV status, full ID numbers) only for the commune officer of the ' +
      'dossier’s commune and admins; everyone else gets them removed or masked (see sensitiveFieldsShown).',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: CodeParamsSchema,
    response: { status: 200, description: 'The dossier', schema: OfficerDossierSchema },
    errors: [404],
    handler: async ({ params, auth }) => {
      const dossier = await dossierInScope(deps, auth.user, params.code);
      const code = dossier.code;
      const [tasks, events, changes, slip, decision, entitlement, documents] = await Promise.all([
        tasksOfDossier(deps.pool, code),
        dossierEvents(deps.pool, code),
        dueDateChanges(deps.pool, code),
        controlSlipEntries(deps.pool, code),
        findDecision(deps.pool, code),
        findEntitlement(deps.pool, code),
        documentsOfDossier(deps.pool, code),
      ]);
      return {
        dossier: {
          code,
          procedure: {
            id: dossier.procedureId,
            version: dossier.procedureVersion,
            title: dossier.procedureTitle,
            tier: dossier.tier,
          },
          channel: dossier.channel,
          status: dossier.status,
          statusText: statusText(dossier.status),
          currentStep: dossier.currentStepKey
            ? {
                key: dossier.currentStepKey,
                title: dossier.currentStepTitle,
                dueDate: dossier.currentDueDate,
              }
            : null,
          appointmentDate: dossier.appointmentDate,
          onTimeStatus: dossier.onTimeStatus,
          overdue: dossier.overdue,
          clockStopped: dossier.clockStopped,
          units: {
            communeCode: dossier.communeCode,
            districtCode: dossier.districtCode,
            provinceCode: dossier.provinceCode,
          },
          applicantName: dossier.applicantName,
          applicantPhone: dossier.applicantPhone,
          beneficiaryName: dossier.beneficiaryName,
          receivedAt: dossier.receivedAt,
          receivedOn: dossier.receivedOn,
          acceptedOn: dossier.acceptedOn,
          finishedOn: dossier.finishedOn,
          result: dossier.result,
        },
        sensitiveFieldsShown: seesSensitiveFields(auth.user, dossier),
        protectedCategory: hidesProtectedCategory(auth.user, dossier),
        application: applicationFor(auth.user, dossier),
        tasks: tasks.map((task) => ({
          id: task.id,
          kind: task.kind,
          stepKey: task.stepKey,
          title: task.title,
          role: task.role,
          unitCode: task.unitCode,
          status: task.status,
          openedOn: task.openedOn,
          dueDate: task.dueDate,
          claimedBy: task.claimedBy,
          completedOn: task.completedOn,
          outcome: task.outcome,
          onTimeStatus: task.onTimeStatus,
        })),
        timeline: timelineFor(auth.user, dossier, events),
        dueDateChanges: changes,
        controlSlip: slip,
        decision: decisionFor(auth.user, dossier, decision),
        entitlement: entitlement ?? null,
        documents: documents.map((document) => ({
          id: document.id,
          kind: document.kind,
          title: TEMPLATE_TITLES[document.kind] ?? null,
          numberLabel: document.numberLabel,
          issuedOn: document.issuedOn,
          format: document.hasPdf ? ('pdf' as const) : ('html' as const),
          downloadUrl: `/api/dossiers/${code}/documents/${document.id}`,
        })),
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/dossiers/:code/documents/:id',
    summary: 'Read one document of a dossier (officers, admins, auditors in scope)',
    tags: ['dossiers'],
    auth: 'authenticated',
    params: DocumentParamsSchema,
    response: { status: 200, description: 'The document (application/pdf or text/html)' },
    errors: [404],
    handler: async ({ params, auth, res }) => {
      const dossier = await dossierInScope(deps, auth.user, params.code);
      sendDocument(res, await loadDossierDocument(deps.pool, dossier.code, params.id));
    },
  });
};
