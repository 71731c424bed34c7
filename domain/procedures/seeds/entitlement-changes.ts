/**
 * Changes to a monthly allowance already decided (DOMAIN.md §3, §4.3; issue 14): termination (thôi hưởng),
 * adjustment of the amount (điều chỉnh mức) and relocation (chuyển nơi cư trú), each a dossier on the same
 * engine. An officer starts them from the beneficiary's dossier (nobody applies online: `entitlementChange`
 * keeps them off the citizens' catalogue); the decision is the allowance-change decision.
 *
 * Two tiers only, as the monthly allowance is decided today: the commune officer verifies, the commune
 * chairman decides. DOMAIN.md gives no deadlines for termination and adjustment, so 3 + 2 working days are a
 * placeholder [U] for an admin to confirm; relocation takes the new commune's 3 working days to forward and
 * the lower end of the 3–5 appraised (§4.3), both at the commune now that there is no district. The article
 * of Decree 20 each rests on is not in DOMAIN.md: the decree is cited whole [U].
 */
import { TWO_TIER_PAPERWORK } from '../paperwork';
import type { ProcedureDefinitionInput } from '../schema';
import {
  APPROVE,
  COMMUNE_INTAKE,
  DECREE_147_LAST_DAY,
  LEGAL_BASIS_DECREE_147,
  LEGAL_BASIS_DECREE_20,
  REFUSE_IN_WRITING,
  REQUEST_DOCUMENTS,
  escalateTo,
  returnTo,
  workingDays,
} from './building-blocks';
import {
  CHANGE_KIND_TITLES,
  CHANGE_PROCEDURE_IDS,
  type EntitlementChangeKind,
} from '../../entitlement-changes';

function changeRoute(
  kind: EntitlementChangeKind,
  days: { verify: number; decide: number },
  decisionTitle: string,
): ProcedureDefinitionInput {
  return {
    id: CHANGE_PROCEDURE_IDS[kind],
    version: 1,
    title: CHANGE_KIND_TITLES[kind],
    legalBasis: [LEGAL_BASIS_DECREE_20, LEGAL_BASIS_DECREE_147],
    effectiveFrom: '2025-07-01',
    effectiveTo: DECREE_147_LAST_DAY,
    tier: 'two-tier',
    paperwork: TWO_TIER_PAPERWORK,
    entitlementChange: kind,
    intake: COMMUNE_INTAKE,
    steps: [
      {
        key: 'verification',
        title: 'Xác minh, đối chiếu Cơ sở dữ liệu quốc gia về dân cư, trình Chủ tịch Ủy ban nhân dân cấp xã',
        kind: 'task',
        actor: { level: 'commune', role: 'commune_officer' },
        deadline: workingDays(days.verify),
        escalation: escalateTo(['commune_chairman']),
        outcomes: [APPROVE, REFUSE_IN_WRITING, REQUEST_DOCUMENTS],
        documents: [],
      },
      {
        key: 'commune_decision',
        title: decisionTitle,
        kind: 'task',
        actor: { level: 'commune', role: 'commune_chairman' },
        deadline: workingDays(days.decide),
        escalation: escalateTo(['commune_chairman']),
        outcomes: [APPROVE, REFUSE_IN_WRITING, returnTo('verification')],
        documents: ['decision_grant'],
        decides: true,
      },
    ],
  };
}

export const ALLOWANCE_TERMINATION_TWO_TIER = changeRoute(
  'termination',
  { verify: 3, decide: 2 },
  'Chủ tịch Ủy ban nhân dân cấp xã quyết định thôi hưởng trợ cấp xã hội hằng tháng',
);

export const ALLOWANCE_ADJUSTMENT_TWO_TIER = changeRoute(
  'adjustment',
  { verify: 3, decide: 2 },
  'Chủ tịch Ủy ban nhân dân cấp xã quyết định điều chỉnh mức trợ cấp xã hội hằng tháng',
);

/** Received and decided by the commune the beneficiary moved to, which pays from the month after. */
export const ALLOWANCE_RELOCATION_TWO_TIER = changeRoute(
  'relocation',
  { verify: 3, decide: 3 },
  'Chủ tịch Ủy ban nhân dân cấp xã nơi cư trú mới quyết định tiếp tục hưởng trợ cấp xã hội hằng tháng',
);
