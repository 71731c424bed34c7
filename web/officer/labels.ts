/**
 * Words for the codes the read model stores, as an officer reads them on the dossier page: outcomes (the
 * official wording), timeline events, benefit clauses of Decree 20 Art. 5, kinds of support. A code without
 * words here is shown as a neutral phrase, never as the code itself.
 */
import { DEFAULT_BENEFICIARY_CATEGORIES } from '../../domain/benefit-categories';
import { ROLE_TITLES } from '../../domain/roles';

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  approve: 'Đồng ý',
  refuse: 'Từ chối',
  request_documents: 'Yêu cầu bổ sung hồ sơ',
  return: 'Trả lại bước trước',
};

/**
 * The online completeness check's outcomes in the desk's own words: accepting issues form 01, asking for
 * completion form 02, refusing form 03 (Decree 61/2018, Circular 01/2018): the clerk picks by the paper that
 * goes to the citizen, and 'Đồng ý' would not say that accepting starts the legal deadline.
 */
const INTAKE_CHECK_OUTCOME_LABELS: Readonly<Record<string, string>> = {
  approve: 'Tiếp nhận',
  request_documents: 'Yêu cầu bổ sung hồ sơ (mẫu 02)',
  refuse: 'Từ chối tiếp nhận (mẫu 03)',
};

/** An outcome in words for the task's step (the intake check has its own). */
export function outcomeLabel(stepKey: string, outcome: string): string {
  const words = stepKey === 'intake_check' ? INTAKE_CHECK_OUTCOME_LABELS[outcome] : undefined;
  return words ?? OUTCOME_LABELS[outcome] ?? 'Kết quả khác';
}

/** 'Khoản 1 Điều 5', 'Điểm a khoản 5 Điều 5' — the reference of a clause of Decree 20/2021/NĐ-CP Art. 5. */
function clauseReference(clause: string): string {
  const [, point] = /^5\.\d([a-d])$/.exec(clause) ?? [];
  const number = clause.slice(2, 3);
  return point ? `Điểm ${point} khoản ${number} Điều 5` : `Khoản ${number} Điều 5`;
}

/** Decree 20/2021/NĐ-CP Art. 5: each clause's reference and its title from the domain's category data. */
export const CLAUSE_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  DEFAULT_BENEFICIARY_CATEGORIES.map((category) => [
    category.clause,
    `${clauseReference(category.clause)} — ${category.title_vi}`,
  ]),
);

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
