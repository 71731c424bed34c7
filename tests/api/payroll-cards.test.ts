/**
 * A lost beneficiary card (issue 14): the officer re-issues it with a new number, audited; the payer's scan of
 * the new card finds the person's line on the list, a scan of the lost one is refused. Real Postgres, no
 * Temporal: the list is written as the builder writes it.
 */
import { cardNumberOf, cardQrPayload } from '../../domain/card-number';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

const HOLDER = '26170-541110-0041';
const NO_CARD = '26170-541110-0042';
let api: TestApi;
let payrollId: number;

interface Card {
  cardNumber: string;
  qrPayload: string;
}
interface CardLines {
  cardNumber: string;
  dossierCode: string;
  lines: Array<{ lineNo: number; dossierCode: string; amount: number }>;
}

beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-12-16T02:00:00Z') });
  for (const code of [HOLDER, NO_CARD]) {
    await insertMonthlyEntitlement(api.db.pool, code, {
      signedOn: '2054-11-10',
      coefficient: 2,
      baseLevel: 500_000,
      startMonth: '2055-01',
    });
  }
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO payrolls (commune_code, month, state, built_at, created_at)
     VALUES ('26170', '2055-01', 'draft', '2054-12-15T00:00:00Z', '2054-12-15T00:00:00Z') RETURNING id`,
  );
  payrollId = Number(rows[0]!.id);
  await api.db.pool.query(
    `INSERT INTO payroll_lines (payroll_id, line_no, dossier_code, kind, covers_month, amount)
     VALUES ($1, 1, $2, 'monthly', '2055-01', 1000000), ($1, 2, $3, 'monthly', '2055-01', 1000000)`,
    [payrollId, HOLDER, NO_CARD],
  );
});
afterAll(() => api?.close());

const scan = async (qr: string) =>
  api.request<CardLines & ErrorBody>(
    'GET',
    `/api/payrolls/${payrollId}/card-lines?qr=${encodeURIComponent(qr)}`,
    { token: await api.login('payment_officer.26170') },
  );

const reissue = async (code: string, json: unknown, username = 'commune_officer.26170') =>
  api.request<{ card: Card; replaces: string } & ErrorBody>(
    'POST',
    `/api/entitlements/${code}/card/reissue`,
    {
      token: await api.login(username),
      json,
    },
  );

test('a lost card is re-issued with a new number; the payer’s scan of the lost one is refused', async () => {
  const officer = await api.login('commune_officer.26170');
  const issued = await api.request<{ card: Card }>('POST', `/api/entitlements/${HOLDER}/card`, {
    token: officer,
  });
  expect([200, 201]).toContain(issued.status);
  const lost = issued.body.card;
  const before = await scan(lost.qrPayload);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ dossierCode: HOLDER, lines: [{ lineNo: 1, amount: 1_000_000 }] });

  const response = await reissue(HOLDER, { reason: 'Người hưởng báo mất thẻ ngày 14/12/2054' });
  expect(response.status).toBe(200);
  const renewed = response.body.card;
  expect(response.body.replaces).toBe(lost.cardNumber);
  expect(renewed.cardNumber).not.toBe(lost.cardNumber);
  expect(renewed.cardNumber.slice(0, 5)).toBe('26170');
  const { body: onFile } = await api.request<{ card: Card }>('GET', `/api/entitlements/${HOLDER}/card`, {
    token: officer,
  });
  expect(onFile.card.cardNumber).toBe(renewed.cardNumber);

  const old = await scan(lost.qrPayload);
  expect(old.status).toBe(409);
  expect(old.body).toEqual({
    code: 'CARD_REPLACED',
    message:
      'Thẻ này đã được thay bằng thẻ mới ngày 16/12/2054 (báo mất hoặc hỏng): không chi trả theo thẻ này',
  });
  const now = await scan(renewed.qrPayload);
  expect(now.status).toBe(200);
  expect(now.body).toMatchObject({
    cardNumber: renewed.cardNumber,
    lines: [{ lineNo: 1, dossierCode: HOLDER }],
  });

  const { rows } = await api.db.pool.query(
    `SELECT actor_username, target_id, dossier_code, details FROM audit_log WHERE action = 'card.reissue'`,
  );
  expect(rows).toEqual([
    {
      actor_username: 'commune_officer.26170',
      target_id: renewed.cardNumber,
      dossier_code: HOLDER,
      details: { replaces: lost.cardNumber },
    },
  ]);
});

test('refusals change nothing: no card yet, no reason, a role that does not handle payments', async () => {
  const { rows: before } = await api.db.pool.query('SELECT * FROM beneficiary_cards ORDER BY dossier_code');
  const none = await reissue(NO_CARD, { reason: 'Mất thẻ' });
  expect(none.status).toBe(404);
  expect(none.body.code).toBe('CARD_NOT_ISSUED');
  const blank = await reissue(HOLDER, { reason: '  ' });
  expect(blank.status).toBe(400);
  expect(blank.body.fieldErrors?.map((error) => error.path)).toContain('body.reason');
  expect((await reissue(HOLDER, { reason: 'Mất thẻ' }, 'commune_chairman.26170')).status).toBe(403);
  const { rows: after } = await api.db.pool.query('SELECT * FROM beneficiary_cards ORDER BY dossier_code');
  expect(after).toEqual(before);
  expect((await api.db.pool.query('SELECT 1 FROM replaced_beneficiary_cards')).rowCount).toBe(1);
});

test('a code that is not a card’s is 400, a number never issued 404', async () => {
  const invalid = await scan('https://example.com/the');
  expect(invalid.status).toBe(400);
  expect(invalid.body).toEqual({
    code: 'CARD_QR_INVALID',
    message: 'Mã QR này không phải của thẻ chi trả trợ giúp xã hội',
  });
  const unknown = await scan(cardQrPayload(cardNumberOf('26170', 9_999_999)));
  expect(unknown.status).toBe(404);
  expect(unknown.body.code).toBe('CARD_NOT_FOUND');
});
