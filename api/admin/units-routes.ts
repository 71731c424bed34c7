/** Administrative units: the tree the caller can see, one unit, and (admins) new districts and communes. */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import { createUnit, CreateUnitSchema, unitSubtree, unitTreeOf, type UnitNode } from '../../app/admin/units';
import type { RouteModule } from '../route-registry';
import { UnitCodeSchema } from '../../app/schemas';

const UnitLevelSchema = z.enum(['province', 'district', 'commune']);

const UnitSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: UnitLevelSchema,
    parentCode: z.string().nullable(),
    placeName: z.string().nullable(),
    abolishedOn: z.iso
      .date()
      .nullable()
      .meta({
        description:
          'First day the unit is no longer in force (districts abolished by the two-tier reform: 2025-07-01); ' +
          'null while in force. Kept because dossiers of the three-tier route point at it.',
      }),
    formerParentCode: z
      .string()
      .nullable()
      .meta({
        description:
          'The district a commune belonged to before the two-tier reform; its officers still see the ' +
          'commune for the three-tier dossiers received back then.',
      }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AdministrativeUnit' });

const UnitNodeSchema: z.ZodType<UnitNode> = UnitSchema.extend({
  get children() {
    return z.array(UnitNodeSchema);
  },
}).meta({ id: 'AdministrativeUnitNode' });

export const unitRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/units',
    summary: 'Administrative units in the caller’s scope, as a tree',
    description:
      'The tree rooted at the caller’s own unit: a commune, a district with its communes, or the province. ' +
      'Since the two-tier reform communes hang under the province; a tree rooted at a former district lists ' +
      'the communes that were under it (their `formerParentCode`), which stay in its officers’ scope.',
    tags: ['admin: units'],
    auth: 'authenticated',
    response: {
      status: 200,
      description: 'The caller’s unit and everything under it',
      schema: z.object({ root: UnitNodeSchema }),
    },
    handler: async ({ auth }) => ({ root: await unitTreeOf(deps, auth.user) }),
  });

  routes.add({
    method: 'get',
    path: '/api/admin/units/:code',
    summary: 'One administrative unit with the units under it',
    tags: ['admin: units'],
    auth: 'authenticated',
    params: z.strictObject({ code: UnitCodeSchema }),
    response: { status: 200, description: 'The unit', schema: UnitNodeSchema },
    errors: [404],
    handler: async ({ params, auth }) => unitSubtree(deps, auth.user, params.code),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/units',
    summary: 'Create a district or commune in the admin’s province',
    description:
      'The level follows from the code (3 digits: district, 5: commune). The parent must exist, be in the ' +
      'admin’s province and be one level up (a commune may hang directly under a province: two-tier).',
    tags: ['admin: units'],
    auth: ['admin'],
    body: CreateUnitSchema,
    response: { status: 201, description: 'Created', schema: UnitSchema },
    errors: [409],
    handler: async ({ body, auth, req }) => createUnit(deps, actorOf(auth.user, clientAddressOf(req)), body),
  });
};
