/**
 * The payee page in Chromium on the real pages and Postgres (issue 14): a commune officer opens it from the
 * dossier page, chooses cash without a reason (the message beside the field, what was typed kept), registers a
 * bank account with an authorised recipient (the ID masked, revealed on request), issues the card and prints
 * it. A phone-width view and the auditor's read-only view. Every state is screenshotted and checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer, PHONE_VIEWPORT } from '../helpers/browser';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

const CODE = '26170-541124-0031';
let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, now: new Date('2054-12-01T02:00:00Z') }),
    launchBrowser(),
  ]);
  await insertMonthlyEntitlement(api.db.pool, CODE, {
    signedOn: '2054-11-20',
    coefficient: 1.5,
    baseLevel: 500_000,
    startMonth: '2054-11',
  });
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

test('a commune officer registers how the beneficiary is paid, issues the card and prints it', async () => {
  const page = await pageAs('commune_officer.26170', `/can-bo/ho-so/${CODE}`);
  await expect(page.locator('dd', { hasText: 'Chưa đăng ký' }).count()).resolves.toBe(1);
  await page.getByRole('link', { name: 'Thông tin chi trả và thẻ' }).click();
  await page.waitForURL(`${api.baseUrl}/can-bo/ho-so/${CODE}/chi-tra`);
  await expect(page.locator('h1').textContent()).resolves.toBe('Thông tin chi trả');
  await expect(page.locator('.lead').textContent()).resolves.toContain('750.000 đồng mỗi tháng');
  await checkPage(page, 'payee-empty');

  // Cash without a reason: refused beside the field, the choice kept.
  await page.getByLabel('Nhận tiền mặt qua tổ chức dịch vụ chi trả').check();
  await page.getByLabel('Họ và tên người nhận thay').fill('Trần Văn Bình');
  await page.getByRole('button', { name: 'Lưu thông tin chi trả' }).click();
  await page.waitForSelector('#cashReason-error');
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  await expect(page.locator('#cashReason-error').textContent()).resolves.toContain('Chỉ thị 21/CT-TTg');
  await expect(page.getByLabel('Nhận tiền mặt qua tổ chức dịch vụ chi trả').isChecked()).resolves.toBe(true);
  await expect(page.getByLabel('Họ và tên người nhận thay').inputValue()).resolves.toBe('Trần Văn Bình');
  await expect(page.locator('.error-summary a[href="#cashReason"]').count()).resolves.toBe(1);
  await checkPage(page, 'payee-cash-without-reason');

  // A bank account with a bad number, then right.
  await page.getByLabel('Chuyển khoản vào tài khoản ngân hàng').check();
  await page.getByLabel('Ngân hàng', { exact: true }).selectOption('VBA');
  await page.getByLabel('Số tài khoản', { exact: true }).fill('5100-abc');
  await page.getByLabel('Tên chủ tài khoản').fill('Nguyễn Thị Hoa');
  await page.getByLabel('Quan hệ với người hưởng').fill('Con trai');
  await page.getByLabel('Số định danh cá nhân của người nhận thay').fill('075190012345');
  await page.getByRole('button', { name: 'Lưu thông tin chi trả' }).click();
  await page.waitForSelector('#accountNumber-error');
  await expect(page.locator('#accountNumber-error').textContent()).resolves.toContain(
    'Số tài khoản chỉ gồm chữ số',
  );
  // The ID number typed is not sent back into the page.
  await expect(page.content()).resolves.not.toContain('075190012345');
  await page.getByLabel('Số tài khoản', { exact: true }).fill('5100 2050 12345');
  await page.getByLabel('Số định danh cá nhân của người nhận thay').fill('075190012345');
  await page.getByRole('button', { name: 'Lưu thông tin chi trả' }).click();
  await page.waitForURL(/xong=1/);
  const current = page.locator('section[aria-labelledby="hien-tai"]');
  await expect(current.textContent()).resolves.toMatch(
    /Agribank[\s\S]*5100205012345[\s\S]*Trần Văn Bình \(Con trai\)/,
  );
  await expect(current.locator('.masked').textContent()).resolves.toBe('••••••••2345');
  await expect(page.locator('table').textContent()).resolves.toContain('Số tài khoản');
  await checkPage(page, 'payee-saved');

  await page.getByRole('button', { name: 'Hiện số định danh' }).click();
  await page.waitForSelector('text=Lần xem này đã được ghi lại');
  await expect(current.locator('.masked').textContent()).resolves.toBe('075190012345');
  await checkPage(page, 'payee-revealed');

  await page.getByRole('button', { name: 'Cấp thẻ chi trả' }).click();
  await page.waitForURL(/xong=2/);
  const number = await page.locator('section[aria-labelledby="the-chi-tra"] .code').textContent();
  expect(number).toMatch(/^26170 \d{7} \d{2}$/);
  await checkPage(page, 'payee-card-issued');

  const [print] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('link', { name: /In thẻ/ }).click(),
  ]);
  await print.waitForLoadState();
  await expect(print.locator('.card-number').textContent()).resolves.toBe(number);
  await expect(print.locator('img.qr').getAttribute('alt')).resolves.toContain('Mã QR');
  await checkPage(print, 'payee-card-print');

  // The card is lost: re-issued with a new number, the reason required.
  await page.getByRole('button', { name: 'Cấp lại thẻ' }).click();
  await page.waitForSelector('#reissueReason-error');
  await page.getByLabel('Lý do cấp lại thẻ').fill('Người hưởng báo mất thẻ');
  await page.getByRole('button', { name: 'Cấp lại thẻ' }).click();
  await page.waitForURL(/xong=4/);
  const renewed = await page.locator('section[aria-labelledby="the-chi-tra"] .code').textContent();
  expect(renewed).toMatch(/^26170 \d{7} \d{2}$/);
  expect(renewed).not.toBe(number);
  await checkPage(page, 'payee-card-reissued');

  await page.goto(`${api.baseUrl}/can-bo/ho-so/${CODE}`);
  await expect(page.locator('dd', { hasText: 'Chuyển khoản vào tài khoản ngân hàng' }).count()).resolves.toBe(
    1,
  );
});

test('on a phone, and for the auditor who only reads', async () => {
  const phone = await pageAs('payment_officer.26170', `/can-bo/ho-so/${CODE}/chi-tra`, PHONE_VIEWPORT);
  await checkPage(phone, 'payee-phone');
  const auditor = await pageAs('auditor.75', `/can-bo/ho-so/${CODE}/chi-tra`);
  await expect(auditor.getByRole('button', { name: 'Lưu thông tin chi trả' }).count()).resolves.toBe(0);
  await expect(auditor.getByRole('button', { name: 'Hiện số định danh' }).count()).resolves.toBe(0);
  await checkPage(auditor, 'payee-auditor');
  const clerk = await pageAs('intake_clerk.26170', `/can-bo/ho-so/${CODE}`);
  await expect(clerk.getByRole('link', { name: 'Thông tin chi trả và thẻ' }).count()).resolves.toBe(0);
});

test('a suspended allowance: the payment officer records the remedy and payment resumes', async () => {
  const SUSPENDED = '26170-541001-0032';
  await insertMonthlyEntitlement(api.db.pool, SUSPENDED, {
    signedOn: '2054-08-01',
    coefficient: 2,
    baseLevel: 500_000,
    startMonth: '2054-08',
    status: 'suspended',
  });
  // Reconciliation of the November list suspended it from December (three lists uncollected).
  await api.db.pool.query(
    `WITH payroll AS (
       INSERT INTO payrolls (commune_code, month, state, built_at, created_at)
       VALUES ('26170', '2054-11', 'reconciled', now(), now()) RETURNING id)
     INSERT INTO entitlement_suspensions (dossier_code, suspended_from_month, payroll_id, reason, created_at)
     SELECT $1, '2054-12', id, 'Không nhận tiền 3 tháng liên tiếp', '2054-11-20T03:00:00Z' FROM payroll`,
    [SUSPENDED],
  );
  const page = await pageAs('payment_officer.26170', `/can-bo/ho-so/${SUSPENDED}/chi-tra`);
  const section = page.locator('section[aria-labelledby="tam-dung"]');
  await expect(section.textContent()).resolves.toMatch(
    /Tạm dừng từ tháng 12\/2054 \(ghi nhận ngày 20\/11\/2054\)[\s\S]*đến hết ngày 28\/02\/2055/,
  );
  await checkPage(page, 'payee-suspended');

  // A remedy dated before the suspension: refused beside the field, what was typed kept.
  await page.getByLabel('Ngày khắc phục').fill('15/11/2054');
  await page.getByLabel('Đã khắc phục thế nào').fill('Người hưởng đã về lại địa phương');
  await page.getByRole('button', { name: 'Khôi phục chi trả' }).click();
  await page.waitForSelector('#remediedOn-error');
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  await expect(page.locator('#remediedOn-error').textContent()).resolves.toContain(
    'Không được trước ngày tạm dừng chi trả (20/11/2054)',
  );
  await expect(page.getByLabel('Đã khắc phục thế nào').inputValue()).resolves.toBe(
    'Người hưởng đã về lại địa phương',
  );
  await page.getByLabel('Ngày khắc phục').fill('30/11/2054');
  await page.getByRole('button', { name: 'Khôi phục chi trả' }).click();
  await page.waitForURL(/xong=3/);
  await expect(page.locator('.panel-success').textContent()).resolves.toContain('Đã khôi phục chi trả');
  await expect(section.count()).resolves.toBe(0);
  const { rows } = await api.db.pool.query(
    `SELECT e.status, l.lifted_by, to_char(l.remedied_on, 'YYYY-MM-DD') AS remedied_on
       FROM entitlements e JOIN entitlement_suspension_lifts l USING (dossier_code) WHERE e.dossier_code = $1`,
    [SUSPENDED],
  );
  expect(rows).toEqual([{ status: 'active', lifted_by: 'payment_officer.26170', remedied_on: '2054-11-30' }]);
});
