/**
 * An application from the pages, with its files — a citizen's online (`/nop-ho-so`) or a walk-in received by
 * the desk clerk (`/can-bo/tiep-nhan/moi`): the dossier is received (submitDossier), its staged attachments
 * tied to it (and, online, its receipt token recorded), in one transaction claimed with the form's key
 * (db/idempotency.ts), so a double submit gives the same dossier, never a second one. One path for both
 * channels, so the files are tied and cleaned up the same way whoever received them.
 */
import { createHash } from 'node:crypto';
import { tieStagedAttachments } from '../../db/attachments';
import { IdempotencyKeyReusedError, requestHash, runIdempotent } from '../../db/idempotency';
import type { Application } from '../../domain/application';
import { discardStaged, type Staging } from '../attachments/attachments';
import { clockOf, type AppDeps } from '../deps';
import { conflict, notFound } from '../errors';
import type { Channel } from '../../workflows/dossier/types';
import { startReceivedDossier, submitDossier, type Submission } from './submission';

/** How long the receipt page opens: long enough to print it later that week, short for a shared phone. */
export const RECEIPT_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface ApplicationWithFilesInput {
  procedureId: string;
  application: Application;
  staging: Staging;
  /** What was sent (fields and files' hashes): the same key with something else is refused. */
  fingerprint: unknown;
}

export interface OnlineApplicationInput extends ApplicationWithFilesInput {
  /** The receipt page's secret token (derived by the caller from the form key, never stored in clear). */
  receiptToken: string;
  /** Where the form came from: online submissions are limited per address (submission-limits.ts). */
  clientAddress: string;
}

export interface WalkInApplicationInput extends ApplicationWithFilesInput {
  /** The desk clerk who received it (the dossier's receivedBy; the idempotency scope is theirs alone). */
  receivedBy: string;
}

export function submitOnlineApplication(
  deps: AppDeps,
  input: OnlineApplicationInput,
): Promise<{ submission: Submission; replayed: boolean }> {
  return submitWithFiles(deps, input, {
    scope: 'web application',
    channel: 'online',
    clientAddress: input.clientAddress,
  });
}

/**
 * A walk-in application typed by the desk clerk with the scanned papers: the same use case as
 * POST /api/desk/dossiers (channel walk_in, received by the clerk, so the workflow accepts it at once and
 * issues form 01). Checking that the commune is the clerk's own is the caller's (it knows the signed-in user).
 */
export function submitWalkInApplication(
  deps: AppDeps,
  input: WalkInApplicationInput,
): Promise<{ submission: Submission; replayed: boolean }> {
  return submitWithFiles(deps, input, {
    scope: `desk web ${input.receivedBy}`,
    channel: 'walk_in',
    receivedBy: input.receivedBy,
  });
}

async function submitWithFiles(
  deps: AppDeps,
  input: ApplicationWithFilesInput & { receiptToken?: string },
  how: { scope: string; channel: Channel; receivedBy?: string; clientAddress?: string },
): Promise<{ submission: Submission; replayed: boolean }> {
  const now = clockOf(deps)();
  try {
    const answer = await runIdempotent<Submission>(
      deps.pool,
      {
        scope: how.scope,
        key: input.staging.batch,
        requestSha256: requestHash(input.fingerprint),
        now,
      },
      async (client) => {
        const submission = await submitDossier(deps, client, {
          procedureId: input.procedureId,
          application: input.application,
          channel: how.channel,
          ...(how.receivedBy ? { receivedBy: how.receivedBy } : {}),
          ...(how.clientAddress ? { clientAddress: how.clientAddress } : {}),
        });
        await tieStagedAttachments(client, { ...input.staging, dossierCode: submission.code });
        if (input.receiptToken === undefined) return { status: 201, body: submission };
        await client.query(
          `INSERT INTO online_receipts (token_sha256, dossier_code, submission, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [
            sha256Hex(input.receiptToken),
            submission.code,
            JSON.stringify(submission),
            now,
            new Date(now.getTime() + RECEIPT_LIFETIME_MS),
          ],
        );
        return { status: 201, body: submission };
      },
    );
    await startReceivedDossier(deps, answer.body.code);
    // A replay's own copies of the files were never tied: they go.
    if (answer.replayed) await discardStaged(deps, input.staging.token);
    return { submission: answer.body, replayed: answer.replayed };
  } catch (error) {
    await discardStaged(deps, input.staging.token);
    if (error instanceof IdempotencyKeyReusedError) {
      throw conflict(
        'FORM_ALREADY_SENT',
        'Biểu mẫu này đã được dùng để nộp một hồ sơ. Để nộp hồ sơ khác, mở lại trang nộp hồ sơ từ trang chủ.',
      );
    }
    throw error;
  }
}

/** The receipt of an online application, by its token; 404 once expired or for any other token. */
export async function onlineReceipt(deps: AppDeps, token: string): Promise<Submission> {
  const { rows } = await deps.pool.query<{ submission: Submission }>(
    `SELECT submission FROM online_receipts WHERE token_sha256 = $1 AND expires_at > $2`,
    [sha256Hex(token), clockOf(deps)()],
  );
  if (!rows[0]) throw notFound('Không tìm thấy giấy biên nhận này, hoặc đường dẫn đã hết hạn');
  return rows[0].submission;
}
