/**
 * Words for the codes the read model stores, as an officer reads them on the dossier page: outcomes (the
 * official wording), timeline events, benefit clauses of Decree 20 Art. 5, kinds of support. A code without
 * words here is shown as a neutral phrase, never as the code itself.
 */
import { ROLE_TITLES } from '../../domain/roles';

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  approve: 'Đồng ý',
  refuse: 'Từ chối',
  request_documents: 'Yêu cầu bổ sung hồ sơ',
  return: 'Trả lại bước trước',
};

/** Decree 20/2021/NĐ-CP Art. 5: who receives the monthly allowance (short forms of the clauses). */
export const CLAUSE_LABELS: Readonly<Record<string, string>> = {
  '5.1': 'Khoản 1 Điều 5 — Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng',
  '5.2': 'Khoản 2 Điều 5 — Người từ 16 đến 22 tuổi đang học, không có nguồn nuôi dưỡng',
  '5.3': 'Khoản 3 Điều 5 — Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo',
  '5.4': 'Khoản 4 Điều 5 — Người thuộc hộ nghèo không có chồng hoặc không có vợ, đang nuôi con',
  '5.5a':
    'Điểm a khoản 5 Điều 5 — Người cao tuổi thuộc hộ nghèo, không có người có nghĩa vụ và quyền phụng dưỡng',
  '5.5b': 'Điểm b khoản 5 Điều 5 — Người từ đủ 75 đến 80 tuổi thuộc hộ nghèo, hộ cận nghèo',
  '5.5c': 'Điểm c khoản 5 Điều 5 — Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội',
  '5.5d':
    'Điểm d khoản 5 Điều 5 — Người cao tuổi thuộc hộ nghèo, không có người phụng dưỡng, sống tại cộng đồng',
  '5.6': 'Khoản 6 Điều 5 — Người khuyết tật nặng, người khuyết tật đặc biệt nặng',
  '5.7': 'Khoản 7 Điều 5 — Trẻ em dưới 3 tuổi thuộc hộ nghèo, hộ cận nghèo',
  '5.8': 'Khoản 8 Điều 5 — Người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập ổn định',
};

export const SUPPORT_KINDS: Readonly<Record<string, string>> = {
  monthly: 'Trợ cấp xã hội hằng tháng',
  one_off: 'Hỗ trợ một lần',
  in_kind: 'Hỗ trợ bằng hiện vật (gạo)',
};

export const ENTITLEMENT_STATUSES: Readonly<Record<string, string>> = {
  active: 'Đang hưởng',
  paid: 'Đã chi trả',
  suspended: 'Tạm dừng hưởng',
  terminated: 'Đã thôi hưởng',
};

export function roleTitle(role: string): string {
  return (ROLE_TITLES as Readonly<Record<string, string>>)[role] ?? 'Cán bộ';
}

/** A qualification of the application ({ clause, … } or the officer view's hidden entry) in words. */
export function qualificationText(qualification: unknown): string {
  if (typeof qualification !== 'object' || qualification === null) return '';
  const { clause, label, childrenRaised, severity } = qualification as Record<string, unknown>;
  if (typeof label === 'string') return label;
  let text = (typeof clause === 'string' && CLAUSE_LABELS[clause]) || 'Diện đối tượng khác';
  if (typeof childrenRaised === 'number') text += ` (đang nuôi ${childrenRaised} con)`;
  if (severity === 'severe') text += ' (mức độ nặng)';
  if (severity === 'particularly_severe') text += ' (mức độ đặc biệt nặng)';
  return text;
}

/** A clause of a decision ('hidden' for readers who may not know a protected category). */
export function clauseText(clause: string): string {
  if (clause === 'hidden') return 'Thuộc diện trợ giúp xã hội (thông tin được bảo vệ)';
  return CLAUSE_LABELS[clause] ?? 'Diện đối tượng khác';
}

/** 'YYYY-MM' → 'tháng MM/YYYY'. */
export function monthText(month: unknown): string {
  if (typeof month !== 'string') return '';
  const match = /^(\d{4})-(\d{2})/.exec(month);
  return match ? `tháng ${match[2]}/${match[1]}` : '';
}
