/**
 * Unit scope: which administrative units a user may read and act on. Pure functions, so every route (and
 * the dossier routes built on them) applies the same rule: a commune user sees only their commune, a
 * district user their district and the communes under it, a province admin or auditor the whole province.
 * Official codes do not nest (commune 26170 does not start with its district's code), so the parent links
 * of the units table decide. Since the two-tier reform (01/07/2025) communes hang under their province; a
 * district kept for the three-tier route's history still reaches the communes that were under it (their
 * former parent), because its officers keep handling and answering for the dossiers received back then.
 */
import { levelOfUnitCode, type UnitLevel } from './roles';

export interface ScopedUser {
  readonly role: string;
  readonly unitCode: string;
}

/** Each known unit's parent (undefined for a province). */
export type UnitParents = ReadonlyMap<string, string | undefined>;

/** Communes' districts before the two-tier reform (only communes that had one). */
export type FormerParents = ReadonlyMap<string, string>;

const NO_FORMER_PARENTS: FormerParents = new Map();

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

/**
 * True when `unitCode` is the user's unit, lies under it, or (a commune) lay under it before the two-tier
 * reform. Unknown units are out of scope.
 */
export function canAccessUnit(
  user: ScopedUser,
  unitCode: string,
  units: UnitParents,
  formerParents: FormerParents = NO_FORMER_PARENTS,
): boolean {
  const scope = unitScopeOf(user);
  if (!units.has(unitCode)) return false;
  if (unitCode === scope.rootUnitCode) return true;
  if (!scope.includesDescendants) return false;
  if (ancestorsOf(unitCode, units).includes(scope.rootUnitCode)) return true;
  const formerParent = formerParents.get(unitCode);
  return formerParent !== undefined && ancestorsOf(formerParent, units).includes(scope.rootUnitCode);
}

/** Every known unit in the user's scope (for `WHERE unit_code = ANY($1)` filters). */
export function unitsInScope(
  user: ScopedUser,
  units: UnitParents,
  formerParents: FormerParents = NO_FORMER_PARENTS,
): string[] {
  return [...units.keys()].filter((code) => canAccessUnit(user, code, units, formerParents));
}

/** The province (2-digit code) a unit belongs to, following parent links. */
export function provinceOf(unitCode: string, units: UnitParents): string | undefined {
  return ancestorsOf(unitCode, units).find((code) => levelOfUnitCode(code) === 'province');
}
