/**
 * POST /api/postings/:code/complaints: the point of a public posting (niêm yết công khai) is that neighbours
 * may object, so anyone may complain while it is open — no second factor, but a name and a phone number the
 * commune chairman can call back, and a limit per client address (app/dossiers/citizen.ts). The applicant's
 * own route (/api/track/:code/complaints) stays.
 */
import { filePublicComplaint } from '../../app/dossiers/citizen';
import {
  AcceptedResponseSchema,
  CodeParamsSchema,
  PublicComplaintBodySchema,
} from '../../app/dossiers/schemas';
import { clientAddressOf } from '../../http/client-address';
import type { RouteModule } from '../route-registry';

export const postingRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/postings/:code/complaints',
    summary: 'Object to a dossier during its public posting (anyone)',
    description:
      'For neighbours and anyone else who reads the public posting: no second factor, but the ' +
      'complainant’s name and phone number are required (the commune chairman answers them). Only while ' +
      'the posting is open, as the dossier’s workflow says; otherwise — and for a code that names no ' +
      'dossier, so the answer tells nothing about codes that are not posted — 409 NOT_IN_POSTING. Each ' +
      'complaint becomes a task for the commune chairman. `complaintId` makes a resend harmless. 10 ' +
      'attempts per client address per hour; past that 429 with Retry-After.',
    tags: ['citizens'],
    auth: 'public',
    params: CodeParamsSchema,
    body: PublicComplaintBodySchema,
    response: { status: 200, description: 'Filed', schema: AcceptedResponseSchema },
    errors: [409, 429, 503],
    handler: ({ params, body, req }) =>
      filePublicComplaint(deps, { code: params.code, clientAddress: clientAddressOf(req) }, body),
  });
};
