/**
 * A state-changing form does its work once, however often it is sent (a double click, a resent form, the back
 * button): the page renders a random key into the form, and the post claims it with db/idempotency.ts in the
 * same transaction as the work. The same key and the same request again → the first answer, the work not run
 * a second time; the same key with another request → 409.
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { AuthenticatedUser } from '../app/auth/session';
import { clockOf, type AppDeps } from '../app/deps';
import { AppError } from '../app/errors';
import { reusedKeyAsConflict } from '../app/idempotency';
import { requestHash, runIdempotent } from '../db/idempotency';

const FORM_KEY = /^[0-9a-f-]{36}$/;

/** A new key for a form about to be rendered (`<input type="hidden" name="key">`). */
export function newFormKey(): string {
  return randomUUID();
}

/** The form's key from its body; a form without one was not rendered by this site (400). */
export function formKeyOf(body: unknown): string {
  const key = (body as Record<string, unknown> | undefined)?.key;
  if (typeof key !== 'string' || !FORM_KEY.test(key)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
  }
  return key;
}

/**
 * Runs `work` once per form key for this user and form. `request` is what identifies the request (never a
 * password: the key table keeps its hash); `work`'s answer is stored with the key and returned again on a
 * resend, so it holds only what the next page needs.
 */
export async function oncePerFormKey<T>(
  deps: AppDeps,
  form: { name: string; user: AuthenticatedUser; key: string; request: unknown },
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  try {
    const answer = await runIdempotent<T>(
      deps.pool,
      {
        scope: `web:${form.name}:${form.user.id}`,
        key: form.key,
        requestSha256: requestHash(form.request),
        now: clockOf(deps)(),
      },
      async (client) => ({ status: 200, body: await work(client) }),
    );
    return answer.body;
  } catch (error) {
    throw reusedKeyAsConflict(
      error,
      'Biểu mẫu này đã được gửi với nội dung khác. Vui lòng tải lại trang, kiểm tra rồi gửi lại.',
    );
  }
}
