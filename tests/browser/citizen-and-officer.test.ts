/**
 * The first pages in a real browser, on the real stack (Postgres, Temporal's time-skipping server, the worker):
 * a citizen on a phone finds the procedures and tracks a dossier by code and phone (also with JavaScript off);
 * a wrong phone is refused beside the field; an officer logs in, finds the task in the inbox and claims it with
 * the keyboard alone, and searches by name without diacritics. Every page is screenshotted and checked with axe.
 */
import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newContext, PHONE_VIEWPORT } from '../helpers/browser';
import { DEMO_PASSWORD } from '../api/harness';
import {
  completeOverApi,
  openTaskId,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';

const PHONE = '0912345678';

let api: DossierApi;
let browser: Browser;
let code: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday, no holiday in the next weeks
  const submitted = await api.request<{ code: string }>('POST', '/api/dossiers', {
    json: { procedureId: 'monthly-allowance', application: sampleApplication() },
  });
  code = submitted.body.code;
  await completeOverApi(api, code, 'intake_check', 'intake_clerk.26170');
  await openTaskId(api, code, 'verification');
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('citizen, on a phone', () => {
  test('sees the procedures on offer with their time in working days, and tracks the dossier', async () => {
    const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/`);
    await expect(page.title()).resolves.toBe('Thủ tục trợ giúp xã hội – Trợ giúp xã hội');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
    const monthly = page.locator('section.card', { hasText: 'Trợ cấp xã hội hằng tháng' }).first();
    await expect(monthly.textContent()).resolves.toContain('10 ngày làm việc');
    await checkPage(page, 'citizen-home-phone');

    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).first().click();
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill(PHONE);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL(`${api.baseUrl}/tra-cuu`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${code}`);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('Ngày hẹn trả kết quả');
    expect(body).toContain('15/12/2054'); // 10 working days from Tuesday 01/12
    expect(body).toContain('Xét duyệt hồ sơ');
    // The second factor never reaches the URL, and nothing sensitive reaches the page.
    expect(page.url()).not.toContain(PHONE);
    for (const value of Object.values(SENSITIVE)) expect(body).not.toContain(value);
    await checkPage(page, 'citizen-tracking-result-phone');
    await context.close();
  });

  test('a wrong phone number is refused beside the field, with the code kept', async () => {
    const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill('0987654321');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(page.title()).resolves.toMatch(/^Lỗi: Tra cứu hồ sơ/);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập',
    );
    await expect(page.getByLabel('Mã hồ sơ').inputValue()).resolves.toBe(code);
    await checkPage(page, 'citizen-tracking-wrong-phone');

    await page.getByLabel('Mã hồ sơ').fill('khong-phai-ma');
    await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill('12');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const summary = (await page.locator('.error-summary').textContent()) ?? '';
    expect(summary).toContain('Nhập mã hồ sơ đúng như trên Giấy tiếp nhận');
    expect(summary).toContain('Nhập số điện thoại di động đã ghi trong hồ sơ');
    await checkPage(page, 'citizen-tracking-invalid-input');
    await context.close();
  });

  test('tracking works with JavaScript turned off', async () => {
    const context = await newContext(browser, { viewport: PHONE_VIEWPORT, javaScript: false });
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByLabel('4 số cuối số định danh').check();
    await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill(SENSITIVE.applicantIdNumber.slice(-4));
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${code}`);
    await context.close();
  });

  test('an unknown page answers a Vietnamese 404 page, not JSON', async () => {
    const context = await newContext(browser, { viewport: PHONE_VIEWPORT });
    const page = await context.newPage();
    const response = await page.goto(`${api.baseUrl}/khong-co-trang-nay`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Không tìm thấy trang');
    await checkPage(page, 'not-found');
    await context.close();
  });
});

describe('officer, on a desktop', () => {
  test('logs in, sees the task due first in the inbox, and claims it with the keyboard alone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/can-bo/viec-can-lam`);
    await page.waitForURL(/\/can-bo\/dang-nhap\?tiep=/);
    await checkPage(page, 'officer-login');

    // Keyboard only: Tab from the top of the page to the fields and the button.
    await page.getByLabel('Tên đăng nhập').focus();
    await page.keyboard.type('commune_officer.26170');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.baseUrl}/can-bo/viec-can-lam`);
    const row = page.locator('tbody tr', { hasText: code });
    await expect(row.textContent()).resolves.toContain('Xét duyệt hồ sơ');
    await expect(row.locator('.tag').textContent()).resolves.toContain('Còn hạn');
    await checkPage(page, 'officer-inbox');

    const claim = row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` });
    await claim.focus();
    // htmx swaps the list in place (no reload); the button keeps the keyboard focus.
    await page.evaluate('window.notReloaded = true');
    await page.keyboard.press('Enter');
    const claimed = page.locator('tbody tr', { hasText: code });
    await claimed.getByRole('button', { name: `Trả lại hồ sơ ${code}` }).waitFor();
    await expect(claimed.textContent()).resolves.toContain('Đinh Văn Phúc'); // the seeded officer's name
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(String(await page.evaluate('document.activeElement?.textContent ?? ""'))).toMatch(/^\s*Trả lại/);
    await checkPage(page, 'officer-inbox-claimed');

    // Search by name without diacritics, from the navigation.
    await page.getByRole('link', { name: 'Tìm kiếm' }).click();
    await checkPage(page, 'officer-search');
    await page.getByLabel('Họ tên người được trợ giúp hoặc người nộp').fill('tran van bay');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tìm kiếm' }).click()]);
    const found = page.locator('tbody tr', { hasText: code });
    await expect(found.textContent()).resolves.toContain('Trần Văn Bảy');
    await checkPage(page, 'officer-search-results');
    await page.getByLabel('Nhận từ ngày').fill('05/12/2054');
    await page.getByLabel('Đến ngày').fill('01/12/2054');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tìm kiếm' }).click()]);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Ngày cuối không được trước ngày đầu',
    );
    await page.getByLabel('Đến ngày').fill('31/02/2054');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tìm kiếm' }).click()]);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Nhập ngày có thật, dạng ngày/tháng/năm',
    );
    await expect(page.getByLabel('Đến ngày').inputValue()).resolves.toBe('31/02/2054');
    await checkPage(page, 'officer-search-error');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${api.baseUrl}/can-bo/dang-nhap`);
    await context.close();
  });

  test('a wrong password re-renders the form with the message and without the password', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/can-bo/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('commune_officer.26170');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Tên đăng nhập hoặc mật khẩu không đúng',
    );
    await expect(page.getByLabel('Tên đăng nhập').inputValue()).resolves.toBe('commune_officer.26170');
    await expect(page.getByLabel('Mật khẩu').inputValue()).resolves.toBe('');
    await checkPage(page, 'officer-login-wrong-password');
    await context.close();
  });

  test('an expired session goes back to the login page, then to the page asked for', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/can-bo/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('commune_officer.26170');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(/viec-can-lam/),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    // Sessions last 12 hours: 13 hours later the cookie no longer opens anything.
    await api.sleep(13 * 60 * 60 * 1000);
    await page.goto(`${api.baseUrl}/can-bo/tim-kiem`);
    await page.waitForURL(/\/can-bo\/dang-nhap\?tiep=%2Fcan-bo%2Ftim-kiem/);
    await page.getByLabel('Tên đăng nhập').fill('commune_officer.26170');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/can-bo\/tim-kiem$/),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tìm kiếm hồ sơ');
    await context.close();
  });

  test('a form posted without its CSRF token is refused and changes nothing', async () => {
    const response = await fetch(`${api.baseUrl}/can-bo/dang-nhap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'commune_officer.26170', password: DEMO_PASSWORD }),
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie') ?? '').not.toContain('tgxh_session');
    expect(await response.text()).toContain('Biểu mẫu đã hết hạn');
  });
});
