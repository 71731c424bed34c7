/**
 * Masked by default, revealed on request, and every reveal recorded (UI.md): the officers who may see ID
 * numbers and HIV status (officer-view.ts#seesSensitiveFields) see them masked until they ask, and each ask
 * leaves a row in the audit log (action `dossier.reveal_sensitive`: who, which dossier, when, from where)
 * before anything is shown; `sensitive_reveals` is a view of those rows. Everyone else is refused. The one way
 * to ask is officer.ts#officerDossier with `reveal`, which both the officer's page (the 'Hiện số định danh'
 * button) and `GET /api/dossiers/:code?reveal=sensitive` use.
 */
import type { DossierRecord } from '../../db/dossier-views';
import { actorOf, audit } from '../audit';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { seesSensitiveFields } from './officer-view';

/** Records the reveal, or refuses it (403, nothing recorded) for a reader who may not see these fields. */
export async function recordReveal(
  deps: AppDeps,
  user: AuthenticatedUser,
  dossier: DossierRecord,
  clientAddress: string,
): Promise<void> {
  if (!seesSensitiveFields(user, dossier)) {
    throw forbidden('Vai trò của bạn không được xem số định danh và thông tin được bảo vệ của hồ sơ này');
  }
  await audit(deps.pool, deps, actorOf(user, clientAddress), {
    action: 'dossier.reveal_sensitive',
    target: { kind: 'dossier', id: dossier.code },
    dossierCode: dossier.code,
  });
}
