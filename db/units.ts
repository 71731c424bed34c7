/** Administrative units (tỉnh, huyện, xã) and their parent links. */
import type { Queryable } from './queryable';

export type UnitLevelName = 'province' | 'district' | 'commune';

export interface AdministrativeUnit {
  code: string;
  name: string;
  level: UnitLevelName;
  parentCode: string | null;
  placeName: string | null;
  /** The first day the unit is no longer in force (districts: 2025-07-01, the two-tier reform); null: in force. */
  abolishedOn: string | null;
  /** The district a commune belonged to before the two-tier reform (its three-tier dossiers went there). */
  formerParentCode: string | null;
  createdAt: string;
}

interface UnitRow {
  code: string;
  name: string;
  level: UnitLevelName;
  parent_code: string | null;
  place_name: string | null;
  abolished_on: string | null;
  former_parent_code: string | null;
  created_at: Date;
}

function toUnit(row: UnitRow): AdministrativeUnit {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    placeName: row.place_name,
    abolishedOn: row.abolished_on,
    formerParentCode: row.former_parent_code,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listUnits(db: Queryable): Promise<AdministrativeUnit[]> {
  const { rows } = await db.query<UnitRow>('SELECT * FROM administrative_units ORDER BY code');
  return rows.map(toUnit);
}

export async function findUnit(db: Queryable, code: string): Promise<AdministrativeUnit | undefined> {
  const { rows } = await db.query<UnitRow>('SELECT * FROM administrative_units WHERE code = $1', [code]);
  return rows[0] ? toUnit(rows[0]) : undefined;
}

/** code → parent code, for the unit-scope checks (small: a province has a few hundred units). */
export async function loadUnitParents(db: Queryable): Promise<Map<string, string | undefined>> {
  return (await loadUnitLinks(db)).parents;
}

export interface UnitLinks {
  /** code → parent code (undefined for a province). */
  parents: Map<string, string | undefined>;
  /** commune code → the district it belonged to before the two-tier reform (only communes that have one). */
  formerParents: Map<string, string>;
}

/** Both links of every unit, for the unit-scope checks. */
export async function loadUnitLinks(db: Queryable): Promise<UnitLinks> {
  const { rows } = await db.query<{
    code: string;
    parent_code: string | null;
    former_parent_code: string | null;
  }>('SELECT code, parent_code, former_parent_code FROM administrative_units');
  const formerParents = new Map<string, string>();
  for (const row of rows) if (row.former_parent_code) formerParents.set(row.code, row.former_parent_code);
  return { parents: new Map(rows.map((row) => [row.code, row.parent_code ?? undefined])), formerParents };
}

export interface NewUnit {
  code: string;
  name: string;
  level: UnitLevelName;
  parentCode: string | null;
  placeName: string | null;
  abolishedOn?: string | null;
  formerParentCode?: string | null;
}

/** Inserts a unit; returns undefined when the code is already taken (the caller answers 409). */
export async function insertUnit(db: Queryable, unit: NewUnit): Promise<AdministrativeUnit | undefined> {
  const { rows } = await db.query<UnitRow>(
    `INSERT INTO administrative_units (code, name, level, parent_code, place_name, abolished_on, former_parent_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING *`,
    [
      unit.code,
      unit.name,
      unit.level,
      unit.parentCode,
      unit.placeName,
      unit.abolishedOn ?? null,
      unit.formerParentCode ?? null,
    ],
  );
  return rows[0] ? toUnit(rows[0]) : undefined;
}
