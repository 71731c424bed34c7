/**
 * Masked by default, revealed on request, and every reveal recorded (UI.md): the officers who may see ID
 * numbers and HIV status (officer-view.ts#seesSensitiveFields) see them masked until they ask, and each ask
 * leaves a row in the audit log (action `dossier.reveal_sensitive`: who, which dossier, when, from where)
 * before anything is shown; `sensitive_reveals` is a view of those rows. Everyone else is refused. The one way
 * to ask is officer.ts#officerDossier with `reveal`, which both the officer's page (the 'Hiện số định danh'
 * button) and `GET /api/dossiers/:code?reveal=sensitive` use.
 */
import type { DossierRecord } from '../../db/dossier-views';
import { audit, type Actor } from '../audit';
import type { AppDeps } from '../deps';
import { forbidden } from '../errors';
import { seesSensitiveFields } from './officer-view';
import { hasProtectedCategory } from './protected-category';

/** Records the reveal, or refuses it (403, nothing recorded) for a reader who may not see these fields. */
export async function recordReveal(deps: AppDeps, reader: Actor, dossier: DossierRecord): Promise<void> {
  if (!seesSensitiveFields(reader, dossier)) {
    throw forbidden('Vai trò của bạn không được xem số định danh và thông tin được bảo vệ của hồ sơ này');
  }
  await audit(deps.pool, deps, reader, {
    action: 'dossier.reveal_sensitive',
    target: { kind: 'dossier', id: dossier.code },
    dossierCode: dossier.code,
  });
}

/**
 * A dossier of a protected category (HIV) shown with its category to a reader allowed to see it is a read of
 * protected data: recorded before the view is returned. Readers who get the category hidden read nothing
 * protected, and nothing is recorded for them.
 */
export async function recordProtectedDossierRead(
  deps: AppDeps,
  reader: Actor,
  dossier: DossierRecord,
): Promise<void> {
  if (!hasProtectedCategory(dossier) || !seesSensitiveFields(reader, dossier)) return;
  await audit(deps.pool, deps, reader, {
    action: 'dossier.read_protected',
    target: { kind: 'dossier', id: dossier.code },
    dossierCode: dossier.code,
  });
}

/** A document of a protected dossier, served to a reader the rules let have it: recorded before it is sent. */
export async function recordProtectedDocumentRead(
  deps: AppDeps,
  reader: Actor,
  dossier: DossierRecord,
  documentId: string,
): Promise<void> {
  await recordProtectedFileRead(deps, reader, dossier, 'document', documentId);
}

/** A file the citizen or the desk attached to a protected dossier, served to a reader allowed to have it. */
export async function recordProtectedAttachmentRead(
  deps: AppDeps,
  reader: Actor,
  dossier: DossierRecord,
  attachmentId: string,
): Promise<void> {
  await recordProtectedFileRead(deps, reader, dossier, 'attachment', attachmentId);
}

async function recordProtectedFileRead(
  deps: AppDeps,
  reader: Actor,
  dossier: DossierRecord,
  kind: 'document' | 'attachment',
  id: string,
): Promise<void> {
  if (!hasProtectedCategory(dossier)) return;
  await audit(deps.pool, deps, reader, {
    action: kind === 'document' ? 'document.read_protected' : 'attachment.read_protected',
    target: { kind, id },
    dossierCode: dossier.code,
  });
}
