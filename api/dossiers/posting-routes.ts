/**
 * POST /api/postings/:code/complaints: the point of a public posting (niêm yết công khai) is that neighbours
 * may object, so anyone may complain while it is open — no second factor, but a name and a phone number the
 * commune chairman can call back, and a limit per client address. The applicant's own route
 * (/api/track/:code/complaints) stays.
 */
import { findDossier } from '../../db/dossier-views';
import {
  lockComplaintAddress,
  recentComplaintAttempts,
  recordComplaintAttempt,
} from '../../db/public-complaint-attempts';
import { inTransaction } from '../../db/queryable';
import { fileComplaintSignal } from '../../workflows/dossier/messages';
import { clockOf, temporalClientOf, type ApiDeps } from '../deps';
import { ApiError } from '../errors';
import type { RouteModule } from '../route-registry';
import { AcceptedResponseSchema, CodeParamsSchema, PublicComplaintBodySchema } from './schemas';
import { clientAddressOf } from './second-factor';
import { notInPosting, oncePerClientId, workflowState } from './tracking-routes';
import { callWorkflow } from './workflow-errors';

export const PUBLIC_COMPLAINT_THROTTLE = { maxAttempts: 10, windowMs: 60 * 60 * 1000 };

/** Counts this attempt (committed whatever the answer), or 429 past the limit of the address. */
async function countAttempt(deps: ApiDeps, clientIp: string, code: string): Promise<void> {
  const { maxAttempts, windowMs } = deps.publicComplaintThrottle ?? PUBLIC_COMPLAINT_THROTTLE;
  const now = clockOf(deps)();
  const retryAfter = await inTransaction(deps.pool, async (client) => {
    await lockComplaintAddress(client, clientIp);
    const attempts = await recentComplaintAttempts(client, clientIp, new Date(now.getTime() - windowMs));
    if (attempts.length >= maxAttempts) {
      const freesUp = attempts[attempts.length - maxAttempts] as Date;
      return Math.max(1, Math.ceil((freesUp.getTime() + windowMs - now.getTime()) / 1000));
    }
    await recordComplaintAttempt(client, clientIp, code, now);
    return 0;
  });
  if (retryAfter > 0) {
    throw new ApiError(
      429,
      'TOO_MANY_ATTEMPTS',
      `Gửi quá nhiều khiếu nại, vui lòng thử lại sau ${Math.ceil(retryAfter / 60)} phút`,
      { headers: { 'Retry-After': String(retryAfter) } },
    );
  }
}

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
    handler: async ({ params, body, req }) => {
      await countAttempt(deps, clientAddressOf(req), params.code);
      const dossier = await findDossier(deps.pool, params.code);
      if (!dossier) throw notInPosting();
      await oncePerClientId(
        deps,
        { scope: `public complaint ${dossier.code}`, id: body.complaintId, body: req.body },
        async () => {
          const state = await workflowState(deps, dossier, notInPosting);
          // The workflow says whether its posting takes complaints (it also drops any that arrive late).
          if (!state.posting?.open) throw notInPosting();
          await callWorkflow(() =>
            temporalClientOf(deps)
              .workflow.getHandle(dossier.code)
              .signal(fileComplaintSignal, {
                complaintId: `public:${body.complaintId}`,
                // The workflow's complaint has no phone field: the chairman reads the number with the name.
                complainant: `${body.complainant} (số điện thoại ${body.phone})`,
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
