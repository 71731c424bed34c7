/**
 * Forms 06 and 07 in a real browser, on the real stack: the commune officer prints the process-control slip
 * from the dossier page, then opens 'Sổ theo dõi' from the header, gets a period that is too long refused
 * beside the field (input kept), and downloads the register's print view, PDF and XLSX. Every page: axe.
 */
import { Workbook } from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { DOSSIER_REGISTER_HEADERS, DOSSIER_REGISTER_HEADER_ROW } from '../../documents';
import { DEMO_PASSWORD } from '../api/harness';
import { openTaskId, receiveAtDesk, startDossierApi, type DossierApi } from '../api/dossier-harness';
import { checkPage, launchBrowser, newContext, openAsOfficer } from '../helpers/browser';

let api: DossierApi;
let browser: Browser;
let code: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday
  code = await receiveAtDesk(api);
  const done = await api.request(
    'POST',
    `/api/tasks/${await openTaskId(api, code, 'verification')}/complete`,
    {
      token: await api.login('commune_officer.26170'),
      json: { outcome: 'approve' },
    },
  );
  expect(done.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function hrefOf(page: Page, name: string): Promise<string> {
  const href = await page.getByRole('link', { name }).getAttribute('href');
  if (!href) throw new Error(`no link "${name}"`);
  return `${api.baseUrl}${href}`;
}

test('the officer prints form 06 from the dossier page and form 07 from its own page', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await openAsOfficer(page, api.baseUrl, `/can-bo/ho-so/${code}`, {
    username: 'commune_officer.26170',
    password: DEMO_PASSWORD,
  });
  const slip = await page.request.get(await hrefOf(page, 'Xem bản in phiếu kiểm soát'));
  expect(slip.status()).toBe(200);
  const slipHtml = await slip.text();
  expect(slipHtml).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  expect(slipHtml).toContain('Trước hạn');
  const slipPdf = await page.request.get(await hrefOf(page, 'Tải PDF phiếu kiểm soát'));
  expect(slipPdf.headers()['content-type']).toBe('application/pdf');

  await Promise.all([
    page.waitForURL(`${api.baseUrl}/can-bo/so-theo-doi`),
    page.getByRole('link', { name: 'Sổ theo dõi' }).click(),
  ]);
  await expect(page.getByLabel('Đơn vị').inputValue()).resolves.toBe('26170');
  await checkPage(page, 'register-form');

  // A period longer than a year: refused beside 'Đến ngày', with what was typed kept.
  await page.getByLabel('Nhận từ ngày').fill('01/01/2054');
  await page.getByLabel('Đến ngày').fill('01/01/2055');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lập sổ' }).click()]);
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  await expect(page.locator('#to-error').textContent()).resolves.toContain('tối đa một năm');
  await expect(page.getByLabel('Nhận từ ngày').inputValue()).resolves.toBe('01/01/2054');
  await checkPage(page, 'register-form-error');

  await page.getByLabel('Nhận từ ngày').fill('01/12/2054');
  await page.getByLabel('Đến ngày').fill('31/12/2054');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lập sổ' }).click()]);
  const result = (await page.locator('main').textContent()) ?? '';
  expect(result).toContain('Từ ngày 01/12/2054 đến ngày 31/12/2054: 1 hồ sơ.');
  await checkPage(page, 'register-result');

  const printed = await page.request.get(await hrefOf(page, 'Xem bản in (mở trong trình duyệt)'));
  expect(printed.status()).toBe(200);
  expect(await printed.text()).toContain(code);
  const pdf = await page.request.get(await hrefOf(page, 'Tải bản PDF (A4 ngang)'));
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const xlsx = await page.request.get(await hrefOf(page, 'Tải tệp Excel (XLSX)'));
  expect(xlsx.status()).toBe(200);
  const workbook = new Workbook();
  await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect((sheet.getRow(DOSSIER_REGISTER_HEADER_ROW).values as unknown[]).slice(1)).toEqual([
    ...DOSSIER_REGISTER_HEADERS,
  ]);
  expect(sheet.getRow(DOSSIER_REGISTER_HEADER_ROW + 1).getCell(2).value).toBe(code);
  await context.close();
}, 120_000);
