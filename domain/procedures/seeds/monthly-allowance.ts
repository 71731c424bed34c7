/**
 * Monthly social allowance (trợ cấp xã hội hằng tháng), Decree 20/2021 Art. 7–8: DOMAIN.md §4.1 and §4.2.
 */
import { BENEFICIARY_CLAUSES } from '../../benefit-categories';
import { THREE_TIER_DISTRICT_PAPERWORK, TWO_TIER_PAPERWORK } from '../paperwork';
import type { ProcedureDefinitionInput } from '../schema';
import {
  APPROVE,
  COMMUNE_INTAKE,
  DECREE_147_LAST_DAY,
  LEGAL_BASIS_DECREE_147,
  LEGAL_BASIS_DECREE_20,
  REFUSE_IN_WRITING,
  REQUEST_DOCUMENTS,
  communePosting,
  escalateTo,
  returnTo,
  workingDays,
} from './building-blocks';

const SCOPE = {
  clauses: [...BENEFICIARY_CLAUSES],
  applicationForms: ['1a', '1b', '1c', '1d', '1đ'],
} satisfies ProcedureDefinitionInput['categoryScope'];

const TITLE = 'Thực hiện trợ cấp xã hội hằng tháng';

const PAYMENT = {
  kind: 'monthly',
  startRule: 'beneficiary_category_rules',
  payerRole: 'payment_officer',
} as const satisfies ProcedureDefinitionInput['payment'];

/** Three tiers, 01/07/2021 – 30/06/2025 [V]: 7 + 2 (posting) + 3 + 7 + 3 = 22 working days. */
export const MONTHLY_ALLOWANCE_THREE_TIER: ProcedureDefinitionInput = {
  id: 'monthly-allowance',
  version: 1,
  title: TITLE,
  legalBasis: [LEGAL_BASIS_DECREE_20],
  effectiveFrom: '2021-07-01',
  effectiveTo: '2025-06-30',
  tier: 'three-tier',
  paperwork: THREE_TIER_DISTRICT_PAPERWORK,
  categoryScope: SCOPE,
  intake: COMMUNE_INTAKE,
  steps: [
    {
      key: 'verification',
      bulkApproval: true,
      title: 'Xét duyệt hồ sơ',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_officer' },
      deadline: workingDays(7),
      escalation: escalateTo(['commune_chairman'], 2),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS],
      documents: ['verification_minutes'],
    },
    communePosting({ upheldReturnsTo: 'verification' }),
    {
      key: 'commune_proposal',
      bulkApproval: true,
      title: 'Chủ tịch Ủy ban nhân dân cấp xã gửi văn bản đề nghị đến Phòng Lao động - Thương binh và Xã hội',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_chairman' },
      deadline: workingDays(3),
      escalation: escalateTo(['commune_chairman', 'district_officer']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('verification')],
      documents: ['proposal'],
    },
    {
      key: 'district_appraisal',
      bulkApproval: true,
      title: 'Thẩm định hồ sơ',
      kind: 'task',
      actor: { level: 'district', role: 'district_officer' },
      deadline: workingDays(7),
      escalation: escalateTo(['district_chairman'], 2),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS, returnTo('verification')],
      documents: ['appraisal_report'],
    },
    {
      key: 'district_decision',
      title: 'Chủ tịch Ủy ban nhân dân cấp huyện quyết định trợ cấp xã hội',
      kind: 'task',
      actor: { level: 'district', role: 'district_chairman' },
      deadline: workingDays(3),
      escalation: escalateTo(['district_chairman', 'district_officer']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('district_appraisal')],
      documents: ['decision_grant'],
      decides: true,
    },
  ],
  payment: PAYMENT,
};

/**
 * Two tiers, from 01/07/2025 [S]: the commune verifies (checking the National Population Database) and the
 * commune chairman decides, within 10 working days in total. Whether posting and complaints remain is [U],
 * so posting is an optional step. The split 5 + 2 + 3 keeps the route within 10 working days with the
 * posting, and leaves the slack to the officers when a unit skips it.
 */
export const MONTHLY_ALLOWANCE_TWO_TIER: ProcedureDefinitionInput = {
  id: 'monthly-allowance',
  version: 2,
  title: TITLE,
  legalBasis: [LEGAL_BASIS_DECREE_20, LEGAL_BASIS_DECREE_147],
  effectiveFrom: '2025-07-01',
  effectiveTo: DECREE_147_LAST_DAY,
  tier: 'two-tier',
  paperwork: TWO_TIER_PAPERWORK,
  categoryScope: SCOPE,
  intake: COMMUNE_INTAKE,
  steps: [
    {
      key: 'verification',
      bulkApproval: true,
      title: 'Xét duyệt hồ sơ, đối chiếu Cơ sở dữ liệu quốc gia về dân cư',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_officer' },
      deadline: workingDays(5),
      escalation: escalateTo(['commune_chairman'], 2),
      outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS],
      documents: ['verification_minutes'],
    },
    communePosting({ upheldReturnsTo: 'verification', optional: true }),
    {
      key: 'commune_decision',
      title: 'Chủ tịch Ủy ban nhân dân cấp xã quyết định trợ cấp xã hội',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_chairman' },
      deadline: workingDays(3),
      escalation: escalateTo(['commune_chairman']),
      outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('verification')],
      documents: ['decision_grant'],
      decides: true,
    },
  ],
  payment: PAYMENT,
};
