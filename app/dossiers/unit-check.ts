/**
 * The units an application names must exist and nest: the commune lies in the province, the district (when
 * given) is the commune's parent or, since the two-tier reform (01/07/2025) hung communes under their
 * province, the district the commune belonged to before (a three-tier route still sends its district steps
 * there), and a route with district-level steps has a district to send them to.
 */
import type { Application } from '../../domain/application';
import type { ProcedureDefinition } from '../../domain/procedures';
import { findUnit, loadUnitParents, type AdministrativeUnit } from '../../db/units';
import type { Queryable } from '../../db/queryable';
import { provinceOf } from '../auth/unit-scope';
import { validationFailed, type FieldError } from '../errors';

const PATH = 'body.application.unit';

export function routeHasDistrictSteps(procedure: ProcedureDefinition): boolean {
  return procedure.steps.some((step) => step.actor.level === 'district');
}

/** The commune's district: its parent, or the one it belonged to before the two-tier reform. */
export function isDistrictOf(commune: AdministrativeUnit, districtCode: string): boolean {
  return commune.parentCode === districtCode || commune.formerParentCode === districtCode;
}

export async function assertUnitsOfApplication(
  db: Queryable,
  unit: Application['unit'],
  procedure: ProcedureDefinition,
): Promise<void> {
  const errors: FieldError[] = [];
  const commune = await findUnit(db, unit.communeCode);
  if (!commune || commune.level !== 'commune') {
    throw validationFailed([
      { path: `${PATH}.communeCode`, message: `Không có xã, phường, thị trấn mã ${unit.communeCode}` },
    ]);
  }
  const parents = await loadUnitParents(db);
  if (provinceOf(commune.code, parents) !== unit.provinceCode) {
    errors.push({
      path: `${PATH}.provinceCode`,
      message: `${commune.name} không thuộc tỉnh, thành phố mã ${unit.provinceCode}`,
    });
  }
  if (unit.districtCode !== undefined && !isDistrictOf(commune, unit.districtCode)) {
    errors.push({
      path: `${PATH}.districtCode`,
      message: `${commune.name} không thuộc quận, huyện mã ${unit.districtCode}`,
    });
  }
  if (unit.districtCode === undefined && routeHasDistrictSteps(procedure)) {
    errors.push({
      path: `${PATH}.districtCode`,
      message: 'Thủ tục này có bước xử lý ở cấp huyện: cần mã quận, huyện',
    });
  }
  if (errors.length > 0) throw validationFailed(errors);
}
