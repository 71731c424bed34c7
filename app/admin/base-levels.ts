/**
 * Base levels (mức chuẩn trợ giúp xã hội) as admins see them: the defaults merged with the levels stored from
 * later decrees, by effective date. Both the JSON API and the pages read them here.
 */
import { baseLevelRecords, type BaseLevelRecord } from '../../db/base-levels';
import { clockOf, legalToday, type AppDeps } from '../deps';

export type { BaseLevelRecord } from '../../db/base-levels';

export async function listBaseLevels(deps: AppDeps): Promise<BaseLevelRecord[]> {
  return baseLevelRecords(deps.pool);
}

/** The levels with the one applying today marked (the latest effective date not after today). */
export async function baseLevelsToday(
  deps: AppDeps,
): Promise<{ today: string; levels: Array<BaseLevelRecord & { appliesToday: boolean }> }> {
  const today = legalToday(clockOf(deps)());
  const levels = await listBaseLevels(deps);
  const current = levels.filter((level) => level.effectiveFrom <= today).at(-1);
  return { today, levels: levels.map((level) => ({ ...level, appliesToday: level === current })) };
}
