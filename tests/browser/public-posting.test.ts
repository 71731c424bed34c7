/**
 * A commune's public posting in a real browser: the entries show name, birth year, hamlet and a category label
 * that never names HIV — never ID numbers, dates of birth, phones or full addresses; anyone objects to an entry
 * with name, phone and content, the errors shown beside the fields; a repeated submission files one complaint.
 */
import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newContext, PHONE_VIEWPORT } from '../helpers/browser';
import {
  completeOverApi,
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';

let api: DossierApi;
let browser: Browser;
let code: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday; the posting runs 02–03/12
  const application = sampleApplication();
  application.beneficiary = { ...application.beneficiary, qualifications: [{ clause: '5.8' }] };
  code = await receiveAtDesk(api, { application });
  await completeOverApi(api, code, 'verification', 'commune_officer.26170');
  await openTaskId(api, code, 'public_posting').catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function complaintTasks(): Promise<number> {
  const { rows } = await api.db.pool.query(
    `SELECT id FROM tasks WHERE dossier_code = $1 AND kind = 'complaint'`,
    [code],
  );
  return rows.length;
}

test('the posting shows the public fields only, and takes an objection once', async () => {
  const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/`);
  await page.getByRole('link', { name: 'Xã Trảng Bom' }).click();
  const entry = page.locator('section.card', { hasText: 'Trần Văn Bảy' });
  await entry.waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).toContain('1941');
  expect(text).toContain('Khu phố 3');
  expect(text).toContain('Người thuộc hộ nghèo không có nguồn thu nhập ổn định hằng tháng');
  for (const value of [...Object.values(SENSITIVE), 'HIV', '0912345678', 'xã Trảng Bom, tỉnh']) {
    expect(text).not.toContain(value);
  }
  await checkPage(page, 'posting-phone');

  await entry.getByText('Gửi ý kiến, khiếu nại về trường hợp này').click();
  await entry.getByRole('button', { name: /Gửi ý kiến/ }).click();
  await expect(page.locator('.error-summary').textContent()).resolves.toContain('Nhập họ và tên người gửi');
  await expect(page.title()).resolves.toMatch(/^Lỗi: /);
  await checkPage(page, 'posting-objection-errors');
  expect(await complaintTasks()).toBe(0);

  const form = page.locator('section.card', { hasText: 'Trần Văn Bảy' });
  await form.getByLabel('Họ và tên người gửi').fill('Phạm Thị Lan');
  await form.getByLabel('Số điện thoại').fill('0987654321');
  await form.getByLabel('Nội dung ý kiến, khiếu nại').fill('Gia đình ông Bảy có con trai đang nuôi dưỡng.');
  // What the browser would send again on a double click: the same form, the same complaint id.
  const again = Object.fromEntries(
    await form
      .locator('form input, form textarea')
      .evaluateAll((fields) =>
        fields.map((field) => [
          field.getAttribute('name') ?? '',
          (field as unknown as { value: string }).value,
        ]),
      ),
  ) as Record<string, string>;
  const action = await form.locator('form').getAttribute('action');
  await form.getByRole('button', { name: /Gửi ý kiến/ }).click();
  await expect(page.locator('.panel-success').textContent()).resolves.toContain('Đã nhận khiếu nại');
  await checkPage(page, 'posting-objection-filed');
  for (let attempt = 0; attempt < 100 && (await complaintTasks()) === 0; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await complaintTasks()).toBe(1);

  const resent = await page.request.post(`${api.baseUrl}${action}`, { form: again });
  expect(resent.status()).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await complaintTasks()).toBe(1);
  await context.close();
});
