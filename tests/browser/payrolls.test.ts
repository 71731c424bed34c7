/**
 * The payment officer's pages in Chromium over the payroll use cases (issue 14), on the real pages and Postgres.
 * The list is written as the payroll workflow's activities leave it (built, prepared by one payment officer):
 * its preparer sees the two-person rule and no approve button; another payment officer in scope approves and
 * sends; the CSV for the payer is downloaded, a confirmation with wrong lines is refused with every problem
 * listed and nothing applied, the filled-in file is imported (reconciled).
 * Every page visited is screenshotted and checked with axe.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer, PHONE_VIEWPORT } from '../helpers/browser';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

let api: TestApi;
let browser: Browser;
let payrollId: number;
const CODES = ['26170-541124-0041', '26170-541124-0042'];

beforeAll(async () => {
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, now: new Date('2054-12-20T02:00:00Z') }),
    launchBrowser(),
  ]);
  for (const [index, code] of CODES.entries()) {
    await insertMonthlyEntitlement(api.db.pool, code, {
      signedOn: '2054-11-20',
      coefficient: index === 0 ? 1.5 : 2,
      baseLevel: 500_000,
      startMonth: '2054-12',
    });
  }
  // The first beneficiary has a bank account, an authorised recipient and a card (app/payments).
  const officer = await api.login('commune_officer.26170');
  const payee = await api.request('PUT', `/api/entitlements/${CODES[0]}/payee`, {
    token: officer,
    json: {
      method: 'bank_account',
      bankCode: 'VBA',
      accountNumber: '5100205012345',
      accountHolder: 'Nguyễn Thị Hoa',
      recipientName: 'Trần Văn Bình',
      recipientRelation: 'Con trai',
      recipientIdNumber: '075190012345',
    },
  });
  expect(payee.status).toBe(200);
  expect((await api.request('POST', `/api/entitlements/${CODES[0]}/card`, { token: officer })).status).toBe(
    200,
  );
  const { rows: users } = await api.db.pool.query<{ id: string }>(
    "SELECT id FROM users WHERE username = 'payment_officer.26170'",
  );
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO payrolls (commune_code, month, state, built_at, prepared_by_user_id, prepared_by, created_at)
     VALUES ('26170', '2055-01', 'draft', '2054-12-15T02:00:00Z', $1, 'payment_officer.26170', '2054-12-15T02:00:00Z') RETURNING id`,
    [users[0]!.id],
  );
  payrollId = Number(rows[0]!.id);
  // December's arrears (from the start month) and January's allowance: 750.000 + 750.000 + 1.000.000 + 1.000.000.
  const lines = [
    [1, CODES[0], 'arrears', '2054-12', 750_000],
    [2, CODES[0], 'monthly', '2055-01', 750_000],
    [3, CODES[1], 'arrears', '2054-12', 1_000_000],
    [4, CODES[1], 'monthly', '2055-01', 1_000_000],
  ] as const;
  for (const [lineNo, code, kind, month, amount] of lines) {
    await api.db.pool.query(
      `INSERT INTO payroll_lines (payroll_id, line_no, dossier_code, kind, covers_month, amount)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [payrollId, lineNo, code, kind, month, amount],
    );
  }
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function pageAs(
  username: string,
  path: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await (await newContext(browser, viewport ? { viewport } : {})).newPage();
  await openAsOfficer(page, api.baseUrl, path, { username, password: DEMO_PASSWORD });
  return page;
}

const lineStates = async () =>
  (
    await api.db.pool.query<{ state: string }>(
      'SELECT state FROM payroll_lines WHERE payroll_id = $1 ORDER BY line_no',
      [payrollId],
    )
  ).rows.map((row) => row.state);

test('the preparer may not approve; another payment officer approves and sends; the payer’s file is checked whole', async () => {
  // The preparer: the list in the commune's month, the two-person rule said, no approve button.
  const preparer = await pageAs('payment_officer.26170', '/can-bo/chi-tra');
  const row = preparer.locator('tbody tr', { hasText: 'Tháng 01/2055' });
  await expect(row.textContent()).resolves.toMatch(
    /Xã Trảng Bom[\s\S]*Dự thảo[\s\S]*4[\s\S]*3\.500\.000 đồng/,
  );
  await checkPage(preparer, 'payrolls-list');
  await preparer.getByRole('link', { name: /Tháng 01\/2055/ }).click();
  await preparer.waitForURL(`${api.baseUrl}/can-bo/chi-tra/${payrollId}`);
  await expect(preparer.locator('[role=note]').textContent()).resolves.toContain(
    'một cán bộ chi trả khác phê duyệt',
  );
  await expect(preparer.getByRole('button', { name: 'Phê duyệt bảng kê' }).count()).resolves.toBe(0);
  await expect(preparer.locator('tfoot').textContent()).resolves.toMatch(
    /Tổng cộng \(4 dòng\)\s*3\.500\.000 đồng/,
  );
  await checkPage(preparer, 'payroll-own-draft');

  // A month typed wrong is said beside the field.
  await preparer.goto(`${api.baseUrl}/can-bo/chi-tra?thang=13%2F2055`);
  await expect(preparer.locator('#thang-error').textContent()).resolves.toContain('ví dụ 01/2026');

  // The other payment officer in scope (the former district's) approves, then sends.
  const approver = await pageAs('payment_officer.737', `/can-bo/chi-tra/${payrollId}`);
  await approver.getByRole('button', { name: 'Phê duyệt bảng kê' }).click();
  await approver.waitForURL(/xong=approve/);
  await expect(approver.locator('.summary-list').textContent()).resolves.toMatch(
    new RegExp(`Đã phê duyệt[\\s\\S]*Người phê duyệt\\s*${await fullName('payment_officer.737')} `),
  );
  await approver.getByRole('button', { name: 'Ghi nhận đã gửi tổ chức chi trả' }).click();
  await approver.waitForURL(/xong=send/);
  await checkPage(approver, 'payroll-sent');

  // The CSV for the payer.
  const [download] = await Promise.all([
    approver.waitForEvent('download'),
    approver.getByRole('link', { name: 'CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain('Kết quả chi trả');
  const [header, ...exported] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(exported).toHaveLength(4);
  // The payee columns: where the money goes and who may collect it — never the recipient's ID number.
  const { rows: cards } = await api.db.pool.query<{ card_number: string }>(
    'SELECT card_number FROM beneficiary_cards',
  );
  expect(exported[0]).toContain(
    `${cards[0]!.card_number},Chuyển khoản vào tài khoản ngân hàng,VBA (BIN 970405) 5100205012345 – NGUYEN THI HOA,Trần Văn Bình (Con trai)`,
  );
  expect(exported[2]).toContain(',Chưa đăng ký,');
  expect(csv).not.toContain('075190012345');
  // The payer fills in the last three columns, left empty in the export.
  const rows = exported.map((line) => `${line.replace(/,,,$/, '')},`);

  // A file with an amount changed and an unknown line: every problem listed, nothing applied.
  const wrong = [
    header,
    ...rows.map((line, index) =>
      index === 0
        ? `${line.replace('750000', '760000')}Đã chi trả,05/01/2055,BD-1`
        : `${line}Đã chi trả,05/01/2055,BD-${index + 1}`,
    ),
    `${payrollId},9,26170-541124-0099,Người lạ,Trợ cấp hằng tháng,01/2055,100000,Đã chi trả,05/01/2055,BD-9`,
  ].join('\n');
  await upload(approver, 'ket-qua-sai.csv', wrong);
  await expect(approver.locator('#ket-qua-nhap').textContent()).resolves.toMatch(
    /chưa dòng nào được ghi nhận[\s\S]*Dòng 2:[\s\S]*Dòng 6:/,
  );
  await expect(approver.locator('#file-error').count()).resolves.toBe(1);
  expect(await lineStates()).toEqual(['issued', 'issued', 'issued', 'issued']);
  await checkPage(approver, 'payroll-import-refused');

  // A post of the form without its CSRF token (another site's form): refused before the file is read.
  const forged = await approver.request.post(`${api.baseUrl}/can-bo/chi-tra/${payrollId}/ket-qua`, {
    multipart: { _csrf: 'forged', file: { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('x') } },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await lineStates()).toEqual(['issued', 'issued', 'issued', 'issued']);

  // The filled-in file: three paid, one not.
  const good = [
    header,
    ...rows.map((line, index) =>
      index === 3 ? `${line}Chưa chi trả,,` : `${line}Đã chi trả,05/01/2055,BD-${index + 1}`,
    ),
  ].join('\n');
  await upload(approver, 'ket-qua.csv', good);
  await approver.waitForURL(/nhap=1/);
  await expect(approver.locator('#ket-qua-nhap').textContent()).resolves.toContain(
    '3 dòng đã chi trả, 1 dòng chưa chi trả',
  );
  await expect(approver.locator('.summary-list').textContent()).resolves.toMatch(
    /Đã đối chiếu[\s\S]*Đã chi trả\s*2\.500\.000 đồng[\s\S]*Chưa chi trả\s*1\.000\.000 đồng/,
  );
  expect(await lineStates()).toEqual(['paid', 'paid', 'paid', 'failed']);
  await checkPage(approver, 'payroll-imported');
});

async function upload(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Tệp CSV kết quả do tổ chức chi trả gửi lại').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${text}\n`, 'utf8'),
  });
  await page.getByRole('button', { name: 'Nhập kết quả' }).click();
  await page.waitForSelector('#ket-qua-nhap');
}

test('on a phone, and for an auditor who reads without acting', async () => {
  const phone = await pageAs('payment_officer.26170', `/can-bo/chi-tra/${payrollId}`, PHONE_VIEWPORT);
  await checkPage(phone, 'payroll-phone');
  const auditor = await pageAs('auditor.75', `/can-bo/chi-tra/${payrollId}`);
  await expect(
    auditor
      .getByRole('button')
      .filter({ hasText: /Khóa sổ|Nhập kết quả/ })
      .count(),
  ).resolves.toBe(0);
  await checkPage(auditor, 'payroll-auditor');
  const print = await auditor.context().newPage();
  await print.goto(`${api.baseUrl}/can-bo/chi-tra/${payrollId}/in`);
  await expect(print.locator('body').textContent()).resolves.toContain('Nguyễn Thị Hoa');
  await checkPage(print, 'payroll-print');
});

test('a list the schedule built is submitted by one payment officer before another approves it', async () => {
  // As the scheduled build leaves it: built, no preparer.
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO payrolls (commune_code, month, state, built_at, created_at)
     VALUES ('26170', '2055-02', 'draft', '2055-01-15T02:00:00Z', '2055-01-15T02:00:00Z') RETURNING id`,
  );
  const scheduledId = Number(rows[0]!.id);
  const approver = await pageAs('payment_officer.737', `/can-bo/chi-tra/${scheduledId}`);
  await expect(approver.getByRole('button', { name: 'Phê duyệt bảng kê' }).count()).resolves.toBe(0);
  await expect(approver.locator('.summary-list').textContent()).resolves.toContain(
    'chưa có người trình duyệt',
  );
  await checkPage(approver, 'payroll-scheduled-draft');

  const submitter = await pageAs('payment_officer.26170', `/can-bo/chi-tra/${scheduledId}`);
  await submitter.getByRole('button', { name: 'Trình duyệt bảng kê' }).click();
  await submitter.waitForURL(/xong=submit/);
  await expect(submitter.locator('[role=status]').textContent()).resolves.toContain('Đã trình duyệt bảng kê');
  await expect(submitter.locator('.summary-list').textContent()).resolves.toMatch(
    new RegExp(`Người lập\\s*${await fullName('payment_officer.26170')} `),
  );
  await expect(submitter.getByRole('button', { name: /Phê duyệt|Trình duyệt/ }).count()).resolves.toBe(0);

  await approver.reload();
  await approver.getByRole('button', { name: 'Phê duyệt bảng kê' }).click();
  await approver.waitForURL(/xong=approve/);
  await expect(approver.locator('.summary-list').textContent()).resolves.toMatch(
    new RegExp(`Người phê duyệt\\s*${await fullName('payment_officer.737')} `),
  );
  // People by their names, never by their usernames.
  await expect(approver.locator('.summary-list').textContent()).resolves.not.toContain('payment_officer');
});

/** The name the pages show for an officer (users.full_name). */
async function fullName(username: string): Promise<string> {
  const { rows } = await api.db.pool.query<{ full_name: string }>(
    'SELECT full_name FROM users WHERE username = $1',
    [username],
  );
  return rows[0]!.full_name;
}
