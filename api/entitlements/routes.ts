/**
 * Changes to a monthly entitlement, started by the commune officer (app/entitlements/changes.ts): each route
 * receives a change dossier that runs on the dossier workflow (verification, the chairman's decision) and
 * answers its code. The entitlement is named by the code of the dossier that granted it (or last moved it).
 */
import type { z } from 'zod';
import { startEntitlementChange } from '../../app/entitlements/changes';
import {
  AdjustmentBodySchema,
  ChangeStartedSchema,
  EntitlementCodeParamsSchema,
  RelocationBodySchema,
  TerminationBodySchema,
} from '../../app/entitlements/schemas';
import type { RouteModule } from '../route-registry';

const REFUSALS =
  ' 403 outside the officer’s commune or role; 404 no monthly entitlement under this code; 409 ' +
  'ENTITLEMENT_ENDED (already terminated or moved), ENTITLEMENT_NOT_MONTHLY, CHANGE_IN_PROGRESS (another ' +
  'change dossier of this entitlement is still being decided); 400 VALIDATION_FAILED with the fields at fault.';

export const entitlementRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/terminations',
    summary: 'Start a termination (thôi hưởng) of a monthly allowance',
    description:
      'Death, loss of eligibility, imprisonment, refusal, or 3 months after an unremedied suspension (409 ' +
      'ENTITLEMENT_NOT_SUSPENDED when the entitlement is not suspended). Once the commune chairman decides, ' +
      'the entitlement ends on the event date: its month is the last paid.' +
      REFUSALS,
    tags: ['entitlements'],
    auth: ['commune_officer'],
    params: EntitlementCodeParamsSchema,
    body: TerminationBodySchema,
    response: { status: 201, description: 'Change dossier received', schema: ChangeStartedSchema },
    errors: [403, 404, 409],
    handler: ({ params, body, auth }) =>
      startEntitlementChange(deps, auth.user, params.code, {
        kind: 'termination',
        ...withoutUndefined(body),
      }),
  });

  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/adjustments',
    summary: 'Start an adjustment (điều chỉnh mức) of a monthly allowance',
    description:
      'A new monthly amount from a month (not before the first month paid, not the amount already in force ' +
      'then). Once decided, payrolls pay it from that month.' +
      REFUSALS,
    tags: ['entitlements'],
    auth: ['commune_officer'],
    params: EntitlementCodeParamsSchema,
    body: AdjustmentBodySchema,
    response: { status: 201, description: 'Change dossier received', schema: ChangeStartedSchema },
    errors: [403, 404, 409],
    handler: ({ params, body, auth }) =>
      startEntitlementChange(deps, auth.user, params.code, { kind: 'adjustment', ...body }),
  });

  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/relocations',
    summary: 'Start a relocation (chuyển nơi hưởng) of a monthly allowance to another commune',
    description:
      'Once decided, the entitlement ends at the relocation date (that month is the last paid here) and a new ' +
      'entitlement, keyed by the change dossier’s code and naming the old one in continuesFrom, is paid by the ' +
      'new commune from the month after. 400 RELOCATION_SAME_COMMUNE for a move within the commune.' +
      REFUSALS,
    tags: ['entitlements'],
    auth: ['commune_officer'],
    params: EntitlementCodeParamsSchema,
    body: RelocationBodySchema,
    response: { status: 201, description: 'Change dossier received', schema: ChangeStartedSchema },
    errors: [403, 404, 409],
    handler: ({ params, body, auth }) =>
      startEntitlementChange(deps, auth.user, params.code, { kind: 'relocation', ...withoutUndefined(body) }),
  });
};

/** Optional fields left out rather than undefined (exactOptionalPropertyTypes). */
function withoutUndefined<
  T extends z.infer<typeof TerminationBodySchema> | z.infer<typeof RelocationBodySchema>,
>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as T;
}
