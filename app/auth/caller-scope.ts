/** Loads the unit tree once per request and answers unit-scope questions for the caller. */
import { loadUnitLinks } from '../../db/units';
import type { AuthenticatedUser } from './session';
import { canAccessUnit, unitsInScope, type FormerParents, type UnitParents } from './unit-scope';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';

export interface CallerScope {
  parents: UnitParents;
  /** Communes' districts before the two-tier reform: part of a district's scope (unit-scope.ts). */
  formerParents: FormerParents;
  canAccess(unitCode: string): boolean;
  /** 403 unless `unitCode` is in the caller's scope. */
  assertAccess(unitCode: string, message?: string): void;
  unitCodes(): string[];
}

export async function callerScope(deps: AppDeps, user: AuthenticatedUser): Promise<CallerScope> {
  const { parents, formerParents } = await loadUnitLinks(deps.pool);
  const canAccess = (unitCode: string) => canAccessUnit(user, unitCode, parents, formerParents);
  return {
    parents,
    formerParents,
    canAccess,
    assertAccess(unitCode, message = 'Đơn vị này nằm ngoài phạm vi quản lý của bạn') {
      if (!canAccess(unitCode)) throw forbidden(message);
    },
    unitCodes: () => unitsInScope(user, parents, formerParents),
  };
}
