/**
 * Funeral support (hỗ trợ chi phí mai táng), Decree 20/2021 Art. 11: DOMAIN.md §4.3. One-off payment of at
 * least 20 × base level; the amount itself is set in the decision.
 */
import { THREE_TIER_DISTRICT_PAPERWORK, TWO_TIER_PAPERWORK } from '../paperwork';
import type { ProcedureDefinitionInput } from '../schema';
import {
  APPROVE,
  COMMUNE_INTAKE,
  DECREE_147_LAST_DAY,
  LEGAL_BASIS_DECREE_147,
  decree20Article,
  REFUSE_IN_WRITING,
  REQUEST_DOCUMENTS,
  escalateTo,
  returnTo,
  workingDays,
} from './building-blocks';

const TITLE = 'Hỗ trợ chi phí mai táng';
const PAYMENT = {
  kind: 'one_off',
  startRule: 'decision_month',
  payerRole: 'payment_officer',
} as const satisfies ProcedureDefinitionInput['payment'];

/**
 * Three tiers [V]: commune sends within 2 working days, the district office appraises within 3. The district
 * chairman's own time is not in DOMAIN.md: 2 working days is a placeholder [U] for an admin to confirm.
 */
export const FUNERAL_SUPPORT_THREE_TIER: ProcedureDefinitionInput = {
  id: 'funeral-support',
  version: 1,
  title: TITLE,
  legalBasis: [decree20Article(11)],
  effectiveFrom: '2021-07-01',
  effectiveTo: '2025-06-30',
  tier: 'three-tier',
  paperwork: THREE_TIER_DISTRICT_PAPERWORK,
  intake: COMMUNE_INTAKE,
  steps: [
    {
      key: 'commune_proposal',
      bulkApproval: true,
      title:
        'Xem xét hồ sơ, Ủy ban nhân dân cấp xã gửi văn bản đề nghị đến Phòng Lao động - Thương binh và Xã hội',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_officer' },
      deadline: workingDays(2),
      escalation: escalateTo(['commune_chairman']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS],
      documents: ['proposal'],
    },
    {
      key: 'district_appraisal',
      bulkApproval: true,
      title: 'Thẩm định hồ sơ, trình Chủ tịch Ủy ban nhân dân cấp huyện',
      kind: 'task',
      actor: { level: 'district', role: 'district_officer' },
      deadline: workingDays(3),
      escalation: escalateTo(['district_chairman']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS, returnTo('commune_proposal')],
      documents: ['appraisal_report'],
    },
    {
      key: 'district_decision',
      title: 'Chủ tịch Ủy ban nhân dân cấp huyện quyết định hỗ trợ chi phí mai táng',
      kind: 'task',
      actor: { level: 'district', role: 'district_chairman' },
      deadline: workingDays(2),
      escalation: escalateTo(['district_chairman', 'district_officer']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('district_appraisal')],
      documents: ['decision_grant'],
      decides: true,
    },
  ],
  payment: PAYMENT,
};

/** Two tiers [S]: the commune decides within 3 working days (split 2 to verify, 1 to sign). */
export const FUNERAL_SUPPORT_TWO_TIER: ProcedureDefinitionInput = {
  id: 'funeral-support',
  version: 2,
  title: TITLE,
  legalBasis: [decree20Article(11), LEGAL_BASIS_DECREE_147],
  effectiveFrom: '2025-07-01',
  effectiveTo: DECREE_147_LAST_DAY,
  tier: 'two-tier',
  paperwork: TWO_TIER_PAPERWORK,
  intake: COMMUNE_INTAKE,
  steps: [
    {
      key: 'verification',
      bulkApproval: true,
      title: 'Xem xét hồ sơ, trình Chủ tịch Ủy ban nhân dân cấp xã',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_officer' },
      deadline: workingDays(2),
      escalation: escalateTo(['commune_chairman']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS],
      documents: [],
    },
    {
      key: 'commune_decision',
      title: 'Chủ tịch Ủy ban nhân dân cấp xã quyết định hỗ trợ chi phí mai táng',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_chairman' },
      deadline: workingDays(1),
      escalation: escalateTo(['commune_chairman']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('verification')],
      documents: ['decision_grant'],
      decides: true,
    },
  ],
  payment: PAYMENT,
};
