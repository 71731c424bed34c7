/**
 * Citizen tracking, no account: the dossier code plus a second factor in a header (X-Tracking-Phone or
 * X-Tracking-Id-Last4; never in the URL, which proxies and logs keep). The public
 * timeline, downloads of the documents addressed to the citizen, answering a request for documents, and
 * complaints during the public posting. The rules are in app/dossiers/citizen.ts.
 */
import {
  citizenDocument,
  fileCitizenComplaint,
  sendSupplement,
  trackDossier,
} from '../../app/dossiers/citizen';
import {
  AcceptedResponseSchema,
  CodeParamsSchema,
  ComplaintBodySchema,
  DocumentParamsSchema,
  NoQuerySchema,
  secondFactorOf,
  SecondFactorHeadersSchema,
  SupplementBodySchema,
  TrackingResponseSchema,
  WithdrawalBodySchema,
  WithdrawalResponseSchema,
} from '../../app/dossiers/schemas';
import { withdrawByCitizen } from '../../app/dossiers/withdrawal';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import type { RouteModule } from '../route-registry';

const SECOND_FACTOR =
  ' Second factor, in a header (never in the URL): X-Tracking-Phone (the phone on the application) or ' +
  'X-Tracking-Id-Last4 (last 4 digits of the applicant’s ID number); ?phone= and ?idLast4= are refused (400). A wrong factor and an unknown code both answer 404; 10 wrong factors per code and client ' +
  'address, or 20 per client address across all codes, in 15 minutes answer 429.';

/** Who asks, for every citizen route: the dossier code, the second factor from the headers, the address. */
const citizenAccess = (
  params: { code: string },
  headers: Parameters<typeof secondFactorOf>[0],
  req: Parameters<typeof clientAddressOf>[0],
) => ({ code: params.code, factor: secondFactorOf(headers), clientAddress: clientAddressOf(req) });

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
    query: NoQuerySchema,
    headers: SecondFactorHeadersSchema,
    response: { status: 200, description: 'The public view of the dossier', schema: TrackingResponseSchema },
    errors: [404, 429],
    handler: ({ params, headers, req }) => trackDossier(deps, citizenAccess(params, headers, req)),
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
    query: NoQuerySchema,
    headers: SecondFactorHeadersSchema,
    response: { status: 200, description: 'The document (application/pdf or text/html)' },
    errors: [404, 429],
    handler: async ({ params, headers, req, res }) => {
      sendDocument(res, await citizenDocument(deps, citizenAccess(params, headers, req), params.id));
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
    query: NoQuerySchema,
    headers: SecondFactorHeadersSchema,
    body: SupplementBodySchema,
    response: { status: 200, description: 'Sent to the dossier', schema: AcceptedResponseSchema },
    errors: [404, 409, 429, 503],
    handler: ({ params, headers, body, req }) =>
      sendSupplement(deps, citizenAccess(params, headers, req), body),
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
    query: NoQuerySchema,
    headers: SecondFactorHeadersSchema,
    body: ComplaintBodySchema,
    response: { status: 200, description: 'Filed', schema: AcceptedResponseSchema },
    errors: [404, 409, 429, 503],
    handler: ({ params, headers, body, req }) =>
      fileCitizenComplaint(deps, citizenAccess(params, headers, req), body),
  });

  routes.add({
    method: 'post',
    path: '/api/track/:code/withdrawal',
    summary: 'Withdraw the dossier (citizen)',
    description:
      'The applicant withdraws the dossier (rút hồ sơ) while no decision is made: processing stops, open ' +
      'tasks end, and the notice that processing stopped (form 05) is issued. 409 DECISION_MADE once the ' +
      'decision (or refusal in writing) is made, DOSSIER_FINISHED when the dossier has ended otherwise. ' +
      'Asking again after a withdrawal answers 200 with the same withdrawal: no second notice.' +
      SECOND_FACTOR,
    tags: ['citizens'],
    auth: 'public',
    params: CodeParamsSchema,
    query: NoQuerySchema,
    headers: SecondFactorHeadersSchema,
    body: WithdrawalBodySchema,
    response: { status: 200, description: 'Withdrawn', schema: WithdrawalResponseSchema },
    errors: [404, 409, 429, 503],
    handler: ({ params, headers, body, req }) =>
      withdrawByCitizen(deps, citizenAccess(params, headers, req), body),
  });
};
