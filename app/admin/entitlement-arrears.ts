/**
 * Arrears owed on monthly entitlements after a base level was confirmed late (stored by
 * app/admin/reference-proposals.ts when it confirms a base level): per entitlement and month, with the amount
 * before and after, for the entitlements of the caller's units. The payments issue pays them; this only shows.
 */
import { listArrears, type ArrearsSummary, type EntitlementArrears } from '../../db/entitlement-arrears';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';

export type { ArrearsSummary, EntitlementArrears } from '../../db/entitlement-arrears';

export async function entitlementArrears(
  deps: AppDeps,
  caller: AuthenticatedUser,
  filter: { proposalId?: number; dossierCode?: string },
): Promise<{ summary: ArrearsSummary; entitlements: EntitlementArrears[] }> {
  const scope = await callerScope(deps, caller);
  return listArrears(deps.pool, { ...filter, communeCodes: scope.unitCodes() });
}
