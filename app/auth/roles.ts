/**
 * Who may log in and at which level of government each role works. The domain's procedure roles are the
 * officers who act on dossiers; `auditor` is added here because it reads but never acts.
 */
import { z } from 'zod';
import { ROLES as PROCEDURE_ROLES } from '../../domain/procedures';

export const USER_ROLES = [...PROCEDURE_ROLES, 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const UserRoleSchema = z.enum(USER_ROLES).meta({ id: 'UserRole' });

export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * The levels a role may be bound to. The payment officer works for the body that pays: the district labour
 * office under the three-tier route, the commune after 07/2025 when districts no longer exist.
 */
export const ROLE_LEVELS: Readonly<Record<UserRole, readonly UnitLevel[]>> = {
  intake_clerk: ['commune'],
  commune_officer: ['commune'],
  commune_chairman: ['commune'],
  district_officer: ['district'],
  district_chairman: ['district'],
  payment_officer: ['district', 'commune'],
  admin: ['province'],
  auditor: ['province'],
};

export const LEVEL_NAMES_VI: Readonly<Record<UnitLevel, string>> = {
  province: 'cấp tỉnh',
  district: 'cấp huyện',
  commune: 'cấp xã',
};

/** Official unit codes: 2 digits for a province, 3 for a district, 5 for a commune. */
export function levelOfUnitCode(code: string): UnitLevel | undefined {
  if (/^\d{2}$/.test(code)) return 'province';
  if (/^\d{3}$/.test(code)) return 'district';
  if (/^\d{5}$/.test(code)) return 'commune';
  return undefined;
}

export function roleFitsLevel(role: UserRole, level: UnitLevel): boolean {
  return ROLE_LEVELS[role].includes(level);
}
