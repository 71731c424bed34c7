/** Dossiers stuck on an error no retry cures: listed for admins in scope, and retried on request. */
import { z } from 'zod';
import { listIncidents, retryIncidentNow } from '../../app/admin/incidents';
import { actorOf } from '../../app/audit';
import { CodeParamsSchema } from '../../app/dossiers/schemas';
import { clientAddressOf } from '../../http/client-address';
import type { RouteModule } from '../route-registry';

const IncidentSchema = z
  .object({
    dossierCode: z.string(),
    procedureTitle: z.string().nullable(),
    activity: z
      .string()
      .meta({ description: 'The workflow call that fails, e.g. recordEvents, issueDecision' }),
    code: z.string().meta({ description: 'The error type, e.g. READ_MODEL_REJECTED, NO_PROCEDURE_IN_FORCE' }),
    message: z.string(),
    since: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DossierIncident' });

export const incidentRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/incidents',
    summary: 'Dossiers stuck on an error a retry cannot cure, oldest first',
    description:
      'Each workflow retries its failing call every hour by itself; this lists what is stuck so an admin ' +
      'can cure the cause and ask for a retry now. At most 500 rows.',
    tags: ['admin: incidents'],
    auth: ['admin'],
    response: {
      status: 200,
      description: 'The open incidents of dossiers in the caller’s scope',
      schema: z.object({ incidents: z.array(IncidentSchema) }),
    },
    handler: async ({ auth }) => ({
      incidents: (await listIncidents(deps, auth.user)).map(({ communeCode: _commune, ...incident }) => ({
        ...incident,
        since: incident.since.toISOString(),
        updatedAt: incident.updatedAt.toISOString(),
      })),
    }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/incidents/:code/retry',
    summary: 'Ask the dossier’s workflow to retry the failing call now',
    description:
      'Signals the workflow; the incident closes when the call succeeds (poll the list). 404 NOT_FOUND when ' +
      'the dossier has no open incident, 409 DOSSIER_CLOSED when its workflow has ended. Audited.',
    tags: ['admin: incidents'],
    auth: ['admin'],
    params: CodeParamsSchema,
    response: {
      status: 200,
      description: 'The retry was asked for',
      schema: z.object({ dossierCode: z.string(), retryRequested: z.literal(true) }),
    },
    errors: [403, 404, 409],
    handler: async ({ params, auth, req }) => {
      await retryIncidentNow(deps, actorOf(auth.user, clientAddressOf(req)), params.code);
      return { dossierCode: params.code, retryRequested: true as const };
    },
  });
};
