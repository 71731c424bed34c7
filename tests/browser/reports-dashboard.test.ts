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

test('an admin enters the plan report’s own figures: errors beside their fields, then the report shows them', async () => {
  const page = await (await newContext(browser)).newPage();
  await openAsOfficer(page, api.baseUrl, '/quan-tri/chi-tieu-ke-hoach?nam=2055', {
    username: 'admin.99',
    password: REPORT_PASSWORD,
  });
  await page.getByText('Chưa có số liệu nào được nhập cho năm 2055.').waitFor();
  await page.getByLabel('Đơn vị').selectOption('99201');
  await page.getByLabel('Số người có hoàn cảnh đặc biệt khó khăn (năm 2055)').fill('một trăm');
  await page.getByLabel('Số người được cung cấp dịch vụ trợ giúp xã hội toàn diện').fill('');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await page.waitForSelector('#peopleInSpecialHardship-error');
  expect(await page.title()).toMatch(/^Lỗi: /);
  expect(await page.locator('#peopleInSpecialHardship-error').textContent()).toContain(
    'Nhập số người, chữ số, ví dụ 1.250',
  );
  expect(await page.locator('#comprehensiveServices-error').textContent()).toContain(
    'Nhập số người được cung cấp dịch vụ toàn diện',
  );
  // What was typed stays, and the unit chosen.
  expect(await page.getByLabel('Số người có hoàn cảnh đặc biệt khó khăn (năm 2055)').inputValue()).toBe(
    'một trăm',
  );
  expect(await page.getByLabel('Đơn vị').inputValue()).toBe('99201');
  await checkPage(page, 'admin-plan-inputs-errors');

  // More served comprehensively than live in hardship: the use case's own rule, beside its field.
  await page.getByLabel('Số người có hoàn cảnh đặc biệt khó khăn (năm 2055)').fill('1.000');
  await page.getByLabel('Số người được cung cấp dịch vụ trợ giúp xã hội toàn diện').fill('1.200');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await page.waitForSelector('#comprehensiveServices-error');
  expect(await page.locator('#comprehensiveServices-error').textContent()).toContain('không được lớn hơn');
  expect(
    (await api.db.pool.query(`SELECT 1 FROM plan_report_inputs WHERE unit_code = '99201'`)).rowCount,
  ).toBe(0);

  await page.getByLabel('Số người được cung cấp dịch vụ trợ giúp xã hội toàn diện').fill('400');
  await page.getByLabel('Ghi chú (nếu có)').fill('Rà soát của xã, tháng 10/2055');
  await page.getByRole('button', { name: 'Lưu số liệu' }).click();
  await page.getByRole('status').waitFor();
  expect(await page.getByRole('status').textContent()).toContain('Đã lưu số liệu năm 2055 của Xã Hai Cấp');
  expect(await page.locator('tr[data-unit="99201"]').textContent()).toContain('1000');
  await checkPage(page, 'admin-plan-inputs-saved');

  const plan = await api.request<{ tables: Array<{ rows: Array<Record<string, unknown>> }> }>(
    'GET',
    '/api/reports/plan?from=2055-01-01&to=2055-12-31&unitCode=99201',
    { token: await api.login('admin.99', REPORT_PASSWORD) },
  );
  expect(plan.body.tables[0]!.rows[0]).toMatchObject({
    unitCode: '99201',
    peopleInSpecialHardship: 1000,
    comprehensiveServices: 400,
  });
});
