/**
 * The payer scans a beneficiary card (its QR code holds only the card number, domain/card-number.ts) and finds
 * the person's lines on a list. A card replaced after a loss is refused (409 CARD_REPLACED): whoever holds the
 * lost card is not paid on it. 400 CARD_QR_INVALID for a code that is not a card's; 404 CARD_NOT_FOUND for a
 * number never issued or a list outside the caller's scope.
 */
import { findCardByNumber, findReplacedCard } from '../../db/payees';
import { listLines, type ExportLine } from '../../db/payrolls';
import { cardNumberOfQrPayload } from '../../domain/card-number';
import { legalDateOf } from '../../domain/legal-time';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { assertPayrollReader, payrollInScope } from './access';

export async function linesByCard(
  deps: AppDeps,
  caller: AuthenticatedUser,
  payrollId: number,
  qrPayload: string,
): Promise<{ cardNumber: string; dossierCode: string; lines: ExportLine[] }> {
  assertPayrollReader(caller);
  await payrollInScope(deps, caller, payrollId);
  const cardNumber = cardNumberOfQrPayload(qrPayload.trim());
  if (!cardNumber) {
    throw new AppError(400, 'CARD_QR_INVALID', 'Mã QR này không phải của thẻ chi trả trợ giúp xã hội');
  }
  const card = await findCardByNumber(deps.pool, cardNumber);
  if (!card) {
    const replaced = await findReplacedCard(deps.pool, cardNumber);
    if (replaced) {
      const [y, m, d] = legalDateOf(replaced.replacedAt.getTime()).split('-');
      throw new AppError(
        409,
        'CARD_REPLACED',
        `Thẻ này đã được thay bằng thẻ mới ngày ${d}/${m}/${y} (báo mất hoặc hỏng): không chi trả theo thẻ này`,
      );
    }
    throw new AppError(404, 'CARD_NOT_FOUND', 'Không có thẻ chi trả mang số này');
  }
  const lines = await listLines(deps.pool, payrollId, null, { dossierCode: card.dossierCode });
  return { cardNumber, dossierCode: card.dossierCode, lines };
}
