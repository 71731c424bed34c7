/**
 * A citizen applies online from a phone (390×844) with two real files, gets the receipt, tracks the dossier
 * with code + phone and sees the timeline; the desk accepts it and the officer downloads a file from the
 * dossier page; the same with JavaScript off (axe on a JavaScript-enabled copy of each page); fields checked as
 * the citizen leaves them (htmx), in the submission's words; oversized and wrong-type files are
 * refused beside their input; a double click makes one dossier; after the desk asks for a paper (form 02) the
 * citizen sends it from the tracking page. Every page is screenshotted and checked with axe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  checkPage,
  checkPageWithoutScripts,
  launchBrowser,
  newContext,
  PHONE_VIEWPORT,
} from '../helpers/browser';
import {
  completeOverApi,
  eventually,
  openTaskId,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';
import { DEMO_PASSWORD } from '../api/harness';
import { pdfOfSize, tinyPdf, tinyPng } from '../unit/attachments/files';

let api: DossierApi;
let browser: Browser;
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-browser-files-'));
  fs.writeFileSync(file('to-khai-mau-1d.pdf'), tinyPdf());
  fs.writeFileSync(file('giay-xac-nhan.png'), tinyPng());
  fs.writeFileSync(file('qua-lon.pdf'), pdfOfSize(11 * 1024 * 1024));
  fs.writeFileSync(file('khong-phai-pdf.pdf'), '<html><body>not a pdf</body></html>');
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fillApplication(page: Page, phone: string): Promise<void> {
  await page.locator('#applicantFullName').fill('Nguyễn Thị Hoa');
  await page.locator('#applicantGender-female').check();
  await page.locator('#applicantPhone').fill(phone);
  await page.locator('#applicantAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await page.locator('#applicantRelationship').fill('Con gái');
  await page.locator('#beneficiaryFullName').fill('Trần Văn Bảy');
  await page.getByLabel('Ngày', { exact: true }).fill('15');
  await page.getByLabel('Tháng', { exact: true }).fill('3');
  await page.getByLabel('Năm', { exact: true }).fill('1941');
  await page.locator('input[name="beneficiaryGender"][value="male"]').check();
  await page.locator('#beneficiaryAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await page.getByLabel('Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng (khoản 5.5a').check();
  await page.getByLabel('Xã, phường, thị trấn nơi người được trợ giúp cư trú').selectOption('26170');
}

async function applyAndTrack(javaScript: boolean, phone: string, name: string): Promise<string> {
  // With JavaScript off axe cannot run in the page itself: the page's HTML is checked in a copy that can.
  const check = (page: Page, shot: string) =>
    javaScript ? checkPage(page, shot) : checkPageWithoutScripts(page, shot);
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT, javaScript });
  context.setDefaultTimeout(20_000); // a stuck step fails with its own name, not the test's timeout
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/`);
  await page
    .locator('section.card', { hasText: 'Trợ cấp xã hội hằng tháng' })
    .first()
    .getByRole('link', { name: /Nộp hồ sơ trực tuyến/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Nộp hồ sơ trực tuyến');
  await check(page, `${name}-form`);
  await fillApplication(page, phone);
  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file('to-khai-mau-1d.pdf'));
  await page.getByLabel('Giấy tờ khác (nếu có)').setInputFiles(file('giay-xac-nhan.png'));
  await Promise.all([
    page.waitForURL(/\/nop-ho-so\/bien-nhan\//),
    page.getByRole('button', { name: 'Gửi hồ sơ' }).click(),
  ]);
  const code = ((await page.locator('.confirmation-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^26170-541201-\d{4}$/);
  const main = (await page.locator('main').textContent()) ?? '';
  expect(main).toContain('15/12/2054');
  expect(main).toContain('Việc tiếp theo');
  expect(main).not.toContain(phone);
  await check(page, `${name}-receipt`);

  await page.getByRole('link', { name: `Tra cứu hồ sơ ${code}` }).click();
  await expect(page.getByLabel('Mã hồ sơ').inputValue()).resolves.toBe(code);
  await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill(phone);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${code}`);
  await expect(page.locator('.timeline').textContent()).resolves.toContain('Kiểm tra');
  expect(page.url()).not.toContain(phone);
  await check(page, `${name}-tracking`);
  await context.close();
  return code;
}

test('on a phone: apply with two files, get the receipt, track with code and phone, see the timeline', async () => {
  const code = await applyAndTrack(true, '0912345678', 'citizen-apply-phone');
  const { rows } = await api.db.pool.query(
    `SELECT count(*)::int AS n FROM attachments WHERE dossier_code = $1`,
    [code],
  );
  expect(rows[0].n).toBe(2);

  // The desk accepts it; the commune officer opens it from the inbox and downloads the application form.
  await completeOverApi(api, code, 'intake_check', 'intake_clerk.26170');
  await openTaskId(api, code, 'verification');
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/can-bo/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill('commune_officer.26170');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL(/viec-can-lam/),
    page.getByRole('button', { name: 'Đăng nhập' }).click(),
  ]);
  await page.getByRole('link', { name: code }).click();
  await checkPage(page, 'officer-dossier-with-files');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /to-khai-mau-1d\.pdf/ }).click(),
  ]);
  const downloaded = fs.readFileSync((await download.path())!);
  expect(downloaded.equals(tinyPdf())).toBe(true);
  await context.close();
});

test('the same with JavaScript turned off', async () => {
  await applyAndTrack(false, '0912000111', 'citizen-apply-nojs');
});

test('fields are checked as the citizen leaves them (htmx), in the words the submission uses', async () => {
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/nop-ho-so/monthly-allowance`);
  const phone = page.locator('#applicantPhone');
  const phoneMessage = page.locator('#applicantPhone-error');
  await expect(phoneMessage.isVisible()).resolves.toBe(false);
  const leave = async (input: ReturnType<Page['locator']>, value: string) => {
    await input.fill(value);
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/kiem-tra') && response.ok()),
      input.press('Tab'),
    ]);
  };
  await leave(phone, '0912');
  await expect(phoneMessage.textContent()).resolves.toContain('Nhập số điện thoại di động gồm 10 chữ số');
  await expect(phoneMessage.isVisible()).resolves.toBe(true);
  await leave(page.locator('#beneficiaryIdNumber'), '12345');
  const idMessage = (await page.locator('#beneficiaryIdNumber-error').textContent()) ?? '';
  expect(idMessage).toContain('Số định danh cá nhân của người được trợ giúp');
  // Only the fields left so far: an untouched field says nothing yet.
  await expect(page.locator('#applicantFullName-error').textContent()).resolves.toBe('');
  // The page did not reload: what was typed is still there.
  await expect(phone.inputValue()).resolves.toBe('0912');
  await checkPage(page, 'citizen-apply-inline-check');
  const inline = await phoneMessage.textContent();

  // Sent as it is, the submission says the same beside the same fields.
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.locator('.error-summary').waitFor();
  await expect(page.locator('#applicantPhone-error').textContent()).resolves.toBe(inline);
  await expect(page.locator('#beneficiaryIdNumber-error').textContent()).resolves.toBe(idMessage);

  // Corrected, the message goes away as the citizen leaves the field.
  await leave(page.locator('#applicantPhone'), '0912345678');
  await expect(page.locator('#applicantPhone-error').textContent()).resolves.toBe('');
  await expect(page.locator('#applicantPhone-error').isVisible()).resolves.toBe(false);
  await context.close();
});

test('an oversized file and a file that is not PDF/JPG/PNG are refused beside their input, answers kept', async () => {
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/nop-ho-so/monthly-allowance`);
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  await expect(page.locator('.error-summary').textContent()).resolves.toContain(
    'Nhập họ và tên người nộp hồ sơ',
  );
  await checkPage(page, 'citizen-apply-empty');

  await fillApplication(page, '0912000222');
  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file('qua-lon.pdf'));
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await expect(page.locator('#toKhai-error').textContent()).resolves.toContain('lớn hơn 10 MB');
  await expect(page.locator('#applicantFullName').inputValue()).resolves.toBe('Nguyễn Thị Hoa');
  await checkPage(page, 'citizen-apply-too-large');

  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file('khong-phai-pdf.pdf'));
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await expect(page.locator('#toKhai-error').textContent()).resolves.toContain(
    'không phải là tệp PDF, JPG hoặc PNG',
  );
  await checkPage(page, 'citizen-apply-wrong-type');
  await context.close();
});

test('a double click on “Gửi hồ sơ” makes one dossier', async () => {
  const count = async () =>
    (
      await api.db.pool.query(
        `SELECT count(*)::int AS n FROM idempotency_keys WHERE scope = 'web application'`,
      )
    ).rows[0].n as number;
  const before = await count();
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/nop-ho-so/monthly-allowance`);
  await fillApplication(page, '0912000333');
  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file('to-khai-mau-1d.pdf'));
  // The second click aborts the first navigation: wait for what the page shows, not for one navigation.
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).dblclick();
  await page.locator('.confirmation-code').waitFor({ timeout: 60_000 });
  expect(page.url()).toMatch(/\/nop-ho-so\/bien-nhan\//);
  expect(await count()).toBe(before + 1);
  await context.close();
});

test('the desk asks for a paper (form 02) and the citizen sends it from the tracking page', async () => {
  const phone = '0912000444';
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/nop-ho-so/monthly-allowance`);
  await fillApplication(page, phone);
  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file('to-khai-mau-1d.pdf'));
  await Promise.all([
    page.waitForURL(/\/nop-ho-so\/bien-nhan\//),
    page.getByRole('button', { name: 'Gửi hồ sơ' }).click(),
  ]);
  const code = ((await page.locator('.confirmation-code').textContent()) ?? '').trim();

  const intake = await openTaskId(api, code, 'intake_check');
  const clerk = await api.login('intake_clerk.26170');
  const asked = await api.request('POST', `/api/tasks/${intake}/complete`, {
    token: clerk,
    json: {
      outcome: 'request_documents',
      reason: 'Thiếu giấy tờ',
      missingDocuments: ['Giấy xác nhận hộ nghèo'],
    },
  });
  expect(asked.status).toBe(200);
  await eventually(async () => {
    const { rows } = await api.db.pool.query(`SELECT status FROM dossiers WHERE code = $1`, [code]);
    return rows[0]?.status === 'awaiting_supplement' ? true : undefined;
  }, 'the request for documents');

  await page.goto(`${api.baseUrl}/tra-cuu?ma=${code}`);
  await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill(phone);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(page.locator('#bo-sung').textContent()).resolves.toBe('Cần bổ sung giấy tờ');
  await checkPage(page, 'citizen-supplement-asked');
  await page.getByLabel('Giấy xác nhận hộ nghèo').setInputFiles(file('giay-xac-nhan.png'));
  await page.getByRole('button', { name: 'Gửi giấy tờ bổ sung' }).click();
  await expect(page.locator('.confirmation').textContent()).resolves.toContain('Đã gửi giấy tờ bổ sung');
  await checkPage(page, 'citizen-supplement-sent');
  const { rows } = await api.db.pool.query(
    `SELECT kind FROM attachments WHERE dossier_code = $1 ORDER BY created_at`,
    [code],
  );
  expect(rows.map((row) => row.kind)).toEqual([
    'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)',
    'Giấy xác nhận hộ nghèo',
  ]);
  await context.close();
});
