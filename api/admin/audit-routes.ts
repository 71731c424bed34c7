/** The audit log for admins and auditors: rows of actors in their unit scope, newest first, filtered, paged. */
import { z } from 'zod';
import { AUDIT_READERS, AuditActionSchema, listAudit } from '../../app/audit';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { IsoDateSchema, UsernameSchema } from '../../app/schemas';
import type { RouteModule } from '../route-registry';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actor: z.object({
      userId: z.string().nullable(),
      username: z.string(),
      role: z.string(),
      unitCode: z.string(),
    }),
    action: z.string(),
    target: z.object({ kind: z.string(), id: z.string() }),
    dossierCode: z.string().nullable(),
    clientAddress: z.string(),
    details: z.record(z.string(), z.unknown()).meta({ description: 'Codes and dates; never personal data' }),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/audit',
    summary: 'Audit log: admin changes and reads of protected data, newest first',
    description:
      'Rows of actors in the caller’s unit scope. `from` and `to` are legal days (both included); ' +
      '`actor` is a username; 50 rows a page.',
    tags: ['admin: audit'],
    auth: [...AUDIT_READERS],
    query: z.strictObject({
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
      action: AuditActionSchema.optional(),
      actor: UsernameSchema.optional(),
      dossier: DossierCodeSchema.optional(),
      page: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
    response: {
      status: 200,
      description: 'One page of rows and the count of all that match',
      schema: z.object({
        entries: z.array(AuditEntrySchema),
        total: z.number().int(),
        page: z.number().int(),
        pageSize: z.number().int(),
      }),
    },
    handler: async ({ query, auth }) =>
      listAudit(deps, auth.user, {
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.dossier ? { dossierCode: query.dossier } : {}),
        ...(query.page ? { page: query.page } : {}),
      }),
  });
};
