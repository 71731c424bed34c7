/**
 * Unit scope: which administrative units a user may read and act on. Pure functions, so every route (and
 * the dossier routes built on them) applies the same rule: a commune user sees only their commune, a
 * district user their district and the communes under it, a province admin or auditor the whole province.
 * Official codes do not nest (commune 26170 does not start with its district's code), so the parent links
 * of the units table decide.
 */
import { levelOfUnitCode, type UnitLevel } from './roles';

export interface ScopedUser {
  readonly role: string;
  readonly unitCode: string;
}

/** Each known unit's parent (undefined for a province). */
export type UnitParents = ReadonlyMap<string, string | undefined>;

export interface UnitScope {
  /** The unit the user is bound to: everything under it (and it) is in scope. */
  readonly rootUnitCode: string;
  readonly level: UnitLevel;
  /** Whether units below the root are in scope (false for a commune, which has none). */
  readonly includesDescendants: boolean;
}

export function unitScopeOf(user: ScopedUser): UnitScope {
  const level = levelOfUnitCode(user.unitCode);
  if (!level) throw new Error(`user bound to a malformed unit code "${user.unitCode}"`);
  return { rootUnitCode: user.unitCode, level, includesDescendants: level !== 'commune' };
}

/** The chain unit → parent → … → province, stopping on an unknown unit or a loop. */
export function ancestorsOf(unitCode: string, units: UnitParents): string[] {
  const chain: string[] = [];
  let current: string | undefined = unitCode;
  while (current !== undefined && units.has(current) && !chain.includes(current)) {
    chain.push(current);
    current = units.get(current);
  }
  return chain;
}

/** True when `unitCode` is the user's unit or lies under it. Unknown units are out of scope. */
export function canAccessUnit(user: ScopedUser, unitCode: string, units: UnitParents): boolean {
  const scope = unitScopeOf(user);
  if (unitCode === scope.rootUnitCode) return units.has(unitCode);
  if (!scope.includesDescendants) return false;
  return ancestorsOf(unitCode, units).includes(scope.rootUnitCode);
}

/** Every known unit in the user's scope (for `WHERE unit_code = ANY($1)` filters). */
export function unitsInScope(user: ScopedUser, units: UnitParents): string[] {
  return [...units.keys()].filter((code) => canAccessUnit(user, code, units));
}

/** The province (2-digit code) a unit belongs to, following parent links. */
export function provinceOf(unitCode: string, units: UnitParents): string | undefined {
  return ancestorsOf(unitCode, units).find((code) => levelOfUnitCode(code) === 'province');
}
