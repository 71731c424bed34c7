/**
 * The report dashboard in a real browser: the province of tests/helpers/report-province.ts, an admin of it
 * looks at the first half of 2055 — charts with their tables, the backlog, the downloads — and a commune
 * officer sees their commune only; a date typed wrong comes back beside its field. Screenshotted, axe-checked.
 */
import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer, PHONE_VIEWPORT } from '../helpers/browser';
import { REPORT_PASSWORD, REPORT_TODAY, reportDossiers, reportProvince } from '../helpers/report-province';
import { startTestApi, type TestApi } from '../api/harness';

let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, seed: false, now: REPORT_TODAY }),
    launchBrowser(),
  ]);
  await reportProvince(api.db.pool);
  await reportDossiers(api.db.pool);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const PATH = '/can-bo/bao-cao?from=01%2F01%2F2055&to=30%2F06%2F2055';

test('an admin sees results per unit, working days per step and the backlog, as charts and tables', async () => {
  const page = await (await newContext(browser)).newPage();
  await openAsOfficer(page, api.baseUrl, PATH, { username: 'admin.99', password: REPORT_PASSWORD });
  await checkPage(page, 'reports-dashboard-admin');

  const chart = page.getByRole('img', {
    name: 'Hồ sơ đã giải quyết theo đơn vị: trước hạn, đúng hạn, quá hạn',
  });
  await chart.waitFor();
  const unitRow = page.getByRole('row', { name: /Xã Hai Cấp/ });
  // Hai Cấp, all procedures: received 8 (D1–D3, D6–D8, D10, D11), finished 6 (D1–D3, D5, D10, D11), early 5,
  // on time 1 (D2), late 0, in progress 2 (D7, D8).
  expect(await unitRow.getByRole('cell').allTextContents()).toEqual(['8', '6', '5', '1', '0', '2']);
  // Units in order: the province, its district and the district's commune, then the two-tier communes.
  expect(await page.getByRole('table').first().getByRole('rowheader').allTextContents()).toEqual([
    'Tỉnh Thử Nghiệm (Tỉnh)',
    'Huyện Cũ (Huyện)',
    'Xã Ba Cấp (Xã)',
    'Xã Hai Cấp (Xã)',
    'Xã Bên Sông (Xã)',
  ]);
  const steps = page.getByRole('table').nth(1);
  expect(
    await steps
      .getByRole('row', { name: /Xét duyệt hồ sơ/ })
      .getByRole('cell')
      .allTextContents(),
  ).toEqual(['Thực hiện trợ cấp xã hội hằng tháng', '6', '0', '3,3', '6']);
  await page.getByRole('heading', { name: 'Bước quá hạn đang tồn đọng' }).waitFor();

  const csvLink = page.getByRole('link', { name: 'CSV' }).first();
  const response = await page.request.get(new URL((await csvLink.getAttribute('href'))!, api.baseUrl).href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect((await response.text()).split('\r\n')[0]).toContain('Tiếp nhận trong kỳ');
});

test('a commune officer sees their commune; a date typed wrong is shown beside its field', async () => {
  const page = await (await newContext(browser, { viewport: PHONE_VIEWPORT })).newPage();
  await openAsOfficer(page, api.baseUrl, '/can-bo/bao-cao?from=31%2F02%2F2055', {
    username: 'commune_officer.99201',
    password: REPORT_PASSWORD,
  });
  await checkPage(page, 'reports-dashboard-error-phone');
  expect(await page.title()).toMatch(/^Lỗi: /);
  await page.getByText('Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 05/01/2026').first().waitFor();

  await page.goto(`${api.baseUrl}${PATH}`);
  await checkPage(page, 'reports-dashboard-commune-phone');
  const options = await page.getByLabel('Đơn vị').locator('option').allTextContents();
  expect(options).toEqual(['Xã Hai Cấp (99201)']);
  expect(await page.getByRole('row', { name: /Xã Bên Sông/ }).count()).toBe(0);
});
