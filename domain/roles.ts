/**
 * Officer roles: where each sits and what it is called on papers and screens. Tasks and notifications are
 * addressed to a role at a unit; the unit follows from the role's level and the dossier's commune/district.
 */
import type { AdministrativeLevel, Role } from './procedures';

export const ROLE_TITLES: Record<Role | 'auditor', string> = {
  intake_clerk: 'Bộ phận Một cửa cấp xã',
  commune_officer: 'Công chức phụ trách lao động - thương binh và xã hội cấp xã',
  commune_chairman: 'Chủ tịch Ủy ban nhân dân cấp xã',
  district_officer: 'Phòng Lao động - Thương binh và Xã hội cấp huyện',
  district_chairman: 'Chủ tịch Ủy ban nhân dân cấp huyện',
  payment_officer: 'Tổ chức dịch vụ chi trả',
  admin: 'Quản trị hệ thống',
  auditor: 'Thanh tra, kiểm tra',
};

export function levelOfRole(role: Role | 'auditor'): AdministrativeLevel {
  if (role.startsWith('commune_') || role === 'intake_clerk') return 'commune';
  if (role.startsWith('district_') || role === 'payment_officer') return 'district';
  return 'province';
}

export interface DossierUnits {
  communeCode: string;
  districtCode?: string;
  provinceCode: string;
}

/**
 * The unit that acts at a level for a dossier. Under the two-tier government (from 07/2025) there is no
 * district: district-level work of older routes falls to the commune.
 */
export function unitAt(level: AdministrativeLevel, units: DossierUnits): string {
  if (level === 'commune') return units.communeCode;
  if (level === 'district') return units.districtCode ?? units.communeCode;
  return units.provinceCode;
}
