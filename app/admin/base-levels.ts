/**
 * Base levels (mức chuẩn trợ giúp xã hội) as admins see them: the defaults merged with the levels stored from
 * later decrees, by effective date; and adding a level from a new decree. Both the JSON API
 * (`POST /api/admin/base-levels`) and the admin page (`/quan-tri/muc-chuan`) add through `addBaseLevel`, with
 * `NewBaseLevelSchema`, so the rules live once.
 */
import { inTransactionOf } from '../../db/queryable';
import { audit, type Actor } from '../audit';
import { z } from 'zod';
import { baseLevelRecords, insertBaseLevel, type BaseLevelRecord } from '../../db/base-levels';
import type { Queryable } from '../../db/queryable';
import { clockOf, legalToday, type AppDeps } from '../deps';
import { conflict } from '../errors';
import { isInForceOn } from '../../domain/effective-period';
import { IsoDateSchema, vietnameseText } from '../schemas';
import { parseRequestPart } from '../validation';

export type { BaseLevelRecord } from '../../db/base-levels';

export const NewBaseLevelSchema = z
  .strictObject({
    effectiveFrom: IsoDateSchema,
    amount: z
      .number({ error: 'Phải là số' })
      .int({ error: 'Mức chuẩn phải là số nguyên (đồng)' })
      .positive({ error: 'Mức chuẩn phải lớn hơn 0' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'Mức chuẩn quá lớn' }),
    legalBasis: vietnameseText(500),
    /** Last day in force, inclusive (domain/effective-period.ts); only when the decree says it ends. */
    effectiveTo: IsoDateSchema.optional(),
  })
  .refine((level) => level.effectiveTo === undefined || level.effectiveTo >= level.effectiveFrom, {
    path: ['effectiveTo'],
    error: 'Ngày hết hiệu lực không được trước ngày bắt đầu áp dụng',
  })
  .meta({ id: 'NewBaseLevel' });
export type NewBaseLevel = z.output<typeof NewBaseLevelSchema>;

export async function listBaseLevels(deps: AppDeps): Promise<BaseLevelRecord[]> {
  return baseLevelRecords(deps.pool);
}

/**
 * Stores a level from its effective date. A level on the same day as a default one replaces it; a second
 * stored level on one day is 409 BASE_LEVEL_EXISTS. The input is checked here against NewBaseLevelSchema
 * (400 VALIDATION_FAILED, `body.<field>` paths), whoever calls. `db` lets a page run it inside its
 * idempotency-key transaction.
 */
export async function addBaseLevel(
  deps: AppDeps,
  caller: Actor,
  input: NewBaseLevel,
  db: Queryable = deps.pool,
): Promise<BaseLevelRecord> {
  const level = parseRequestPart(NewBaseLevelSchema, input, 'body');
  return inTransactionOf(db, async (client) => {
    const stored = await insertBaseLevel(client, level, caller.username, clockOf(deps)());
    if (!stored) {
      const day = level.effectiveFrom.split('-').reverse().join('/');
      throw conflict('BASE_LEVEL_EXISTS', `Đã có mức chuẩn áp dụng từ ngày ${day}`);
    }
    await audit(client, deps, caller, {
      action: 'base_level.add',
      target: { kind: 'base_level', id: level.effectiveFrom },
      details: { amount: level.amount },
    });
    return stored;
  });
}

/** The levels with the one applying today marked (the latest effective date not after today). */
export async function baseLevelsToday(
  deps: AppDeps,
): Promise<{ today: string; levels: Array<BaseLevelRecord & { appliesToday: boolean }> }> {
  const today = legalToday(clockOf(deps)());
  const levels = await listBaseLevels(deps);
  const started = levels.filter((level) => level.effectiveFrom <= today).at(-1);
  // A level past its last day in force applies no more (domain/effective-period.ts).
  const current = started && isInForceOn(started, today) ? started : undefined;
  return { today, levels: levels.map((level) => ({ ...level, appliesToday: level === current })) };
}
