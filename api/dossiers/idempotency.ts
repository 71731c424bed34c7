/**
 * The Idempotency-Key header on submissions: optional, honoured when sent. The same key with the same JSON
 * body gives the first answer again (and `Idempotent-Replayed: true`); with another body, 409
 * IDEMPOTENCY_KEY_REUSED. Without a key every request is a new submission.
 */
import type { Request, Response } from 'express';
import type { PoolClient } from 'pg';
import { reusedKeyAsConflict } from '../../app/idempotency';
import { requestHash, runIdempotent } from '../../db/idempotency';
import { inTransaction } from '../../db/queryable';
import { clockOf, type AppDeps } from '../../app/deps';
import { validationFailed } from '../../app/errors';

const KEY = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw validationFailed([
      {
        path: 'headers.idempotency-key',
        message: 'Idempotency-Key gồm 1–200 ký tự ASCII in được, không có dấu cách',
      },
    ]);
  }
  return key;
}

/**
 * Runs `work` in one transaction, once per key in `scope` (the key space: the endpoint, and the user for
 * officers), and answers with what it returned the first time.
 */
export async function oncePerKey<T>(
  deps: AppDeps,
  context: { scope: string; req: Request; res: Response },
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const key = idempotencyKeyOf(context.req);
  if (key === undefined) return inTransaction(deps.pool, work);
  try {
    const answer = await runIdempotent<T>(
      deps.pool,
      { scope: context.scope, key, requestSha256: requestHash(context.req.body), now: clockOf(deps)() },
      async (client) => ({ status: 201, body: await work(client) }),
    );
    if (answer.replayed) context.res.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  } catch (error) {
    throw reusedKeyAsConflict(error, 'Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác');
  }
}
