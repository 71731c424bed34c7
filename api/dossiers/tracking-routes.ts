/**
 * Citizen tracking, no account: the dossier code plus a second factor (?phone= or ?idLast4=). The public
 * timeline, downloads of the documents addressed to the citizen, answering a request for documents, and
 * complaints during the public posting.
 */
import { loadWorkingCalendar } from '../../db/calendar';
import { dossierEvents, dueDateChanges, type DossierRecord } from '../../db/dossier-views';
import { runIdempotent, requestHash, IdempotencyKeyReusedError } from '../../db/idempotency';
import { tasksOfDossier } from '../../db/tasks';
import { findUnit } from '../../db/units';
import {
  dossierStateQuery,
  fileComplaintSignal,
  supplementDocumentsSignal,
} from '../../workflows/dossier/messages';
import type { DossierState } from '../../workflows/dossier/types';
import { clockOf, legalToday, temporalClientOf, type ApiDeps } from '../deps';
import { ApiError, conflict, notFound } from '../errors';
import type { RouteModule } from '../route-registry';
import { sendDossierDocument } from './document-download';
import {
  AcceptedResponseSchema,
  CodeParamsSchema,
  ComplaintBodySchema,
  DocumentParamsSchema,
  SecondFactorQuerySchema,
  SupplementBodySchema,
  TrackingResponseSchema,
} from './schemas';
import { dossierForCitizen } from './second-factor';
import { citizenDocuments, trackingView } from './tracking-view';
import { callWorkflow } from './workflow-errors';

const FINISHED = new Set(['completed', 'refused', 'intake_refused']);
const SECOND_FACTOR =
  ' Second factor: ?phone= (the phone on the application) or ?idLast4= (last 4 digits of the applicant’s ID ' +
  'number). A wrong factor and an unknown code both answer 404; 10 wrong factors per code and client ' +
  'address, or 20 per client address across all codes, in 15 minutes answer 429.';

/**
 * The running dossier's state from its workflow. A finished dossier has no workflow to ask: the caller says
 * which refusal that is for its action (e.g. NOT_IN_POSTING for a complaint).
 */
export async function workflowState(
  deps: ApiDeps,
  dossier: DossierRecord,
  whenFinished: () => ApiError,
): Promise<DossierState> {
  if (FINISHED.has(dossier.status)) throw whenFinished();
  return callWorkflow(() => temporalClientOf(deps).workflow.getHandle(dossier.code).query(dossierStateQuery));
}

/** A citizen's message (supplement, complaint) sent once per client id, whatever the retries. */
export async function oncePerClientId(
  deps: ApiDeps,
  claim: { scope: string; id: string; body: unknown },
  send: () => Promise<void>,
): Promise<void> {
  try {
    await runIdempotent(
      deps.pool,
      { scope: claim.scope, key: claim.id, requestSha256: requestHash(claim.body), now: clockOf(deps)() },
      async () => {
        await send();
        return { status: 200, body: { sent: true } };
      },
    );
  } catch (error) {
    if (error instanceof IdempotencyKeyReusedError) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'Mã này đã được dùng cho một nội dung khác');
    }
    throw error;
  }
}

export const trackingRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/track/:code',
    summary: 'Track a dossier (citizen)',
    description:
      'The public timeline: status, appointment date, each step with the office responsible, its dates and ' +
      'on-time status, due-date changes with their reasons, and the documents the citizen may download. ' +
      'Never shows HIV status, ID numbers, dates of birth, officers’ user ids or internal notes.' +
      SECOND_FACTOR,
    tags: ['citizens'],
    auth: 'public',
    params: CodeParamsSchema,
    query: SecondFactorQuerySchema,
    response: { status: 200, description: 'The public view of the dossier', schema: TrackingResponseSchema },
    errors: [404, 429],
    handler: async ({ params, query, req }) => {
      const dossier = await dossierForCitizen(deps, params.code, query, req);
      const [tasks, events, changes, commune, calendar] = await Promise.all([
        tasksOfDossier(deps.pool, dossier.code),
        dossierEvents(deps.pool, dossier.code),
        dueDateChanges(deps.pool, dossier.code),
        findUnit(deps.pool, dossier.communeCode),
        loadWorkingCalendar(deps.pool, { province: dossier.provinceCode }),
      ]);
      return trackingView({
        dossier,
        communeName: commune?.name ?? dossier.communeCode,
        tasks,
        events,
        dueDateChanges: changes,
        calendar,
        today: legalToday(clockOf(deps)()),
      });
    },
  });

  routes.add({
    method: 'get',
    path: '/api/track/:code/documents/:id',
    summary: 'Download a document of the dossier addressed to the citizen',
    description:
      'Receipt (form 01), request to complete (02), refusal to accept (03), apology (04), refusal letter, ' +
      'decision: the stored PDF when one was printed (application/pdf), otherwise the stored HTML. None for ' +
      'a dossier under clause 5.3 or 5.8 (HIV): those papers are handed over at the one-stop desk.' +
      SECOND_FACTOR,
    tags: ['citizens'],
    auth: 'public',
    params: DocumentParamsSchema,
    query: SecondFactorQuerySchema,
    response: { status: 200, description: 'The document (application/pdf or text/html)' },
    errors: [404, 429],
    handler: async ({ params, query, req, res }) => {
      const dossier = await dossierForCitizen(deps, params.code, query, req);
      // Nothing for a dossier of a protected category (HIV): see tracking-view.ts#PROTECTED_DOCUMENTS_NOTE.
      const allowed = citizenDocuments(dossier, await dossierEvents(deps.pool, dossier.code));
      if (!allowed.some((document) => document.id === params.id)) throw notFound('Không tìm thấy văn bản');
      await sendDossierDocument(deps.pool, res, dossier.code, params.id);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/track/:code/supplements',
    summary: 'Send the documents the office asked for (citizen)',
    description:
      'Answers a request to complete the dossier (form 02): the legal clock resumes. 409 ' +
      'NOT_AWAITING_SUPPLEMENT when the dossier is not waiting for documents. `supplementId` makes a resend ' +
      'harmless (same id and body: the same answer).' +
      SECOND_FACTOR,
    tags: ['citizens'],
    auth: 'public',
    params: CodeParamsSchema,
    query: SecondFactorQuerySchema,
    body: SupplementBodySchema,
    response: { status: 200, description: 'Sent to the dossier', schema: AcceptedResponseSchema },
    errors: [404, 409, 429, 503],
    handler: async ({ params, query, body, req }) => {
      const dossier = await dossierForCitizen(deps, params.code, query, req);
      await oncePerClientId(
        deps,
        { scope: `supplement ${dossier.code}`, id: body.supplementId, body: req.body },
        async () => {
          const state = await workflowState(deps, dossier, notAwaiting);
          if (state.status !== 'awaiting_supplement') throw notAwaiting();
          await callWorkflow(() =>
            temporalClientOf(deps)
              .workflow.getHandle(dossier.code)
              .signal(supplementDocumentsSignal, {
                supplementId: body.supplementId,
                documents: body.documents,
                ...(body.note ? { note: body.note } : {}),
              }),
          );
        },
      );
      return {
        accepted: true as const,
        id: body.supplementId,
        message: 'Đã nhận giấy tờ bổ sung, hồ sơ được tiếp tục giải quyết',
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/track/:code/complaints',
    summary: 'File a complaint during the public posting (citizen)',
    description:
      'Only while the dossier’s public posting (niêm yết công khai) is open; otherwise 409 NOT_IN_POSTING. ' +
      'Each complaint becomes a task for the commune chairman. `complaintId` makes a resend harmless.' +
      SECOND_FACTOR,
    tags: ['citizens'],
    auth: 'public',
    params: CodeParamsSchema,
    query: SecondFactorQuerySchema,
    body: ComplaintBodySchema,
    response: { status: 200, description: 'Filed', schema: AcceptedResponseSchema },
    errors: [404, 409, 429, 503],
    handler: async ({ params, query, body, req }) => {
      const dossier = await dossierForCitizen(deps, params.code, query, req);
      await oncePerClientId(
        deps,
        { scope: `complaint ${dossier.code}`, id: body.complaintId, body: req.body },
        async () => {
          const state = await workflowState(deps, dossier, notInPosting);
          // The workflow says whether its posting takes complaints (it also drops any that arrive late).
          if (!state.posting?.open) throw notInPosting();
          await callWorkflow(() =>
            temporalClientOf(deps).workflow.getHandle(dossier.code).signal(fileComplaintSignal, {
              complaintId: body.complaintId,
              complainant: body.complainant,
              content: body.content,
            }),
          );
        },
      );
      return {
        accepted: true as const,
        id: body.complaintId,
        message: 'Đã nhận khiếu nại; Chủ tịch Ủy ban nhân dân cấp xã sẽ xem xét, giải quyết',
      };
    },
  });
};

const notAwaiting = () =>
  conflict('NOT_AWAITING_SUPPLEMENT', 'Hồ sơ hiện không ở trạng thái chờ bổ sung giấy tờ');
export const notInPosting = () =>
  conflict('NOT_IN_POSTING', 'Hồ sơ hiện không trong thời gian niêm yết công khai, không thể gửi khiếu nại');
