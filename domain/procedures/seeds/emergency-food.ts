/**
 * Emergency food support (hỗ trợ lương thực), Decree 20/2021 Art. 12: DOMAIN.md §4.3. 15 kg of rice per
 * person per month, given in kind; the commune chairman decides urgent cases within 2 calendar days.
 * The commune decides under both regimes, so the two versions share one route; they differ only in the
 * administrative era they belong to (and its legal basis).
 */
import { THREE_TIER_COMMUNE_PAPERWORK, TWO_TIER_PAPERWORK } from '../paperwork';
import type { ProcedureDefinitionInput } from '../schema';
import {
  APPROVE,
  COMMUNE_INTAKE,
  DECREE_147_LAST_DAY,
  LEGAL_BASIS_DECREE_147,
  decree20Article,
  REFUSE_IN_WRITING,
  calendarDays,
  escalateUrgentlyTo,
} from './building-blocks';

const ROUTE = {
  title: 'Hỗ trợ lương thực khẩn cấp',
  intake: COMMUNE_INTAKE,
  steps: [
    {
      key: 'commune_decision',
      title: 'Chủ tịch Ủy ban nhân dân cấp xã quyết định hỗ trợ lương thực',
      kind: 'task',
      actor: { level: 'commune', role: 'commune_chairman' },
      deadline: calendarDays(2),
      escalation: escalateUrgentlyTo(['commune_chairman', 'commune_officer']),
      outcomes: [APPROVE, REFUSE_IN_WRITING],
      documents: ['decision_grant'],
      decides: true,
    },
  ],
  payment: { kind: 'in_kind', startRule: 'decision_month', payerRole: 'commune_officer' },
} as const satisfies Partial<ProcedureDefinitionInput>;

export const EMERGENCY_FOOD_THREE_TIER: ProcedureDefinitionInput = {
  ...ROUTE,
  steps: [...ROUTE.steps],
  id: 'emergency-food',
  version: 1,
  legalBasis: [decree20Article(12)],
  effectiveFrom: '2021-07-01',
  effectiveTo: '2025-06-30',
  tier: 'three-tier',
  paperwork: THREE_TIER_COMMUNE_PAPERWORK,
};

export const EMERGENCY_FOOD_TWO_TIER: ProcedureDefinitionInput = {
  ...ROUTE,
  steps: [...ROUTE.steps],
  id: 'emergency-food',
  version: 2,
  legalBasis: [decree20Article(12), LEGAL_BASIS_DECREE_147],
  effectiveFrom: '2025-07-01',
  effectiveTo: DECREE_147_LAST_DAY,
  tier: 'two-tier',
  paperwork: TWO_TIER_PAPERWORK,
};
