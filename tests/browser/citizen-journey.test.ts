/**
 * One dossier followed from the citizen's phone to the decision, every step in a real browser on the real stack
 * (Postgres, Temporal's time-skipping server, the worker), as issue 10's acceptance items 1 and 2 tell it:
 * the citizen applies online on a 390×844 phone with a PDF and a PNG, gets the receipt and tracks the dossier
 * with code + phone; the desk clerk accepts that online submission on its page; the commune officer finds it in
 * the inbox, downloads the citizen's PNG (the very bytes uploaded) and approves; the posting runs out; the
 * chairman decides on the page; the citizen tracks again and downloads the decision as a PDF naming the
 * beneficiary and carrying the decision's number. Every page: screenshot + axe.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import {
  checkPage,
  launchBrowser,
  newContext,
  openAsOfficer,
  PHONE_VIEWPORT,
  SCREENSHOTS,
} from '../helpers/browser';
import { readPdfText } from '../helpers/pdf-text';
import { eventually, openTaskId, startDossierApi, type DossierApi } from '../api/dossier-harness';
import { DEMO_PASSWORD } from '../api/harness';
import { tinyPdf, tinyPng } from '../unit/attachments/files';

const PHONE = '0912345678';
const BENEFICIARY = 'Trần Văn Bảy';
const FORM_FILE = 'to-khai-mau-1d.pdf';
const PHOTO_FILE = 'giay-xac-nhan-ho-ngheo.png';

let api: DossierApi;
let browser: Browser;
let dir: string;
const file = (name: string) => path.join(dir, name);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-journey-files-'));
  fs.writeFileSync(file(FORM_FILE), tinyPdf());
  fs.writeFileSync(file(PHOTO_FILE), tinyPng());
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday; no holiday before the decision
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function officerPage(username: string, to: string): Promise<Page> {
  const context = await newContext(browser);
  context.setDefaultTimeout(20_000); // a stuck step fails with its own name, not the test's timeout
  const page = await context.newPage();
  await openAsOfficer(page, api.baseUrl, to, { username, password: DEMO_PASSWORD });
  return page;
}

/** Chooses an outcome on the officer's dossier page and waits for the page that says it was recorded. */
async function recordOutcome(page: Page, outcome: string): Promise<void> {
  await page.getByRole('radio', { name: outcome, exact: true }).check();
  await Promise.all([
    page.waitForURL(/\?xong=1$/),
    page.getByRole('button', { name: 'Ghi nhận kết quả' }).click(),
  ]);
  await expect(page.locator('[role=status]').textContent()).resolves.toContain('Đã ghi nhận kết quả xử lý');
}

/**
 * The next file the context's browser saves, whichever page it lands on: a form with target="_blank" opens a
 * tab that Chromium closes as soon as its answer turns out to be a file, and the download may be told to the
 * tab or to the page that opened it.
 */
function firstDownload(context: BrowserContext): Promise<Download> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no download within 20 s')), 20_000);
    const listen = (page: Page) =>
      page.once('download', (download) => {
        clearTimeout(timer);
        resolve(download);
      });
    context.pages().forEach(listen);
    context.on('page', listen);
  });
}

async function applyOnline(citizen: Page): Promise<string> {
  await citizen.goto(`${api.baseUrl}/`);
  await checkPage(citizen, 'journey-01-citizen-home');
  await citizen
    .locator('section.card', { hasText: 'Trợ cấp xã hội hằng tháng' })
    .first()
    .getByRole('link', { name: /Nộp hồ sơ trực tuyến/ })
    .click();
  await expect(citizen.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Nộp hồ sơ trực tuyến',
  );
  await citizen.locator('#applicantFullName').fill('Nguyễn Thị Hoa');
  await citizen.locator('#applicantGender-female').check();
  await citizen.locator('#applicantPhone').fill(PHONE);
  await citizen.locator('#applicantAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await citizen.locator('#applicantRelationship').fill('Con gái');
  await citizen.locator('#beneficiaryFullName').fill(BENEFICIARY);
  await citizen.getByLabel('Ngày', { exact: true }).fill('15');
  await citizen.getByLabel('Tháng', { exact: true }).fill('3');
  await citizen.getByLabel('Năm', { exact: true }).fill('1941');
  await citizen.locator('input[name="beneficiaryGender"][value="male"]').check();
  await citizen.locator('#beneficiaryAddress').fill('Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai');
  await citizen.getByLabel('Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng (khoản 5.5a').check();
  await citizen.getByLabel('Xã, phường, thị trấn nơi người được trợ giúp cư trú').selectOption('26170');
  await citizen.getByLabel('Tờ khai đề nghị trợ giúp xã hội').setInputFiles(file(FORM_FILE));
  await citizen.getByLabel('Giấy tờ khác (nếu có)').setInputFiles(file(PHOTO_FILE));
  await checkPage(citizen, 'journey-02-citizen-form-filled');
  await Promise.all([
    citizen.waitForURL(/\/nop-ho-so\/bien-nhan\//),
    citizen.getByRole('button', { name: 'Gửi hồ sơ' }).click(),
  ]);
  const code = ((await citizen.locator('.confirmation-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^26170-541201-\d{4}$/);
  const receipt = (await citizen.locator('main').textContent()) ?? '';
  expect(receipt).toContain('15/12/2054'); // 10 working days from Tuesday 01/12
  expect(receipt).toContain('Việc tiếp theo');
  expect(receipt).not.toContain(PHONE);
  await checkPage(citizen, 'journey-03-citizen-receipt');
  return code;
}

async function track(citizen: Page, code: string, shot: string): Promise<string> {
  await citizen.goto(`${api.baseUrl}/tra-cuu`);
  await citizen.getByLabel('Mã hồ sơ').fill(code);
  await citizen.getByLabel('Số điện thoại hoặc 4 số cuối').fill(PHONE);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(citizen.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${code}`);
  expect(citizen.url()).not.toContain(PHONE);
  await checkPage(citizen, shot);
  return (await citizen.locator('.timeline').textContent()) ?? '';
}

/**
 * The steps share one dossier and one citizen's browser, in order; each is its own test so that a failure names
 * its step (the later ones then fail on the missing dossier).
 */
describe("one dossier from the citizen's phone to the downloaded decision", () => {
  let citizenContext: BrowserContext;
  let citizen: Page;
  let code: string;
  let decisionNumber: string | undefined;

  beforeAll(async () => {
    citizenContext = await newContext(browser, { viewport: PHONE_VIEWPORT });
    citizenContext.setDefaultTimeout(20_000);
    citizen = await citizenContext.newPage();
  });
  afterAll(async () => {
    await citizenContext?.close();
  });

  test('1. the citizen applies on a phone with a PDF and a PNG, gets the receipt, tracks and sees the timeline', async () => {
    code = await applyOnline(citizen);
    const uploaded = await api.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attachments WHERE dossier_code = $1',
      [code],
    );
    expect(uploaded.rows[0]?.n).toBe(2);
    await citizen.getByRole('link', { name: `Tra cứu hồ sơ ${code}` }).click();
    await expect(citizen.getByLabel('Mã hồ sơ').inputValue()).resolves.toBe(code);
    await citizen.getByLabel('Số điện thoại hoặc 4 số cuối').fill(PHONE);
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(citizen.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${code}`);
    expect(citizen.url()).not.toContain(PHONE);
    await expect(citizen.locator('.timeline').textContent()).resolves.toContain('Kiểm tra');
    await checkPage(citizen, 'journey-04-citizen-tracking-submitted');
  });

  test('2. the desk clerk accepts the online submission on its page', async () => {
    await openTaskId(api, code, 'intake_check');
    const clerk = await officerPage('intake_clerk.26170', '/can-bo/tiep-nhan');
    const pending = clerk.locator('section', {
      has: clerk.getByRole('heading', { name: 'Hồ sơ nộp trực tuyến chờ kiểm tra' }),
    });
    await expect(pending.textContent()).resolves.toContain(code);
    await checkPage(clerk, 'journey-05-desk-pending');
    await Promise.all([
      clerk.waitForURL(new RegExp(`/can-bo/ho-so/${code}$`)),
      pending.getByRole('link', { name: new RegExp(code) }).click(),
    ]);
    await checkPage(clerk, 'journey-06-desk-intake-check');
    await recordOutcome(clerk, 'Tiếp nhận');
    await expect(clerk.locator('.timeline').textContent()).resolves.toContain('Xử lý xong: Tiếp nhận');
    await checkPage(clerk, 'journey-07-desk-accepted');
    await clerk.context().close();
  });

  test("3. the commune officer finds it in the inbox, downloads the citizen's PNG and approves", async () => {
    await openTaskId(api, code, 'verification');
    const officer = await officerPage('commune_officer.26170', '/can-bo/viec-can-lam');
    await checkPage(officer, 'journey-08-officer-inbox');
    await Promise.all([
      officer.waitForURL(`${api.baseUrl}/can-bo/ho-so/${code}`),
      officer.getByRole('link', { name: code }).click(),
    ]);
    const dossier = (await officer.locator('main').textContent()) ?? '';
    expect(dossier).toContain(BENEFICIARY);
    expect(dossier).toContain(FORM_FILE);
    await checkPage(officer, 'journey-09-officer-dossier');
    const [download] = await Promise.all([
      officer.waitForEvent('download'),
      officer.getByRole('link', { name: new RegExp(PHOTO_FILE.replace(/\./g, '\\.')) }).click(),
    ]);
    const downloadedPath = await download.path();
    expect(downloadedPath).toBeTruthy();
    expect(sha256(fs.readFileSync(downloadedPath!))).toBe(sha256(tinyPng()));
    await recordOutcome(officer, 'Đồng ý');
    await expect(officer.locator('.timeline').textContent()).resolves.toMatch(
      /Niêm yết công khai đến hết ngày \d{2}\/\d{2}\/2054/,
    );
    await checkPage(officer, 'journey-10-officer-approved');
    await officer.context().close();
  });

  test('4. the posting runs out and the chairman decides on the page', async () => {
    // The posting runs out: its timer must be running before the clock moves, or it would start after the skip.
    await eventually(async () => {
      const { rows } = await api.db.pool.query(
        `SELECT 1 FROM dossier_events WHERE dossier_code = $1 AND type = 'posting_started'`,
        [code],
      );
      return rows.length ? true : undefined;
    }, 'the posting');
    await api.skipTo('2054-12-04', 8); // the posting ran Wed 02 – Thu 03
    await openTaskId(api, code, 'commune_decision');

    const chairman = await officerPage('commune_chairman.26170', '/can-bo/viec-can-lam');
    await checkPage(chairman, 'journey-11-chairman-inbox');
    await Promise.all([
      chairman.waitForURL(`${api.baseUrl}/can-bo/ho-so/${code}`),
      chairman.getByRole('link', { name: code }).click(),
    ]);
    await checkPage(chairman, 'journey-12-chairman-decision-step');
    await recordOutcome(chairman, 'Đồng ý');
    const decided = (await chairman.locator('main').textContent()) ?? '';
    decisionNumber = /Số: \d+\/QĐ-UBND/.exec(decided)?.[0];
    expect(decisionNumber).toBeDefined();
    expect(decided).toMatch(/\d{1,3}(\.\d{3})+ đồng/);
    await checkPage(chairman, 'journey-13-chairman-decided');
    await chairman.context().close();
  });

  test('5. the citizen tracks again and downloads the decision', async () => {
    const timeline = await track(citizen, code, 'journey-14-citizen-tracking-decided');
    expect(timeline).toContain('Niêm yết');
    const button = citizen.getByRole('button', { name: /Tải về Quyết định/ });
    await expect(button.count()).resolves.toBe(1);
    // The form opens a new tab (an HTML document would show there); a PDF comes as a file to save.
    const [decision] = await Promise.all([firstDownload(citizenContext), button.click()]);
    expect(decision.suggestedFilename()).toMatch(/\.pdf$/);
    const pdfPath = await decision.path();
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Kept beside the screenshots, to be looked at as the citizen would.
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'journey-15-citizen-decision.pdf'), pdf);
    const text = readPdfText(pdfPath).text;
    expect(text).toContain(BENEFICIARY);
    expect(text).toContain(decisionNumber!);
    // Điều 3 names the beneficiary among those who carry the decision out, once.
    expect(text.replace(/\s+/g, ' ')).toMatch(
      new RegExp(`tổ chức dịch vụ chi trả và Ông ${BENEFICIARY} chịu trách nhiệm thi hành`, 'i'),
    );
  });
});
