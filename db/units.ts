/** Administrative units (tỉnh, huyện, xã) and their parent links. */
import type { Queryable } from './queryable';

export type UnitLevelName = 'province' | 'district' | 'commune';

export interface AdministrativeUnit {
  code: string;
  name: string;
  level: UnitLevelName;
  parentCode: string | null;
  placeName: string | null;
  createdAt: string;
}

interface UnitRow {
  code: string;
  name: string;
  level: UnitLevelName;
  parent_code: string | null;
  place_name: string | null;
  created_at: Date;
}

function toUnit(row: UnitRow): AdministrativeUnit {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    placeName: row.place_name,
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
  const { rows } = await db.query<{ code: string; parent_code: string | null }>(
    'SELECT code, parent_code FROM administrative_units',
  );
  return new Map(rows.map((row) => [row.code, row.parent_code ?? undefined]));
}

export interface NewUnit {
  code: string;
  name: string;
  level: UnitLevelName;
  parentCode: string | null;
  placeName: string | null;
}

/** Inserts a unit; returns undefined when the code is already taken (the caller answers 409). */
export async function insertUnit(db: Queryable, unit: NewUnit): Promise<AdministrativeUnit | undefined> {
  const { rows } = await db.query<UnitRow>(
    `INSERT INTO administrative_units (code, name, level, parent_code, place_name)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING *`,
    [unit.code, unit.name, unit.level, unit.parentCode, unit.placeName],
  );
  return rows[0] ? toUnit(rows[0]) : undefined;
}
