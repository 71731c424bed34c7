/**
 * Issue 14: the payee registry and beneficiary cards over the HTTP API. A commune officer or payment officer
 * registers how an entitlement is paid; bad details are refused field by field with nothing written; every
 * change is a version kept and audited by field name; the authorised recipient's ID number is masked unless
 * revealed (and the reveal is audited) and never reaches the audit log's details or the error log. No
 * Temporal: the entitlement is written as the workflow records it.
 */
import { renderSVG } from 'uqr';
import { cardNumberOfQrPayload, isValidCardNumber } from '../../domain/card-number';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

const CODE = '26170-541124-0021';
const ENDED = '26170-541124-0022';
const RECIPIENT_ID = '075190012345';

interface Payee {
  version: number;
  method: string;
  methodText: string;
  bankAccount: { bankCode: string; bankName: string; accountNumber: string; accountHolder: string } | null;
  eWallet: { provider: string; phone: string } | null;
  cashReason: string | null;
  recipient: { fullName: string; relation: string; idNumber: string } | null;
  updatedBy: string;
}
interface PayeeAnswer {
  payee: Payee | null;
  idNumberShown: boolean;
  mayEdit: boolean;
  mayRevealIdNumber: boolean;
}

const BANK_PAYEE = {
  method: 'bank_account',
  bankCode: 'VBA',
  accountNumber: '5100 2050 12345',
  accountHolder: 'Nguyễn Thị Hoa',
  recipientName: 'Trần Văn Bình',
  recipientRelation: 'Con trai',
  recipientIdNumber: RECIPIENT_ID,
};

let api: TestApi;
let communeOfficer: string;
beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-11-24T02:00:00Z') });
  await insertMonthlyEntitlement(api.db.pool, CODE, {
    signedOn: '2054-11-20',
    coefficient: 1.5,
    baseLevel: 500_000,
    startMonth: '2054-11',
  });
  await insertMonthlyEntitlement(api.db.pool, ENDED, {
    signedOn: '2054-11-20',
    coefficient: 1,
    baseLevel: 500_000,
    startMonth: '2054-11',
    status: 'terminated',
  });
  communeOfficer = await api.login('commune_officer.26170');
});
afterAll(() => api.close());

const payeePath = (code = CODE) => `/api/entitlements/${code}/payee`;
const put = (token: string, json: unknown, code = CODE) =>
  api.request<PayeeAnswer & ErrorBody>('PUT', payeePath(code), { token, json });
const get = (token: string, query = '') =>
  api.request<PayeeAnswer & ErrorBody>('GET', `${payeePath()}${query}`, { token });

async function auditRows(action: string) {
  const { rows } = await api.db.pool.query<{ details: Record<string, unknown>; actor_username: string }>(
    'SELECT details, actor_username FROM audit_log WHERE action = $1 ORDER BY id',
    [action],
  );
  return rows;
}

test('before anything is registered the payee is null, and the officer may register one', async () => {
  const answer = await get(communeOfficer);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ payee: null, mayEdit: true, mayRevealIdNumber: false });
});

test.each([
  [{ ...BANK_PAYEE, bankCode: 'XYZ' }, 'body.bankCode', 'Chọn ngân hàng trong danh sách'],
  [{ ...BANK_PAYEE, accountNumber: 'NGUYEN THI HOA' }, 'body.accountNumber', 'Số tài khoản chỉ gồm chữ số'],
  [{ ...BANK_PAYEE, accountNumber: '12345' }, 'body.accountNumber', 'Số tài khoản gồm từ 6 đến 19 chữ số'],
  [
    { method: 'e_wallet', walletProvider: 'viettel_money', walletPhone: '0212345678' },
    'body.walletPhone',
    'Số điện thoại di động',
  ],
  [{ method: 'e_wallet', walletPhone: '0912345678' }, 'body.walletProvider', 'Chọn ví điện tử'],
  [{ method: 'cash' }, 'body.cashReason', 'Chỉ thị 21/CT-TTg'],
  [{ method: 'cash', cashReason: ' . ' }, 'body.cashReason', 'Phải nêu lý do bằng chữ'],
  [{ ...BANK_PAYEE, recipientIdNumber: '07519001234' }, 'body.recipientIdNumber', 'gồm 12 chữ số'],
  [{ ...BANK_PAYEE, recipientRelation: undefined }, 'body.recipientRelation', 'Nhập quan hệ với người hưởng'],
  [{ method: 'cheque' }, 'body.method', 'Chọn hình thức chi trả'],
])('%j is refused beside %s, nothing written', async (body, path, message) => {
  const answer = await put(communeOfficer, body);
  expect(answer.status).toBe(400);
  expect(answer.body.code).toBe('VALIDATION_FAILED');
  const field = answer.body.fieldErrors?.find((error) => error.path === path);
  expect(field?.message).toContain(message);
  expect(field?.message.normalize('NFC')).toBe(field?.message);
  expect((await get(communeOfficer)).body.payee).toBeNull();
});

test('a bank account is stored as one version, the ID masked, the change audited by field name only', async () => {
  const answer = await put(communeOfficer, { ...BANK_PAYEE, expectedVersion: 0 });
  expect(answer.status).toBe(200);
  expect(answer.body.payee).toMatchObject({
    version: 1,
    method: 'bank_account',
    methodText: 'Chuyển khoản vào tài khoản ngân hàng',
    bankAccount: { bankCode: 'VBA', accountNumber: '5100205012345', accountHolder: 'Nguyễn Thị Hoa' },
    eWallet: null,
    cashReason: null,
    recipient: { fullName: 'Trần Văn Bình', relation: 'Con trai', idNumber: '••••••••2345' },
  });
  expect(answer.body.payee!.bankAccount!.bankName).toMatch(/Agribank/);
  expect(answer.body.payee!.updatedBy).not.toBe('Cán bộ');
  const rows = await auditRows('payee.save');
  expect(rows).toHaveLength(1);
  expect(rows[0]!.details).toMatchObject({ version: 1, method: 'bank_account' });
  expect(rows[0]!.details.changed).toEqual(expect.arrayContaining(['accountNumber', 'recipientIdNumber']));
  expect(JSON.stringify(rows)).not.toContain(RECIPIENT_ID);
});

test('saving the same details again changes nothing: no version, no audit row', async () => {
  const answer = await put(communeOfficer, BANK_PAYEE);
  expect(answer.status).toBe(200);
  expect(answer.body.payee!.version).toBe(1);
  expect(await auditRows('payee.save')).toHaveLength(1);
});

test('an edit made on a stale version is 409 PAYEE_CHANGED and keeps what is stored', async () => {
  const answer = await put(communeOfficer, {
    method: 'cash',
    cashReason: 'Người hưởng nằm liệt giường',
    expectedVersion: 0,
  });
  expect(answer.status).toBe(409);
  expect(answer.body.code).toBe('PAYEE_CHANGED');
  expect(answer.body.message).toMatch(/Tải lại trang/);
  expect((await get(communeOfficer)).body.payee!.method).toBe('bank_account');
});

test('the payment officer of the former district moves the payee to an e-wallet; the ID on file stays for the same recipient', async () => {
  const paymentOfficer = await api.login('payment_officer.737');
  const answer = await put(paymentOfficer, {
    method: 'e_wallet',
    walletProvider: 'viettel_money',
    walletPhone: '+84 912 345 678',
    recipientName: 'Trần Văn Bình',
    recipientRelation: 'Con trai',
    expectedVersion: 1,
  });
  expect(answer.status).toBe(200);
  expect(answer.body.payee).toMatchObject({
    version: 2,
    method: 'e_wallet',
    bankAccount: null,
    eWallet: { provider: 'viettel_money', phone: '0912345678' },
    recipient: { idNumber: '••••••••2345' },
  });
  // A different recipient needs their own ID number.
  const newRecipient = await put(paymentOfficer, {
    method: 'e_wallet',
    walletProvider: 'viettel_money',
    walletPhone: '0912345678',
    recipientName: 'Trần Thị Cúc',
    recipientRelation: 'Con gái',
  });
  expect(newRecipient.status).toBe(400);
  expect(newRecipient.body.fieldErrors).toEqual([
    { path: 'body.recipientIdNumber', message: 'Nhập số định danh cá nhân (12 chữ số) của người nhận thay' },
  ]);
  expect((await get(communeOfficer)).body.payee!.version).toBe(2);
});

test('the history keeps every version, newest first, with what each changed in words', async () => {
  const answer = await api.request<{ versions: Array<{ payee: Payee; changes: string[] }> }>(
    'GET',
    `${payeePath()}/history`,
    { token: communeOfficer },
  );
  expect(answer.status).toBe(200);
  expect(answer.body.versions.map((entry) => [entry.payee.version, entry.payee.method])).toEqual([
    [2, 'e_wallet'],
    [1, 'bank_account'],
  ]);
  expect(answer.body.versions[0]!.changes).toEqual([
    'Hình thức chi trả',
    'Ngân hàng',
    'Số tài khoản',
    'Tên chủ tài khoản',
    'Ví điện tử',
    'Số điện thoại của ví',
  ]);
  expect(JSON.stringify(answer.body)).not.toContain(RECIPIENT_ID);
});

test('the ID number is revealed on request to an officer who may see it, and the reveal is audited first', async () => {
  const answer = await get(communeOfficer, '?reveal=sensitive');
  expect(answer.status).toBe(200);
  expect(answer.body.idNumberShown).toBe(true);
  expect(answer.body.payee!.recipient!.idNumber).toBe(RECIPIENT_ID);
  const rows = await auditRows('payee.reveal_id');
  expect(rows.map((row) => row.actor_username)).toEqual(['commune_officer.26170']);
  expect(JSON.stringify(rows)).not.toContain(RECIPIENT_ID);

  const auditor = await api.login('auditor.75');
  const masked = await get(auditor);
  expect(masked.status).toBe(200);
  expect(masked.body).toMatchObject({ mayEdit: false, mayRevealIdNumber: false });
  expect(masked.body.payee!.recipient!.idNumber).toBe('••••••••2345');
  const refused = await get(auditor, '?reveal=sensitive');
  expect(refused.status).toBe(403);
  expect(await auditRows('payee.reveal_id')).toHaveLength(1);
});

test('roles and units: the desk, another commune and readers cannot edit; unknown and ended entitlements', async () => {
  const clerk = await api.login('intake_clerk.26170');
  expect((await get(clerk)).status).toBe(403);
  const otherCommune = await api.login('commune_officer.26173');
  const outside = await put(otherCommune, { method: 'cash', cashReason: 'Không có tài khoản' });
  expect(outside.status).toBe(403);
  expect(outside.body.message).toMatch(/ngoài phạm vi/);
  const auditor = await api.login('auditor.75');
  expect((await put(auditor, { method: 'cash', cashReason: 'Không có tài khoản' })).status).toBe(403);

  const unknown = await put(communeOfficer, BANK_PAYEE, '26170-541124-0099');
  expect(unknown.status).toBe(404);
  expect(unknown.body.code).toBe('ENTITLEMENT_NOT_FOUND');
  const ended = await put(communeOfficer, BANK_PAYEE, ENDED);
  expect(ended.status).toBe(409);
  expect(ended.body).toMatchObject({
    code: 'ENTITLEMENT_ENDED',
    message: expect.stringMatching(/thôi hưởng/),
  });
  expect((await api.db.pool.query('SELECT 1 FROM payees WHERE dossier_code = $1', [ENDED])).rowCount).toBe(0);
});

test('nothing logged carries the ID number', () => {
  expect(JSON.stringify(api.errors.map(String))).not.toContain(RECIPIENT_ID);
});

describe('beneficiary cards', () => {
  test('a card is issued once: a valid number of the commune, the same card when asked again', async () => {
    expect(
      (await api.request('GET', `/api/entitlements/${CODE}/card`, { token: communeOfficer })).body,
    ).toEqual({
      card: null,
    });
    const first = await api.request<{ card: { cardNumber: string; qrPayload: string }; issued: boolean }>(
      'POST',
      `/api/entitlements/${CODE}/card`,
      { token: communeOfficer },
    );
    expect(first.status).toBe(200);
    expect(first.body.issued).toBe(true);
    const { cardNumber, qrPayload } = first.body.card;
    expect(cardNumber).toMatch(/^26170\d{9}$/);
    expect(isValidCardNumber(cardNumber)).toBe(true);
    // The payer's scan gives the number and nothing else: no name, no dossier code.
    expect(cardNumberOfQrPayload(qrPayload)).toBe(cardNumber);
    expect(qrPayload).toBe(`TGXH:THE:1:${cardNumber}`);

    const again = await api.request<{ card: { cardNumber: string }; issued: boolean }>(
      'POST',
      `/api/entitlements/${CODE}/card`,
      { token: await api.login('payment_officer.26170') },
    );
    expect(again.body).toMatchObject({ issued: false, card: { cardNumber } });
    expect(await auditRows('card.issue')).toHaveLength(1);
  });

  test('the printable card shows the name, the grouped number and a QR code of the payload only', async () => {
    const response = await fetch(`${api.baseUrl}/api/entitlements/${CODE}/card/print?format=html`, {
      headers: { authorization: `Bearer ${communeOfficer}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    const { rows } = await api.db.pool.query<{ card_number: string }>(
      'SELECT card_number FROM beneficiary_cards WHERE dossier_code = $1',
      [CODE],
    );
    const cardNumber = rows[0]!.card_number;
    expect(html).toContain('THẺ CHI TRẢ TRỢ CẤP XÃ HỘI');
    expect(html).toContain('Nguyễn Thị Hoa');
    expect(html).toContain(`${cardNumber.slice(0, 5)} ${cardNumber.slice(5, 12)} ${cardNumber.slice(12)}`);
    const image = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
    expect(Buffer.from(image![1]!, 'base64').toString()).toBe(
      renderSVG(`TGXH:THE:1:${cardNumber}`, { ecc: 'M', border: 2 }),
    );
    // Why the person is paid is not on the card (a clause could name HIV), nor the ID number.
    const visible = html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/src="[^"]*"/g, '');
    expect(visible).toContain('Nguyễn Thị Hoa');
    expect(visible).not.toMatch(/5\.6|[Kk]hoản|075190012345/);
  });

  test('a card is not issued for an ended entitlement nor printed before it is issued', async () => {
    const ended = await api.request('POST', `/api/entitlements/${ENDED}/card`, { token: communeOfficer });
    expect(ended.status).toBe(409);
    const print = await api.request('GET', `/api/entitlements/${ENDED}/card/print?format=html`, {
      token: communeOfficer,
    });
    expect(print.status).toBe(404);
    expect((print.body as ErrorBody).code).toBe('CARD_NOT_ISSUED');
  });
});
