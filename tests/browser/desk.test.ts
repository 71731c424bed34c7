/**
 * The one-stop desk in a real browser, on the real stack: the intake clerk receives a walk-in application
 * with a scanned PDF, sees the code, the official appointment date and opens the receipt (form 01); a double
 * click makes one dossier; an empty form comes back with a message beside each field; a commune officer gets
 * the 403 page; an online submission appears in "chờ kiểm tra" and the clerk accepts it on the dossier page
 * with the keyboard alone. Every page: screenshot + axe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer } from '../helpers/browser';
import {
  eventually,
  openTaskId,
  sampleApplication,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';
import { DEMO_PASSWORD } from '../api/harness';
import { tinyPdf } from '../unit/attachments/files';

let api: DossierApi;
let browser: Browser;
let dir: string;
const scan = () => path.join(dir, 'to-khai-quet.pdf');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-desk-files-'));
  fs.writeFileSync(scan(), tinyPdf());
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function logIn(page: Page, username: string, to = '/can-bo/tiep-nhan'): Promise<void> {
  await openAsOfficer(page, api.baseUrl, to, { username, password: DEMO_PASSWORD });
}

async function clerkPage(): Promise<Page> {
  const context = await newContext(browser);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await logIn(page, 'intake_clerk.26170');
  return page;
}

async function openWalkInForm(page: Page, check = false): Promise<void> {
  await page.goto(`${api.baseUrl}/can-bo/tiep-nhan`);
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ trực tiếp' }).click();
  await page.waitForURL(/\/can-bo\/tiep-nhan\/moi$/);
  if (check) await checkPage(page, 'desk-choose');
  await page.getByRole('link', { name: 'Trợ cấp xã hội hằng tháng' }).first().click();
  await page.waitForURL(/\/can-bo\/tiep-nhan\/moi\/monthly-allowance$/);
}

async function fillWalkIn(page: Page, beneficiary: string): Promise<void> {
  await page.locator('#applicantFullName').fill('Nguyễn Thị Hoa');
  await page.locator('#applicantGender-female').check();
  await page.locator('#applicantPhone').fill('0912345678');
  await page.locator('#applicantAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await page.locator('#beneficiaryFullName').fill(beneficiary);
  await page.getByLabel('Ngày', { exact: true }).fill('15');
  await page.getByLabel('Tháng', { exact: true }).fill('3');
  await page.getByLabel('Năm', { exact: true }).fill('1941');
  await page.locator('input[name="beneficiaryGender"][value="male"]').check();
  await page.locator('#beneficiaryAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await page.getByLabel('Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng (khoản 5.5a').check();
  await page.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(scan());
}

const dossiersOf = async (beneficiary: string) =>
  (
    await api.db.pool.query<{ code: string; status: string; channel: string }>(
      `SELECT code, status, channel FROM dossiers WHERE beneficiary_name = $1`,
      [beneficiary],
    )
  ).rows;

test('the clerk receives a walk-in application with a scanned PDF and prints the receipt (form 01)', async () => {
  const page = await clerkPage();
  await expect(
    page.getByRole('link', { name: 'Tiếp nhận', exact: true }).getAttribute('aria-current'),
  ).resolves.toBe('page');
  await checkPage(page, 'desk-home');
  await openWalkInForm(page, true);
  // The commune is the clerk's own, shown, not a choice.
  await expect(page.locator('#communeCode').count()).resolves.toBe(0);
  await checkPage(page, 'desk-new');
  await fillWalkIn(page, 'Lê Văn Tám');
  await Promise.all([
    page.waitForURL(/\/can-bo\/tiep-nhan\/ket-qua\//),
    page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click(),
  ]);
  const code = ((await page.locator('.confirmation-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^26170-541201-\d{4}$/);
  const main = (await page.locator('main').textContent()) ?? '';
  expect(main).toContain('Ngày hẹn trả kết quả');
  expect(main).toMatch(/\d{2}\/12\/2054/);
  await checkPage(page, 'desk-result');

  const [receipt] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('link', { name: /Xem \/ In giấy tiếp nhận/ }).click(),
  ]);
  await receipt.waitForLoadState();
  await expect(receipt.content()).resolves.toContain('GIẤY TIẾP NHẬN HỒ SƠ');
  await expect(receipt.content()).resolves.toContain(code);
  await checkPage(receipt, 'desk-receipt');

  const [dossier] = await dossiersOf('Lê Văn Tám');
  expect(dossier).toMatchObject({ code, status: 'in_progress', channel: 'walk_in' });
  const { rows } = await api.db.pool.query(
    `SELECT count(*)::int AS n FROM attachments WHERE dossier_code = $1`,
    [code],
  );
  expect(rows[0].n).toBe(1);

  // The dossier's page offers the desk the form to record a withdrawal handed in on paper.
  await page.goto(`${api.baseUrl}/can-bo/ho-so/${code}`);
  await page.getByRole('heading', { name: 'Ghi nhận đơn rút hồ sơ' }).waitFor();
  await expect(page.getByLabel('Lý do rút hồ sơ').count()).resolves.toBe(1);
  await checkPage(page, 'desk-dossier-withdrawal-form');
  await page.context().close();
});

test('a double click on “Tiếp nhận hồ sơ” makes one dossier', async () => {
  const page = await clerkPage();
  await openWalkInForm(page);
  await fillWalkIn(page, 'Phạm Văn Chín');
  // The second click aborts the first navigation: wait for what the page shows, not for one navigation.
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).dblclick();
  await page.locator('.confirmation-code').waitFor({ timeout: 60_000 });
  expect(page.url()).toMatch(/\/can-bo\/tiep-nhan\/ket-qua\//);
  await expect(dossiersOf('Phạm Văn Chín')).resolves.toHaveLength(1);
  await page.context().close();
});

test('an empty form comes back with a message beside each field, 422', async () => {
  const page = await clerkPage();
  await openWalkInForm(page);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await page.locator('.error-summary').waitFor();
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  for (const id of ['applicantFullName', 'beneficiaryFullName', 'dobDay', 'clauses', 'toKhai']) {
    await expect(page.locator(`#${id}-error`).count()).resolves.toBe(1);
  }
  await checkPage(page, 'desk-new-errors');
  await page.context().close();
});

test('the walk-in form checks a field as the clerk leaves it, by the submission’s rule', async () => {
  const page = await clerkPage();
  await openWalkInForm(page);
  const phone = page.locator('#applicantPhone');
  await phone.fill('12345');
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/kiem-tra') && response.ok()),
    phone.press('Tab'),
  ]);
  await expect(page.locator('#applicantPhone-error').textContent()).resolves.toContain(
    'Nhập số điện thoại di động gồm 10 chữ số',
  );
  await checkPage(page, 'desk-new-inline-check');
  // Without the clerk's session the check answers nothing about the form.
  const anonymous = await fetch(`${api.baseUrl}/can-bo/tiep-nhan/moi/monthly-allowance/kiem-tra`, {
    method: 'POST',
    body: new URLSearchParams({ truong: 'applicantPhone', applicantPhone: '1' }),
    redirect: 'manual',
  });
  expect(anonymous.status).not.toBe(200);
  await page.context().close();
});

test('a commune officer gets the 403 page', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, 'commune_officer.26170', '/can-bo/viec-can-lam');
  await expect(page.getByRole('link', { name: 'Tiếp nhận', exact: true }).count()).resolves.toBe(0);
  const response = await page.goto(`${api.baseUrl}/can-bo/tiep-nhan`);
  expect(response?.status()).toBe(403);
  await checkPage(page, 'desk-forbidden');
  await context.close();
});

test('an online submission waits in “chờ kiểm tra” and the clerk accepts it with the keyboard', async () => {
  const submitted = await api.request<{ code: string }>('POST', '/api/dossiers', {
    json: {
      procedureId: 'monthly-allowance',
      application: sampleApplication({
        beneficiary: { ...sampleApplication().beneficiary, fullName: 'Đỗ Văn Mười' },
      }),
    },
  });
  expect(submitted.status).toBe(201);
  const code = submitted.body.code;
  await openTaskId(api, code, 'intake_check');

  const page = await clerkPage();
  const pending = page.locator('section', {
    has: page.getByRole('heading', { name: 'Hồ sơ nộp trực tuyến chờ kiểm tra' }),
  });
  await expect(pending.textContent()).resolves.toContain(code);
  await checkPage(page, 'desk-pending');

  await pending.getByRole('link', { name: new RegExp(code) }).focus();
  await Promise.all([page.waitForURL(new RegExp(`/can-bo/ho-so/${code}$`)), page.keyboard.press('Enter')]);
  for (const label of ['Tiếp nhận', 'Yêu cầu bổ sung hồ sơ (mẫu 02)', 'Từ chối tiếp nhận (mẫu 03)']) {
    await expect(page.getByRole('radio', { name: label, exact: true }).count()).resolves.toBe(1);
  }
  await checkPage(page, 'desk-intake-check');
  await page.getByRole('radio', { name: 'Tiếp nhận', exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Ghi nhận kết quả' }).focus();
  await Promise.all([page.waitForURL(/\?xong=1$/), page.keyboard.press('Enter')]);
  await expect(page.locator('.timeline').textContent()).resolves.toContain('Xử lý xong: Tiếp nhận');
  await checkPage(page, 'desk-intake-accepted');
  await openTaskId(api, code, 'verification');
  await eventually(async () => {
    const [row] = await dossiersOf('Đỗ Văn Mười');
    return row?.status === 'in_progress' ? row : undefined;
  }, 'the accepted dossier in progress');
  await page.context().close();
});
