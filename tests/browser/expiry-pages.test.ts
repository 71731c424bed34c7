/**
 * Rules that expire, as people see them in Chromium (screenshots and axe): the admin's warning on /quan-tri ten
 * days before the two-tier routes end, and the citizen's application form the day after they ended with no
 * successor — the refusal where the submit button was, and again, with the error summary, when posted anyway.
 * The in-memory clock is set from the seeds' end date, never from the day the test runs.
 */
import type { Browser } from 'playwright-core';
import { toDayNumber, toIsoDate } from '../../domain/calendar/day-number';
import { DECREE_147_LAST_DAY } from '../../domain/procedures/seeds/building-blocks';
import { DEFAULT_PROCEDURES } from '../../domain/procedures/seeds';
import { checkPage, launchBrowser, newContext, PHONE_VIEWPORT } from '../helpers/browser';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

const addDays = (date: string, days: number) => toIsoDate(toDayNumber(date) + days);
const morningOf = (date: string) => new Date(`${date}T02:00:00Z`);

let api: TestApi;
let browser: Browser;
beforeAll(async () => {
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, successors: false, now: morningOf(addDays(DECREE_147_LAST_DAY, -10)) }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

test('the admin start page warns ten days before the two-tier routes end', async () => {
  api.clock.now = morningOf(addDays(DECREE_147_LAST_DAY, -10));
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${api.baseUrl}/quan-tri`);
  await page.getByLabel('Tên đăng nhập').fill('admin.75');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${api.baseUrl}/quan-tri`), page.getByLabel('Mật khẩu').press('Enter')]);
  const warning = page.getByRole('status').filter({ hasText: 'chưa có quy định thay thế' });
  // Every seeded two-tier route ends with Decree 147 (the three aid procedures and the three allowance changes).
  const ending = DEFAULT_PROCEDURES.filter((procedure) => procedure.effectiveTo === DECREE_147_LAST_DAY);
  expect(ending.length).toBeGreaterThanOrEqual(3);
  await expect(warning.locator('li').count()).resolves.toBe(ending.length);
  await expect(warning.textContent()).resolves.toContain('(còn 10 ngày)');
  await checkPage(page, 'expiry-admin-warning');
});

test('the day after they end, the citizen reads the refusal by the form, on a phone', async () => {
  api.clock.now = morningOf(addDays(DECREE_147_LAST_DAY, 1));
  const page = await (await newContext(browser, { viewport: PHONE_VIEWPORT })).newPage();
  const response = await page.goto(`${api.baseUrl}/nop-ho-so/monthly-allowance`);
  expect(response?.status()).toBe(200);
  const refusal = page.locator('#thu-tuc-het-hieu-luc');
  await expect(refusal.textContent()).resolves.toContain('không còn được tiếp nhận');
  await expect(page.getByRole('button', { name: 'Gửi hồ sơ' }).count()).resolves.toBe(0);
  await expect(page.locator('.error-summary a[href="#thu-tuc-het-hieu-luc"]').count()).resolves.toBe(1);
  await checkPage(page, 'expiry-application-closed');
});
