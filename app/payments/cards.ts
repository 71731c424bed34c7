/**
 * Beneficiary cards (thẻ chi trả): a number per entitlement with check digits and a QR code that holds only
 * that number (domain/card-number.ts), issued once by an officer who edits payees and printed on demand by
 * any reader of payees (the card is the number; the print is a view of it, like forms 06 and 07).
 */
import { findUnit } from '../../db/units';
import { findCard, insertCard, nextCardSerial, replaceCard, type CardRecord } from '../../db/payees';
import { inTransaction } from '../../db/queryable';
import { renderOnDemand, renderPdf } from '../../documents';
import { cardNumberOf, cardQrPayload, formatCardNumber } from '../../domain/card-number';
import { placeOfUnit } from '../../domain/unit-place';
import { audit, type Actor } from '../audit';
import type { AuthenticatedUser } from '../auth/session';
import { clockOf, legalToday, type AppDeps } from '../deps';
import type { DossierDocument } from '../dossiers/documents';
import { AppError } from '../errors';
import { assertEditable, payableEntitlementInScope } from './entitlement-access';

export interface CardView {
  cardNumber: string;
  /** Grouped 5-7-2 for reading. */
  cardNumberText: string;
  /** What the QR code holds. */
  qrPayload: string;
  issuedAt: string;
}

function viewOf(card: CardRecord): CardView {
  return {
    cardNumber: card.cardNumber,
    cardNumberText: formatCardNumber(card.cardNumber),
    qrPayload: cardQrPayload(card.cardNumber),
    issuedAt: card.issuedAt,
  };
}

export async function cardOf(
  deps: AppDeps,
  reader: AuthenticatedUser,
  dossierCode: string,
): Promise<CardView | null> {
  const entitlement = await payableEntitlementInScope(deps, reader, dossierCode);
  const card = await findCard(deps.pool, entitlement.dossierCode);
  return card ? viewOf(card) : null;
}

/** Issues the entitlement's card, or answers the one it has (issuing twice is the same card). */
export async function issueCard(
  deps: AppDeps,
  actor: Actor,
  dossierCode: string,
): Promise<{ card: CardView; issued: boolean }> {
  const entitlement = await payableEntitlementInScope(deps, actor, dossierCode);
  const existing = await findCard(deps.pool, entitlement.dossierCode);
  if (existing) return { card: viewOf(existing), issued: false };
  assertEditable(actor, entitlement);
  const card = await inTransaction(deps.pool, async (client) => {
    const cardNumber = cardNumberOf(entitlement.communeCode, await nextCardSerial(client));
    const stored = await insertCard(client, {
      dossierCode: entitlement.dossierCode,
      cardNumber,
      issuedAt: clockOf(deps)(),
      issuedBy: actor.id,
    });
    // A concurrent issue won: its card stands, and only the winner is audited.
    if (stored.cardNumber === cardNumber) {
      await audit(client, deps, actor, {
        action: 'card.issue',
        target: { kind: 'card', id: cardNumber },
        dossierCode: entitlement.dossierCode,
      });
    }
    return stored;
  });
  return { card: viewOf(card), issued: true };
}

/**
 * Re-issues a lost (or damaged) card: a new number, the old one kept as replaced so the payer's scan of it is
 * refused (app/payrolls/card-lookup.ts). Audited with both numbers. 404 CARD_NOT_ISSUED when there is no card.
 */
export async function reissueCard(
  deps: AppDeps,
  actor: Actor,
  dossierCode: string,
  reason: string,
): Promise<{ card: CardView; replaces: string }> {
  const entitlement = await payableEntitlementInScope(deps, actor, dossierCode);
  assertEditable(actor, entitlement);
  return inTransaction(deps.pool, async (client) => {
    const cardNumber = cardNumberOf(entitlement.communeCode, await nextCardSerial(client));
    const result = await replaceCard(client, {
      dossierCode: entitlement.dossierCode,
      cardNumber,
      at: clockOf(deps)(),
      by: actor.id,
      reason,
    });
    if (!result) throw new AppError(404, 'CARD_NOT_ISSUED', 'Người hưởng này chưa được cấp thẻ chi trả');
    await audit(client, deps, actor, {
      action: 'card.reissue',
      target: { kind: 'card', id: cardNumber },
      dossierCode: entitlement.dossierCode,
      details: { replaces: result.replaced.cardNumber },
    });
    return { card: viewOf(result.card), replaces: result.replaced.cardNumber };
  });
}

const SUPPORT = { monthly: 'Trợ cấp xã hội hằng tháng', one_off: 'Hỗ trợ một lần' } as const;

/** The printable card (A4 sheet, card at ID-1 size with a cut line) as HTML or PDF. */
export async function printableCard(
  deps: AppDeps,
  reader: AuthenticatedUser,
  dossierCode: string,
  format: 'html' | 'pdf',
): Promise<DossierDocument> {
  const entitlement = await payableEntitlementInScope(deps, reader, dossierCode);
  const card = await findCard(deps.pool, entitlement.dossierCode);
  if (!card) throw new AppError(404, 'CARD_NOT_ISSUED', 'Người hưởng này chưa được cấp thẻ chi trả');
  const commune = await findUnit(deps.pool, entitlement.communeCode);
  const communeName = commune?.name ?? `Xã (mã ${entitlement.communeCode})`;
  const html = await renderOnDemand(
    deps.pool,
    entitlement.provinceCode,
    'beneficiary-card',
    {
      beneficiaryName: entitlement.beneficiaryName,
      cardNumber: card.cardNumber,
      qrPayload: cardQrPayload(card.cardNumber),
      support: SUPPORT[entitlement.kind as keyof typeof SUPPORT] ?? 'Trợ giúp xã hội',
      commune: communeName,
      ...(entitlement.startMonth ? { startMonth: entitlement.startMonth } : {}),
    },
    {
      issuer: {
        name: `Ủy ban nhân dân\n${communeName}`,
        place: placeOfUnit(communeName, commune?.placeName),
      },
      issuedOn: legalToday(clockOf(deps)()),
    },
  );
  const filename = `the-chi-tra-${card.cardNumber}`;
  if (format === 'html') return { kind: 'html', filename: `${filename}.html`, body: html };
  return { kind: 'pdf', filename: `${filename}.pdf`, body: await renderPdf(html) };
}
