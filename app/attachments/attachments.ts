/**
 * Attachments as use cases: stage what a form uploaded, tie it to the dossier in the transaction that creates
 * the dossier (or records the supplement), discard it otherwise, and let officers in scope read it.
 * Citizens never read attachments back: they sent them, and a second factor is too weak a key for papers
 * that may name a disability or an illness.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  attachmentsOfDossier,
  deleteStaged,
  deleteStaleStaged,
  findAttachment,
  insertStagedAttachments,
  type AttachmentRecord,
} from '../../db/attachments';
import { findDossier } from '../../db/dossier-views';
import type { Actor } from '../audit';
import { recordProtectedAttachmentRead } from '../dossiers/reveal';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, type AppDeps } from '../deps';
import { attachmentRefusal, hidesProtectedCategory } from '../dossiers/officer-view';
import { WITHHELD_TEXT } from '../dossiers/protected-category';
import { notFound } from '../errors';
import { AttachmentNotInStoreError } from './filesystem-store';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from './limits';
import type { AttachmentMediaType } from './media-type';
import type { AttachmentStore } from './store';

export interface AttachmentsConfig {
  store: AttachmentStore;
  limits: AttachmentLimits;
}

export function attachmentsOf(deps: AppDeps): AttachmentsConfig {
  if (!deps.attachments) throw new Error('attachments are not configured (AppDeps.attachments)');
  return { store: deps.attachments.store, limits: deps.attachments.limits ?? DEFAULT_ATTACHMENT_LIMITS };
}

/** A file the store holds, with what the form says it is. */
export interface UploadedFile {
  kind: string;
  filename: string;
  mediaType: AttachmentMediaType;
  key: string;
  sha256: string;
  size: number;
}

export interface Staging {
  token: string;
  /** The form's own key: its files are tied to a dossier once, whatever the retries. */
  batch: string;
}

/** Records the files of one request as staged (committed at once, so a crash leaves rows a sweep finds). */
export async function stageUploads(
  deps: AppDeps,
  staging: Staging,
  uploadedBy: string,
  files: readonly UploadedFile[],
): Promise<void> {
  try {
    await insertStagedAttachments(
      deps.pool,
      { token: staging.token, batch: staging.batch, at: clockOf(deps)() },
      files.map((file) => ({
        id: randomUUID(),
        kind: file.kind,
        name: file.filename,
        mediaType: file.mediaType,
        size: file.size,
        sha256: file.sha256,
        storageKey: file.key,
        uploadedBy,
      })),
    );
  } catch (error) {
    await deleteObjects(
      deps,
      files.map((file) => file.key),
    );
    throw error;
  }
}

/** Removes a request's staged files that were not tied to a dossier (refused form, double submit). */
export async function discardStaged(deps: AppDeps, token: string): Promise<void> {
  await deleteObjects(deps, await deleteStaged(deps.pool, token));
}

export async function deleteObjects(deps: AppDeps, keys: readonly string[]): Promise<void> {
  const { store } = attachmentsOf(deps);
  await Promise.allSettled(keys.map((key) => store.delete(key)));
}

/** Staged files older than `maxAgeMs` (forms that never finished) go, rows and bytes. */
export async function sweepStagedAttachments(deps: AppDeps, maxAgeMs = 24 * 60 * 60 * 1000): Promise<number> {
  const keys = await deleteStaleStaged(deps.pool, new Date(clockOf(deps)().getTime() - maxAgeMs));
  await deleteObjects(deps, keys);
  return keys.length;
}

async function dossierInScope(deps: AppDeps, user: AuthenticatedUser, code: string) {
  const dossier = await findDossier(deps.pool, code);
  if (!dossier) throw notFound('Không tìm thấy hồ sơ');
  const scope = await callerScope(deps, user);
  scope.assertAccess(dossier.communeCode, 'Hồ sơ này thuộc đơn vị ngoài phạm vi quản lý của bạn');
  return dossier;
}

/** The attachments of a dossier, for officers whose unit scope covers its commune (403 otherwise). */
export async function attachmentsForOfficer(
  deps: AppDeps,
  user: AuthenticatedUser,
  code: string,
): Promise<AttachmentRecord[]> {
  const dossier = await dossierInScope(deps, user, code);
  const attachments = await attachmentsOfDossier(deps.pool, dossier.code);
  // File names and kinds are typed (and the application form's kind names the category): withheld from
  // readers who may not know it, as the files themselves are (attachmentForOfficer).
  if (!hidesProtectedCategory(user, dossier)) return attachments;
  return attachments.map((a) => ({ ...a, name: WITHHELD_TEXT, kind: WITHHELD_TEXT }));
}

/** One attachment's metadata and bytes, for an officer in scope (404 for an id of another dossier). */
export async function attachmentForOfficer(
  deps: AppDeps,
  reader: Actor,
  code: string,
  id: string,
): Promise<{ attachment: AttachmentRecord; content: Readable }> {
  const dossier = await dossierInScope(deps, reader, code);
  const attachment = await findAttachment(deps.pool, dossier.code, id);
  if (!attachment) throw notFound('Không tìm thấy tệp đính kèm');
  const refused = attachmentRefusal(reader, dossier);
  if (refused) throw refused;
  try {
    const content = await attachmentsOf(deps).store.get(attachment.storageKey);
    // A file of a protected dossier is protected data: its read is recorded before it is sent.
    await recordProtectedAttachmentRead(deps, reader, dossier, attachment.id);
    return { attachment, content };
  } catch (error) {
    if (error instanceof AttachmentNotInStoreError) throw notFound('Không tìm thấy nội dung tệp đính kèm');
    throw error;
  }
}
