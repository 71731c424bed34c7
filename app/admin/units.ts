/**
 * Administrative units for admins: the tree a caller can see, one unit with what is under it, and new
 * districts and communes in the admin's province. The JSON API (api/admin/units-routes.ts) and the pages
 * (web/admin/units.ts, and the unit pickers of web/admin/users.ts) call these, so the rules live once.
 */
import { z } from 'zod';
import { inTransactionOf, type Queryable } from '../../db/queryable';
import { findUnit, insertUnit, listUnits, type AdministrativeUnit } from '../../db/units';
import { LEVEL_NAMES_VI, levelOfUnitCode, type UnitLevel } from '../auth/roles';
import type { AuthenticatedUser } from '../auth/session';
import { callerScope } from '../auth/caller-scope';
import { audit, type Actor } from '../audit';
import type { AppDeps } from '../deps';
import { conflict, notFound, validationFailed } from '../errors';
import { UnitCodeSchema, vietnameseText } from '../schemas';

export type { AdministrativeUnit } from '../../db/units';

export const CreateUnitSchema = z
  .strictObject({
    code: UnitCodeSchema,
    name: vietnameseText(200),
    /** The parent unit: a province for a district; a district (or, two-tier, a province) for a commune. */
    parentCode: UnitCodeSchema,
    placeName: vietnameseText(100).optional(),
  })
  .meta({ id: 'CreateUnitRequest' });
export type CreateUnitInput = z.output<typeof CreateUnitSchema>;

export interface UnitNode extends AdministrativeUnit {
  children: UnitNode[];
}

/** Which parent levels a unit of each level may hang under (communes under provinces: two-tier, 07/2025). */
export const PARENT_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

/** Whether a unit is in force on a legal date (it is until the day it was abolished). */
export function isUnitInForceOn(unit: Pick<AdministrativeUnit, 'abolishedOn'>, date: string): boolean {
  return unit.abolishedOn === null || date < unit.abolishedOn;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', for messages. */
function vietnameseDate(isoDate: string): string {
  return isoDate.split('-').reverse().join('/');
}

/**
 * The tree under `rootCode` by parent links. A tree rooted at a district also lists the communes that were
 * under it before the two-tier reform (their parent is now the province): they are in its officers' scope,
 * for the three-tier dossiers received back then. Only at the root, so a province's tree lists each once.
 */
export function buildTree(units: readonly AdministrativeUnit[], rootCode: string): UnitNode | undefined {
  const childrenOf = new Map<string, AdministrativeUnit[]>();
  for (const unit of units) {
    if (unit.parentCode) childrenOf.set(unit.parentCode, [...(childrenOf.get(unit.parentCode) ?? []), unit]);
  }
  const node = (
    unit: AdministrativeUnit,
    seen: Set<string>,
    former: AdministrativeUnit[] = [],
  ): UnitNode => ({
    ...unit,
    children: [...(childrenOf.get(unit.code) ?? []), ...former]
      .filter((child) => !seen.has(child.code))
      .map((child) => node(child, new Set([...seen, child.code]))),
  });
  const root = units.find((unit) => unit.code === rootCode);
  if (!root) return undefined;
  const formerChildren = units.filter(
    (unit) => unit.formerParentCode === root.code && unit.parentCode !== root.code,
  );
  return node(root, new Set([root.code]), formerChildren);
}

/** The tree rooted at the caller's own unit: a commune, a district with its communes, or the province. */
export async function unitTreeOf(deps: AppDeps, caller: AuthenticatedUser): Promise<UnitNode> {
  const root = buildTree(await listUnits(deps.pool), caller.unitCode);
  if (!root) throw notFound('Không tìm thấy đơn vị của bạn');
  return root;
}

/** One unit with the units under it, if the caller may see it. */
export async function unitSubtree(deps: AppDeps, caller: AuthenticatedUser, code: string): Promise<UnitNode> {
  const units = await listUnits(deps.pool);
  if (!units.some((unit) => unit.code === code)) throw notFound('Không tìm thấy đơn vị hành chính');
  (await callerScope(deps, caller)).assertAccess(code);
  return buildTree(units, code) as UnitNode;
}

/** The tree flattened in display order (a unit, then what is under it), with each unit's depth. */
export function flattenTree(root: UnitNode): Array<AdministrativeUnit & { depth: number }> {
  const rows: Array<AdministrativeUnit & { depth: number }> = [];
  const walk = (node: UnitNode, depth: number) => {
    const { children, ...unit } = node;
    rows.push({ ...unit, depth });
    for (const child of children) walk(child, depth + 1);
  };
  walk(root, 0);
  return rows;
}

/**
 * A district or commune in the admin's province. The level follows from the code (3 digits: district, 5:
 * commune); the parent must exist, be in scope and be one level up (a commune may hang under a province).
 * `db`: a page's idempotency-key transaction.
 */
export async function createUnit(
  deps: AppDeps,
  caller: Actor,
  input: CreateUnitInput,
  db: Queryable = deps.pool,
): Promise<AdministrativeUnit> {
  const level = levelOfUnitCode(input.code) as UnitLevel;
  const parent = await findUnit(db, input.parentCode);
  if (!parent) {
    throw validationFailed([{ path: 'body.parentCode', message: 'Không có đơn vị hành chính với mã này' }]);
  }
  (await callerScope(deps, caller)).assertAccess(parent.code);
  if (!PARENT_LEVELS[level].includes(parent.level)) {
    throw validationFailed([
      {
        path: 'body.parentCode',
        message: `Đơn vị ${LEVEL_NAMES_VI[level]} không thể trực thuộc đơn vị ${LEVEL_NAMES_VI[parent.level]}`,
      },
    ]);
  }
  if (parent.abolishedOn) {
    throw validationFailed([
      {
        path: 'body.parentCode',
        message: `${parent.name} không còn hiệu lực từ ${vietnameseDate(parent.abolishedOn)}: chọn đơn vị cấp trên đang hoạt động`,
      },
    ]);
  }
  return inTransactionOf(db, async (client) => {
    const created = await insertUnit(client, {
      code: input.code,
      name: input.name,
      level,
      parentCode: parent.code,
      placeName: input.placeName ?? null,
    });
    if (!created) throw conflict('UNIT_EXISTS', `Mã đơn vị ${input.code} đã được sử dụng`);
    await audit(client, deps, caller, {
      action: 'unit.create',
      target: { kind: 'unit', id: created.code },
      details: { parentCode: parent.code, level },
    });
    return created;
  });
}
