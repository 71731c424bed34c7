/**
 * The commune officer starts a termination of a monthly allowance from the beneficiary's dossier page, in a
 * real browser on the real stack (issue 14): the links on the dossier page, the form with each message beside
 * its field and the input kept, the new change dossier's page; a second change meanwhile is refused in words.
 * Every page: screenshot + axe.
 */
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer } from '../helpers/browser';
import {
  completeOverApi,
  eventually,
  receiveAtDesk,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';
import { DEMO_PASSWORD } from '../api/harness';

let api: DossierApi;
let browser: Browser;
let granted: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday
  granted = await receiveAtDesk(api);
  await completeOverApi(api, granted, 'verification', 'commune_officer.26170');
  await api.skipTo('2054-12-04', 8); // the posting has ended
  await completeOverApi(api, granted, 'commune_decision', 'commune_chairman.26170');
  await eventually(
    async () =>
      (await api.db.pool.query('SELECT 1 FROM entitlements WHERE dossier_code = $1', [granted])).rowCount ||
      undefined,
    'the entitlement',
  );
  await api.skipTo('2054-12-22', 9); // Tuesday
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function officerPage(path: string): Promise<Page> {
  const context = await newContext(browser);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await openAsOfficer(page, api.baseUrl, path, {
    username: 'commune_officer.26170',
    password: DEMO_PASSWORD,
  });
  return page;
}

test('termination from the dossier page: errors beside the fields, then the new dossier', async () => {
  const page = await officerPage(`/can-bo/ho-so/${granted}`);
  const changes = page.getByRole('navigation', { name: 'Thay đổi trợ cấp' });
  await changes.getByRole('link', { name: 'Thôi hưởng trợ cấp xã hội hằng tháng' }).click();
  await page.waitForURL(/\/tro-cap\/thoi-huong$/);
  await checkPage(page, 'entitlement-termination-form');

  await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await page.waitForSelector('.error-summary');
  expect(await page.title()).toMatch(/^Lỗi: /);
  expect(await page.locator('#reasonCode-death-error').innerText()).toContain('Chọn lý do thôi hưởng');
  expect(await page.locator('#eventDate-error').innerText()).toContain('Nhập ngày xảy ra sự việc');
  await checkPage(page, 'entitlement-termination-errors');

  await page.getByLabel('Người hưởng trợ cấp đã chết').check();
  await page.getByLabel('Ngày xảy ra sự việc').fill('23/12/2054');
  await page.getByLabel('Ghi chú (không bắt buộc)').fill('Giấy báo tử số 12/2054');
  await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await page.waitForSelector('#eventDate-error');
  expect(await page.locator('#eventDate-error').innerText()).toContain('Không được sau ngày hôm nay');
  // What was typed is kept.
  expect(await page.getByLabel('Người hưởng trợ cấp đã chết').isChecked()).toBe(true);
  expect(await page.getByLabel('Ghi chú (không bắt buộc)').inputValue()).toBe('Giấy báo tử số 12/2054');

  await page.getByLabel('Ngày xảy ra sự việc').fill('20/12/2054');
  await Promise.all([
    page.waitForURL(/\/can-bo\/ho-so\/26170-541222-\d{4}\?xong=5$/),
    page.getByRole('button', { name: 'Tạo hồ sơ' }).click(),
  ]);
  expect(await page.locator('main').innerText()).toContain('Đã tạo hồ sơ thay đổi trợ cấp');
  expect(await page.locator('h1').innerText()).toContain('26170-541222-');
  // What the officer who verifies and the chairman who decides read.
  const main = await page.locator('main').innerText();
  expect(main).toContain('Đề nghị: Thôi hưởng trợ cấp xã hội hằng tháng');
  expect(main).toContain('Người hưởng trợ cấp đã chết');
  expect(main).toContain('20/12/2054; thôi hưởng tại nơi đang chi trả từ tháng 01/2055');
  expect(main).toContain('Giấy báo tử số 12/2054');
  await checkPage(page, 'entitlement-change-dossier');
  const changeCode = new URL(page.url()).pathname.split('/').at(-1)!;

  // The beneficiary's dossier lists it.
  await page.getByRole('link', { name: granted }).click();
  await page.waitForURL(new RegExp(`/can-bo/ho-so/${granted}$`));
  expect(await page.getByRole('link', { name: changeCode }).count()).toBe(1);

  const { rows } = await api.db.pool.query(
    'SELECT kind, reason_code, event_date, details FROM entitlement_changes WHERE entitlement_code = $1',
    [granted],
  );
  expect(rows).toEqual([
    {
      kind: 'termination',
      reason_code: 'death',
      event_date: '2054-12-20',
      details: 'Giấy báo tử số 12/2054',
    },
  ]);
});

test('a relocation while the termination is being decided is refused in words on the form', async () => {
  const page = await officerPage(`/can-bo/ho-so/${granted}/tro-cap/chuyen-noi`);
  await checkPage(page, 'entitlement-relocation-form');
  await page.getByLabel('Ngày chuyển đến nơi cư trú mới').fill('20/12/2054');
  await page.getByLabel('Xã, phường nơi cư trú mới').selectOption({ label: 'Xã Hố Nai 3' });
  await page.getByRole('button', { name: 'Tạo hồ sơ' }).click();
  await page.waitForSelector('.panel-warning');
  expect(await page.locator('.panel-warning').innerText()).toContain('đang có hồ sơ thay đổi');
  expect(await page.getByLabel('Xã, phường nơi cư trú mới').inputValue()).toBe('26173');
});
