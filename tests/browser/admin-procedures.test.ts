/**
 * The provincial admin changes a deadline in a real browser (Debian's Chromium) on the real API and pages
 * with Postgres (no workflow runs here, so no Temporal): logs in with the keyboard, opens the monthly
 * allowance, changes the verification step from 5 to 7 working days from a later date, sees the diff,
 * publishes, and finds the new version scheduled. Invalid values come back beside their fields; a double
 * submit of the confirmation publishes once; a commune officer gets the 403 page. Every page visited is
 * screenshotted and checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { successorVersionOf } from '../helpers/successor-versions';
import { checkPage, launchBrowser, newContext } from '../helpers/browser';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

const VERIFICATION = 'Xét duyệt hồ sơ, đối chiếu Cơ sở dữ liệu quốc gia về dân cư';

let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  // Legal today: Tuesday 01/12/2054 (the harness clock; pinned after 2054, tests/helpers/pinned-dates.ts).
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, now: new Date('2054-12-01T02:00:00Z') }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** Replaces a field's value from the keyboard: focus, select all, type. */
async function retype(page: Page, field: ReturnType<Page['getByLabel']>, value: string): Promise<void> {
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
}

async function versionsOfMonthlyAllowance(): Promise<number[]> {
  const token = await api.login('admin.75');
  const list = await api.request<{ procedures: Array<{ id: string; versions: Array<{ version: number }> }> }>(
    'GET',
    '/api/admin/procedures',
    { token },
  );
  return (list.body.procedures.find((procedure) => procedure.id === 'monthly-allowance')?.versions ?? []).map(
    (version) => version.version,
  );
}

/**
 * In 2054 the seeded two-tier route (v2) has ended (28/02/2027); the version in force is the successor the
 * harness published (tests/helpers/successor-versions.ts), and the admin's new version comes after it.
 */
const IN_FORCE = successorVersionOf('monthly-allowance');
const PUBLISHED = IN_FORCE + 1;

describe('provincial admin, on a desktop', () => {
  test('changes a step deadline, sees the diff and publishes a new version once', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/quan-tri/thu-tuc`);
    await page.waitForURL(/\/can-bo\/dang-nhap\?tiep=/);
    await logIn(page, 'admin.75');
    await page.waitForURL(`${api.baseUrl}/quan-tri/thu-tuc`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thủ tục và phiên bản');
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Quản trị' }).getAttribute('aria-current'),
    ).resolves.toBe('true');
    const monthly = page.locator('section.card[aria-labelledby="tt-monthly-allowance"]');
    await expect(monthly.textContent()).resolves.toContain('Đang có hiệu lực');
    await expect(monthly.textContent()).resolves.toContain(`Phiên bản ${IN_FORCE}, áp dụng từ 01/03/2027`);
    await checkPage(page, 'admin-procedures');

    await monthly.getByRole('link', { name: `Phiên bản ${IN_FORCE}` }).click();
    await page.waitForURL(new RegExp(`/quan-tri/thu-tuc/monthly-allowance/phien-ban/${IN_FORCE}$`));
    const verificationRow = page.locator('tbody tr', { hasText: VERIFICATION });
    await expect(verificationRow.textContent()).resolves.toContain('5 ngày làm việc');
    await checkPage(page, 'admin-procedure-version-2');

    await page.getByRole('link', { name: 'Sửa thời hạn (lập phiên bản mới)' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/monthly-allowance\/sua$/);
    await checkPage(page, 'admin-procedure-edit');
    const step = page.getByRole('group', { name: VERIFICATION, exact: true });
    const deadline = step.getByLabel('Thời hạn xử lý');
    const startDate = page.getByLabel('Ngày bắt đầu hiệu lực');

    // 0 days: the domain's message beside the field, in the summary, input kept, 422.
    await retype(page, deadline, '0');
    await retype(page, startDate, '05/01/2055');
    let [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(response?.status()).toBe(422);
    await expect(page.title()).resolves.toMatch(/^Lỗi: Sửa thời hạn/);
    const amountMessage = `Thời hạn của bước “${VERIFICATION}” phải là số nguyên dương`;
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(amountMessage);
    await expect(step.locator('.error-message').first().textContent()).resolves.toContain(amountMessage);
    await expect(deadline.inputValue()).resolves.toBe('0');
    await expect(startDate.inputValue()).resolves.toBe('05/01/2055');
    await checkPage(page, 'admin-procedure-edit-zero-days');

    // A start date before today (01/12/2054), said as dd/mm/yyyy beside the date field.
    await retype(page, deadline, '7');
    await retype(page, startDate, '30/11/2054');
    [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(response?.status()).toBe(422);
    await expect(page.locator('#effectiveFrom-error').textContent()).resolves.toContain(
      'Ngày bắt đầu hiệu lực không được trước hôm nay (01/12/2054)',
    );
    await expect(deadline.inputValue()).resolves.toBe('7');
    await checkPage(page, 'admin-procedure-edit-past-date');

    await retype(page, startDate, '05/01/2055');
    [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Kiểm tra trước khi công bố',
    );
    const changes = (await page.locator('ul.changes').innerText()).replace(/\s+/g, ' ');
    // "→" is seen; screen readers hear "thành" (visually hidden) instead.
    expect(changes).toContain(`${VERIFICATION}: thời hạn 5 ngày làm việc → thành 7 ngày làm việc`);
    await expect(page.locator('ul.changes li').count()).resolves.toBe(1); // nothing else changed
    await expect(page.locator('main').textContent()).resolves.toContain('05/01/2055');
    await checkPage(page, 'admin-procedure-review');

    // Double submit: the confirmation form posted twice at once, then clicked: one new version.
    const form = page.locator('form[action$="/cong-bo"]');
    const fields = await form
      .locator('input[type="hidden"]')
      .evaluateAll((inputs) =>
        inputs.map((input): [string, string] => [
          input.getAttribute('name') ?? '',
          input.getAttribute('value') ?? '',
        ]),
      );
    const cookie = (await context.cookies()).map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const post = () =>
      fetch(`${api.baseUrl}/quan-tri/thu-tuc/monthly-allowance/cong-bo`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      }).then((answer) => `${answer.status} ${answer.headers.get('location')}`);
    const statuses = await Promise.all([post(), post()]);
    const published = `303 /quan-tri/thu-tuc/monthly-allowance/phien-ban/${PUBLISHED}?da-cong-bo=1`;
    expect(statuses).toEqual([published, published]);
    const confirm = page.getByRole('button', { name: 'Xác nhận công bố' });
    await confirm.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForURL(
      new RegExp(`/quan-tri/thu-tuc/monthly-allowance/phien-ban/${PUBLISHED}\\?da-cong-bo=1$`),
    );
    expect(await versionsOfMonthlyAllowance()).toEqual([1, 2, IN_FORCE, PUBLISHED]);

    const banner = (await page.getByRole('status').textContent()) ?? '';
    expect(banner).toContain(`Đã công bố phiên bản ${PUBLISHED}`);
    expect(banner).toContain(
      'Hồ sơ đã tiếp nhận trước đó vẫn giải quyết theo phiên bản đã áp dụng khi tiếp nhận',
    );
    await expect(page.locator('tbody tr', { hasText: VERIFICATION }).textContent()).resolves.toContain(
      '7 ngày làm việc',
    );
    await expect(page.locator('.summary-list').textContent()).resolves.toContain('Sắp có hiệu lực');
    await checkPage(page, 'admin-procedure-published');

    await page.getByRole('link', { name: 'Thủ tục và phiên bản' }).click();
    const card = page.locator('section.card[aria-labelledby="tt-monthly-allowance"]');
    await expect(card.getByRole('heading', { level: 3 }).first().textContent()).resolves.toBe(
      'Sắp có hiệu lực',
    );
    await expect(card.locator('.version-list').first().textContent()).resolves.toContain(
      `Phiên bản ${PUBLISHED}, áp dụng từ 05/01/2055 · Công bố bởi admin.75 lúc 01/12/2054 09:00`,
    );
    await checkPage(page, 'admin-procedures-scheduled');

    // Base levels: amounts as "500.000 đồng", the one applying today marked (adding one: admin-pages.test.ts).
    // The header has one 'Quản trị' entry; the admin start page lists the admin pages.
    await page.getByRole('navigation').getByRole('link', { name: 'Quản trị' }).click();
    await page.waitForURL(`${api.baseUrl}/quan-tri`);
    await page.getByRole('main').getByRole('link', { name: 'Mức chuẩn trợ giúp xã hội' }).click();
    await page.waitForURL(`${api.baseUrl}/quan-tri/muc-chuan`);
    const current = page.locator('tbody tr', { hasText: 'Đang áp dụng' });
    await expect(current.count()).resolves.toBe(1);
    await expect(current.textContent()).resolves.toMatch(/\d{1,3}(\.\d{3})+ đồng/);
    await checkPage(page, 'admin-base-levels');
    await context.close();
  });

  test('a commune officer gets the 403 page and no admin link', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/can-bo/dang-nhap`);
    await logIn(page, 'commune_officer.26170');
    await expect(page.getByRole('link', { name: /Quản trị/ }).count()).resolves.toBe(0);
    const response = await page.goto(`${api.baseUrl}/quan-tri/thu-tuc`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Không có quyền truy cập',
    );
    await checkPage(page, 'admin-procedures-forbidden');
    const cookie = (await context.cookies()).map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute('value')) ?? '';
    const publish = (
      await fetch(`${api.baseUrl}/quan-tri/thu-tuc/monthly-allowance/cong-bo`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, key: '00000000-0000-4000-8000-000000000000' }),
        redirect: 'manual',
      })
    ).status;
    expect(publish).toBe(403);
    await context.close();
  });
});
