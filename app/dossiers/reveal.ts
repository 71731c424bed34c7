/**
 * Masked by default, revealed on request, and every reveal recorded (UI.md): the officers who may see ID
 * numbers and HIV status (officer-view.ts#seesSensitiveFields) see them masked until they ask, and each ask
 * leaves a row in sensitive_reveals. Everyone else is refused.
 */
import { recordSensitiveReveal } from '../../db/sensitive-reveals';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, type AppDeps } from '../deps';
import { forbidden } from '../errors';
import { dossierInScope } from './officer';
import { seesSensitiveFields } from './officer-view';

export async function mayRevealSensitiveFields(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
): Promise<boolean> {
  return seesSensitiveFields(user, await dossierInScope(deps, user, code));
}

/** Records the reveal, or refuses it (403) for a reader who may not see these fields. */
export async function revealSensitiveFields(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
  clientAddress: string,
): Promise<void> {
  const dossier = await dossierInScope(deps, user, code);
  if (!seesSensitiveFields(user, dossier)) {
    throw forbidden('Vai trò của bạn không được xem số định danh và thông tin được bảo vệ của hồ sơ này');
  }
  await recordSensitiveReveal(deps.pool, {
    userId: user.id,
    dossierCode: dossier.code,
    clientIp: clientAddress,
    at: clockOf(deps)(),
  });
}
