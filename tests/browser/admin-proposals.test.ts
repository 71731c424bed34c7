/**
 * The proposals page in a real browser (Debian's Chromium) on the real pages and Postgres: the shipped
 * proposals with their source and confidence, one's own proposal without a confirm button, a rejection without
 * a reason refused beside the field, the reported base level confirmed with a double click (one confirmation,
 * the arrears shown), the holiday rejected. Every state is screenshotted and checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, PHONE_VIEWPORT } from '../helpers/browser';
import { insertMonthlyEntitlement } from '../helpers/dossier-rows';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

let api: TestApi;
let browser: Browser;
const PATH = '/quan-tri/de-xuat';

beforeAll(async () => {
  // Legal today: Tuesday 01/12/2054, as the other admin browser tests.
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, now: new Date('2054-12-01T02:00:00Z') }),
    launchBrowser(),
  ]);
  // 1.5 × 500.000 from 01/2054: each of the 12 months of 2054 was paid 60.000 đồng short of 1.5 × 540.000.
  await insertMonthlyEntitlement(api.db.pool, '26170-540105-0001', {
    signedOn: '2054-01-05',
    coefficient: 1.5,
    baseLevel: 500_000,
    startMonth: '2054-01',
  });
  const token = await api.login('admin.75');
  const proposed = await api.request('POST', '/api/admin/reference-proposals', {
    token,
    json: {
      kind: 'calendar_override',
      payload: { province: '75', date: '2055-06-15', status: 'off', reason: 'Ngày nghỉ riêng của tỉnh' },
      source: { reference: 'Quyết định số 12/QĐ-UBND', issuer: 'Ủy ban nhân dân tỉnh Đồng Nai' },
      confidence: 'verified',
    },
  });
  expect(proposed.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function adminPage(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await newContext(browser, viewport ? { viewport } : {})).newPage();
  await page.goto(`${api.baseUrl}${PATH}`);
  await page.getByLabel('Tên đăng nhập').fill('admin.75');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${api.baseUrl}${PATH}`), page.getByLabel('Mật khẩu').press('Enter')]);
  return page;
}

const card = (page: Page, text: string) => page.locator('section.proposal').filter({ hasText: text });

test('proposals shown with source and confidence; confirmed once with the arrears; rejected with a reason', async () => {
  const page = await adminPage();
  const level = card(page, 'Mức chuẩn trợ giúp xã hội 540.000 đồng/tháng, áp dụng từ ngày 01/07/2026');
  await expect(level.textContent()).resolves.toMatch(
    /Nghị định số 335\/2026\/NĐ-CP[\s\S]*Chính phủ[\s\S]*21\/08\/2026/,
  );
  await expect(level.locator('.tag').textContent()).resolves.toContain('Nguồn yếu [U]');
  const holiday = card(page, 'Ngày nghỉ lễ hằng năm 24/11');
  await expect(holiday.locator('.tag').textContent()).resolves.toContain('Nguồn thứ cấp [S]');
  const own = card(page, 'riêng của tỉnh 75 ngày 15/06/2055');
  await expect(own.textContent()).resolves.toContain('Đề xuất của bạn');
  await expect(own.getByRole('button', { name: /^Xác nhận/ }).count()).resolves.toBe(0);
  await checkPage(page, 'admin-proposals');

  // No reason: refused beside the field, the page otherwise as it was.
  await holiday.getByRole('button', { name: /^Từ chối/ }).click();
  await page.waitForSelector('.error-message');
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  const holidayId = await holiday.getAttribute('data-proposal');
  await expect(page.locator(`#reason-${holidayId}-error`).count()).resolves.toBe(1);
  await checkPage(page, 'admin-proposals-error');

  // A double click confirms once and lands on the result.
  await level.getByRole('button', { name: /^Xác nhận và áp dụng/ }).dblclick();
  await page.getByRole('status').waitFor({ timeout: 60_000 });
  expect(page.url()).toMatch(/da-xac-nhan=\d+/);
  const status = await page.getByRole('status').textContent();
  expect(status).toContain('Đã xác nhận và áp dụng: Mức chuẩn trợ giúp xã hội 540.000 đồng/tháng');
  expect(status?.replace(/\s+/g, ' ')).toContain('Truy lĩnh: 1 đối tượng, 12 tháng, tổng cộng 720.000 đồng');
  const { rows } = await api.db.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM audit_log WHERE action = 'reference.confirm'",
  );
  expect(Number(rows[0]!.n)).toBe(1);
  await checkPage(page, 'admin-proposals-confirmed');

  await card(page, 'Ngày nghỉ lễ hằng năm 24/11')
    .getByLabel(/^Lý do từ chối/)
    .fill('Chưa có số hiệu nghị quyết');
  await card(page, 'Ngày nghỉ lễ hằng năm 24/11')
    .getByRole('button', { name: /^Từ chối/ })
    .click();
  await page.getByRole('status').filter({ hasText: 'Đã từ chối' }).waitFor();
  await expect(page.locator('table').textContent()).resolves.toContain('Lý do: Chưa có số hiệu nghị quyết');
  await checkPage(page, 'admin-proposals-rejected');
  await page.context().close();
});

test('on a phone: no sideways scrolling', async () => {
  const page = await adminPage(PHONE_VIEWPORT);
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
      .document.documentElement;
    return root.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth;
  });
  expect(overflow).toBe(0);
  await checkPage(page, 'admin-proposals-phone');
  await page.context().close();
});
