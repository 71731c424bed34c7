/** Warnings for admins: reference data in force that ends within 60 days with no successor (app/admin/warnings.ts). */
import { z } from 'zod';
import { expiryWarnings } from '../../app/admin/warnings';
import type { RouteModule } from '../route-registry';

const WarningSchema = z
  .object({
    kind: z.enum(['procedure_version_ending', 'procedure_ended', 'base_level_ending']),
    procedureId: z.string().optional(),
    version: z.number().int().optional(),
    title: z.string().optional(),
    effectiveFrom: z.string().optional(),
    effectiveTo: z.string().meta({ description: 'Last day in force, inclusive' }),
    daysLeft: z
      .number()
      .int()
      .meta({ description: 'Calendar days from today to effectiveTo (negative once it has passed)' }),
    message: z.string().meta({ description: 'Vietnamese, for the admin' }),
  })
  .meta({ id: 'ExpiryWarning' });

export const warningRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/warnings',
    summary: 'Reference data ending within 60 days with no successor',
    description:
      'A procedure version in force today whose effectiveTo (last day, inclusive) is at most 60 days away ' +
      'and that no other version follows (dossiers would be refused from the next day); a procedure whose ' +
      'every version has already ended (dossiers are being refused); and likewise base levels. Empty when ' +
      'nothing needs doing.',
    tags: ['admin: warnings'],
    auth: ['admin'],
    response: {
      status: 200,
      description: 'Warnings, soonest first',
      schema: z.object({ today: z.string(), warnings: z.array(WarningSchema) }),
    },
    handler: () => expiryWarnings(deps),
  });
};
