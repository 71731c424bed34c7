/** Base levels (mức chuẩn trợ giúp xã hội): the merged table and adding a level from a new decree. */
import { z } from 'zod';
import { insertBaseLevel } from '../../db/base-levels';
import { listBaseLevels } from '../../app/admin/base-levels';
import { conflict } from '../../app/errors';
import type { RouteModule } from '../route-registry';
import { IsoDateSchema, vietnameseText } from '../../app/schemas';

const BaseLevelSchema = z
  .object({
    effectiveFrom: z.string(),
    amount: z.number().int().meta({ description: 'VND per month' }),
    legalBasis: z.string(),
    source: z.enum(['default', 'stored']),
    createdAt: z.iso.datetime().optional(),
    createdBy: z.string().optional(),
  })
  .meta({ id: 'BaseLevel' });

const NewBaseLevelSchema = z
  .strictObject({
    effectiveFrom: IsoDateSchema,
    amount: z
      .number({ error: 'Phải là số' })
      .int({ error: 'Mức chuẩn phải là số nguyên (đồng)' })
      .positive({ error: 'Mức chuẩn phải lớn hơn 0' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'Mức chuẩn quá lớn' }),
    legalBasis: vietnameseText(500),
  })
  .meta({ id: 'NewBaseLevel' });

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
    handler: async ({ body, auth }) => {
      const stored = await insertBaseLevel(deps.pool, body, auth.user.username);
      if (!stored) {
        throw conflict('BASE_LEVEL_EXISTS', `Đã có mức chuẩn áp dụng từ ngày ${body.effectiveFrom}`);
      }
      return stored;
    },
  });
};
