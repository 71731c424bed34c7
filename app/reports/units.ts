/**
 * Report rows per administrative unit: figures counted per commune are added up to the district (three-tier
 * dossiers only) and the province, and only the units at or under the report's root unit are shown.
 */
import type { UnitKeys } from '../../db/reports';
import { levelOfUnitCode } from '../auth/roles';
import { ancestorsOf, canAccessUnit, type FormerParents, type UnitParents } from '../auth/unit-scope';

export interface UnitDirectory {
  /** The unit the report is about: the one the caller chose, or the caller's own. */
  root: string;
  parents: UnitParents;
  /** A former district's report covers the communes that were under it (unit-scope.ts). */
  formerParents: FormerParents;
  names: ReadonlyMap<string, string>;
  /** The root and every unit under it. */
  unitCodes: readonly string[];
}

export const LEVEL_ORDER = { province: 0, district: 1, commune: 2 } as const;
export type UnitLevel = keyof typeof LEVEL_ORDER;

export interface UnitRef {
  unitCode: string;
  unitName: string;
  level: UnitLevel;
  /** Sorts a province before its districts, a district before its communes. */
  sortKey: string;
}

/** The units a row of figures counts towards, from the province down, limited to the report's root. */
export function unitsOf(keys: UnitKeys, directory: UnitDirectory): UnitRef[] {
  const chain: Array<[string, UnitLevel, string]> = [
    [keys.provinceCode, 'province', keys.provinceCode],
    ...(keys.districtCode
      ? [
          [keys.districtCode, 'district', `${keys.provinceCode}/${keys.districtCode}`] as [
            string,
            UnitLevel,
            string,
          ],
        ]
      : []),
    [keys.communeCode, 'commune', `${keys.provinceCode}/${keys.districtCode ?? '~'}/${keys.communeCode}`],
  ];
  return chain
    .filter(([code]) =>
      canAccessUnit(
        { role: 'report', unitCode: directory.root },
        code,
        directory.parents,
        directory.formerParents,
      ),
    )
    .map(([code, level, sortKey]) => ({
      unitCode: code,
      unitName: directory.names.get(code) ?? code,
      level,
      sortKey,
    }));
}

/** Unit paths compare by code point (not locale rules, which ignore the separators): parents first. */
export function byCodePath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Adds rows up per unit (and per `keyOf`, e.g. procedure or clause): `add` folds one source row into the
 * accumulator created by `start`, told which unit it adds to (a relocation within a province counts at the
 * communes, not at the province). Returns the groups sorted by unit, then key.
 */
export function rollUp<Row extends UnitKeys, Acc>(
  rows: readonly Row[],
  directory: UnitDirectory,
  keyOf: (row: Row) => string,
  start: (row: Row) => Acc,
  add: (acc: Acc, row: Row, unit: UnitRef) => void,
): Array<{ unit: UnitRef; key: string; acc: Acc }> {
  const groups = new Map<string, { unit: UnitRef; key: string; acc: Acc }>();
  // Thousands of rows share a few hundred communes: each one's chain of units is worked out once.
  const chains = new Map<string, UnitRef[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const place = `${row.provinceCode}/${row.districtCode ?? '~'}/${row.communeCode}`;
    let units = chains.get(place);
    if (!units) {
      units = unitsOf(row, directory);
      chains.set(place, units);
    }
    for (const unit of units) {
      const id = `${unit.unitCode}\u0000${key}`;
      let group = groups.get(id);
      if (!group) {
        group = { unit, key, acc: start(row) };
        groups.set(id, group);
      }
      add(group.acc, row, unit);
    }
  }
  return [...groups.values()].sort(
    (a, b) => byCodePath(a.unit.sortKey, b.unit.sortKey) || a.key.localeCompare(b.key),
  );
}

/** A unit shown on its own (a plan input of a unit with no dossiers), placed under its parents. */
export function unitRef(code: string, directory: UnitDirectory): UnitRef {
  const chain = ancestorsOf(code, directory.parents).reverse();
  const level = levelOfUnitCode(code) ?? 'commune';
  return { unitCode: code, unitName: directory.names.get(code) ?? code, level, sortKey: chain.join('/') };
}

export const UNIT_LEVEL_VI: Record<UnitLevel, string> = {
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
};
