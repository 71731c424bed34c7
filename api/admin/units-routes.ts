/** Administrative units: the tree the caller can see, one unit, and (admins) new districts and communes. */
import { z } from 'zod';
import { findUnit, insertUnit, listUnits, type AdministrativeUnit } from '../../db/units';
import { LEVEL_NAMES_VI, levelOfUnitCode, type UnitLevel } from '../../app/auth/roles';
import { conflict, notFound, validationFailed } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { UnitCodeSchema, vietnameseText } from '../../app/schemas';
import { callerScope } from '../../app/auth/caller-scope';

const UnitLevelSchema = z.enum(['province', 'district', 'commune']);

const UnitSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: UnitLevelSchema,
    parentCode: z.string().nullable(),
    placeName: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AdministrativeUnit' });

interface UnitNode extends AdministrativeUnit {
  children: UnitNode[];
}
const UnitNodeSchema: z.ZodType<UnitNode> = UnitSchema.extend({
  get children() {
    return z.array(UnitNodeSchema);
  },
}).meta({ id: 'AdministrativeUnitNode' });

const CreateUnitSchema = z
  .strictObject({
    code: UnitCodeSchema,
    name: vietnameseText(200),
    /** The parent unit: a province for a district; a district (or, two-tier, a province) for a commune. */
    parentCode: UnitCodeSchema,
    placeName: vietnameseText(100).optional(),
  })
  .meta({ id: 'CreateUnitRequest' });

/** Which parent levels a unit of each level may hang under (communes under provinces: two-tier, 07/2025). */
const PARENT_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

function buildTree(units: readonly AdministrativeUnit[], rootCode: string): UnitNode | undefined {
  const childrenOf = new Map<string, AdministrativeUnit[]>();
  for (const unit of units) {
    if (unit.parentCode) childrenOf.set(unit.parentCode, [...(childrenOf.get(unit.parentCode) ?? []), unit]);
  }
  const node = (unit: AdministrativeUnit, seen: Set<string>): UnitNode => ({
    ...unit,
    children: (childrenOf.get(unit.code) ?? [])
      .filter((child) => !seen.has(child.code))
      .map((child) => node(child, new Set([...seen, child.code]))),
  });
  const root = units.find((unit) => unit.code === rootCode);
  return root ? node(root, new Set([root.code])) : undefined;
}

export const unitRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/units',
    summary: 'Administrative units in the caller’s scope, as a tree',
    description:
      'The tree rooted at the caller’s own unit: a commune, a district with its communes, or the province.',
    tags: ['admin: units'],
    auth: 'authenticated',
    response: {
      status: 200,
      description: 'The caller’s unit and everything under it',
      schema: z.object({ root: UnitNodeSchema }),
    },
    handler: async ({ auth }) => {
      const root = buildTree(await listUnits(deps.pool), auth.user.unitCode);
      if (!root) throw notFound('Không tìm thấy đơn vị của bạn');
      return { root };
    },
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
    handler: async ({ params, auth }) => {
      const units = await listUnits(deps.pool);
      if (!units.some((unit) => unit.code === params.code))
        throw notFound('Không tìm thấy đơn vị hành chính');
      (await callerScope(deps, auth.user)).assertAccess(params.code);
      return buildTree(units, params.code) as UnitNode;
    },
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
    handler: async ({ body, auth }) => {
      const level = levelOfUnitCode(body.code) as UnitLevel;
      const parent = await findUnit(deps.pool, body.parentCode);
      if (!parent) {
        throw validationFailed([
          { path: 'body.parentCode', message: 'Không có đơn vị hành chính với mã này' },
        ]);
      }
      (await callerScope(deps, auth.user)).assertAccess(parent.code);
      if (!PARENT_LEVELS[level].includes(parent.level)) {
        throw validationFailed([
          {
            path: 'body.parentCode',
            message: `Đơn vị ${LEVEL_NAMES_VI[level]} không thể trực thuộc đơn vị ${LEVEL_NAMES_VI[parent.level]}`,
          },
        ]);
      }
      const created = await insertUnit(deps.pool, {
        code: body.code,
        name: body.name,
        level,
        parentCode: parent.code,
        placeName: body.placeName ?? null,
      });
      if (!created) throw conflict('UNIT_EXISTS', `Mã đơn vị ${body.code} đã được sử dụng`);
      return created;
    },
  });
};
