/**
 * Inbound SMS from the gateway: a citizen answering STOP (or HUY, TC, TU CHOI — how Vietnamese carriers'
 * opt-out keywords are written) is never sent another SMS; START (or BAT DAU) undoes it. The dispatcher checks
 * the list before every SMS, so messages already in the outbox are held back too. Other texts are ignored.
 */
import { timingSafeEqual } from 'node:crypto';
import { optIn, optOut } from '../../db/outbox';
import { toE164 } from '../../domain/phone';
import { clockOf, type AppDeps } from '../deps';
import { AppError, notFound, validationFailed } from '../errors';

const OPT_OUT = new Set(['STOP', 'HUY', 'TC', 'TU CHOI', 'DUNG', 'UNSUBSCRIBE']);
const OPT_IN = new Set(['START', 'BAT DAU', 'DK', 'SUBSCRIBE']);

/** 'Hủy' → 'HUY', ' từ  chối ' → 'TU CHOI': case, diacritics and spacing as people type them on a phone. */
export function keywordOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

export function checkInboundSecret(deps: AppDeps, sent: string | undefined): void {
  const expected = deps.smsInboundSecret;
  // Without a configured secret the endpoint does not exist: nobody can opt a number out by guessing.
  if (!expected) throw notFound('Không có đường nhận tin nhắn đến');
  const a = Buffer.from(sent ?? '', 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AppError(401, 'INVALID_INBOUND_SECRET', 'Khóa bí mật của cổng SMS không đúng');
  }
}

export type InboundAction = 'opted_out' | 'opted_in' | 'ignored';

export async function receiveInboundSms(
  deps: AppDeps,
  message: { from: string; text: string },
): Promise<{ phone: string; action: InboundAction }> {
  const phone = toE164(message.from);
  if (!phone) {
    throw validationFailed([{ path: 'body.from', message: 'Số điện thoại gửi đến không hợp lệ' }]);
  }
  const keyword = keywordOf(message.text);
  if (OPT_OUT.has(keyword)) {
    await optOut(deps.pool, phone, keyword, clockOf(deps)());
    return { phone, action: 'opted_out' };
  }
  if (OPT_IN.has(keyword)) {
    await optIn(deps.pool, phone);
    return { phone, action: 'opted_in' };
  }
  return { phone, action: 'ignored' };
}
