/**
 * A citizen's online application from the pages, with its files: the dossier is received (submitDossier),
 * its staged attachments tied to it and its receipt recorded, in one transaction claimed with the form's key
 * (db/idempotency.ts), so a double submit gives the same receipt and one dossier.
 */
import { createHash } from 'node:crypto';
import { tieStagedAttachments } from '../../db/attachments';
import { IdempotencyKeyReusedError, requestHash, runIdempotent } from '../../db/idempotency';
import type { Application } from '../../domain/application';
import { discardStaged, type Staging } from '../attachments/attachments';
import { clockOf, type AppDeps } from '../deps';
import { conflict, notFound } from '../errors';
import { submitDossier, type Submission } from './submission';

/** How long the receipt page opens: long enough to print it later that week, short for a shared phone. */
export const RECEIPT_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface OnlineApplicationInput {
  procedureId: string;
  application: Application;
  staging: Staging;
  /** What was sent (fields and files' hashes): the same key with something else is refused. */
  fingerprint: unknown;
  /** The receipt page's secret token (derived by the caller from the form key, never stored in clear). */
  receiptToken: string;
}

export async function submitOnlineApplication(
  deps: AppDeps,
  input: OnlineApplicationInput,
): Promise<{ submission: Submission; replayed: boolean }> {
  const now = clockOf(deps)();
  try {
    const answer = await runIdempotent<Submission>(
      deps.pool,
      {
        scope: 'web application',
        key: input.staging.batch,
        requestSha256: requestHash(input.fingerprint),
        now,
      },
      async (client) => {
        const submission = await submitDossier(deps, client, {
          procedureId: input.procedureId,
          application: input.application,
          channel: 'online',
        });
        await tieStagedAttachments(client, { ...input.staging, dossierCode: submission.code });
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
