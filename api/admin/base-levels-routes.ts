/** Base levels (mức chuẩn trợ giúp xã hội): the merged table and adding a level from a new decree. */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import { addBaseLevel, listBaseLevels, NewBaseLevelSchema } from '../../app/admin/base-levels';
import type { RouteModule } from '../route-registry';

const BaseLevelSchema = z
  .object({
    effectiveFrom: z.string(),
    effectiveTo: z.string().optional().meta({ description: 'Last day in force, inclusive' }),
    amount: z.number().int().meta({ description: 'VND per month' }),
    legalBasis: z.string(),
    source: z.enum(['default', 'stored']),
    createdAt: z.iso.datetime().optional(),
    createdBy: z.string().optional(),
  })
  .meta({ id: 'BaseLevel' });

export const baseLevelRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/base-levels',
    summary: 'Base level table (defaults merged with stored levels), by effective date',
    tags: ['admin: base levels'],
    auth: 'authenticated',
    response: {
      status: 200,
      description: 'Levels',
      schema: z.object({ baseLevels: z.array(BaseLevelSchema) }),
    },
    handler: async () => ({ baseLevels: await listBaseLevels(deps) }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/base-levels',
    summary: 'Add a base level from its effective date',
    description:
      'A level on the same day as a default one replaces it; a second stored level on one day is 409.',
    tags: ['admin: base levels'],
    auth: ['admin'],
    body: NewBaseLevelSchema,
    response: { status: 201, description: 'Stored', schema: BaseLevelSchema },
    errors: [409],
    handler: ({ body, auth, req }) => addBaseLevel(deps, actorOf(auth.user, clientAddressOf(req)), body),
  });
};
