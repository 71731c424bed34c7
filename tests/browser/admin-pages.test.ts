/**
 * The provincial admin's other pages in a real browser (Debian's Chromium) on the real API and pages with
 * Postgres: users (create one and log in as them in another browser context, reset a password, deactivate
 * one), the 2054 working calendar (Tết and 01/05 marked, a provincial override added), units (a commune
 * added) and document templates (a broken change previewed with Handlebars' message, then a valid one saved).
 * Every page visited is screenshotted and checked with axe.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, PHONE_VIEWPORT } from '../helpers/browser';
import { DEMO_PASSWORD, startTestApi, type TestApi } from '../api/harness';

let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  // Legal today: Tuesday 01/12/2054, as the other admin browser test.
  [api, browser] = await Promise.all([
    startTestApi({ pages: true, now: new Date('2054-12-01T02:00:00Z') }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByLabel('Mật khẩu').press('Enter')]);
}

async function adminPage(path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await newContext(browser, viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}${path}`);
  await logIn(page, 'admin.75');
  await page.waitForURL(`${api.baseUrl}${path}`);
  return page;
}

interface FormSnapshot {
  action: string;
  fields: Record<string, string>;
}

/**
 * What the form of `button` sends (its key, CSRF token and fields, to the button's formaction), kept to be sent
 * again later as a browser resending it would: a second click that arrives late, back and 'send again'.
 */
async function formOf(button: Locator): Promise<FormSnapshot> {
  // Runs in the page (no DOM types in this project's TypeScript settings).
  return button.evaluate((element) => {
    const submit = element as unknown as { formAction: string; form: unknown };
    const Data = (globalThis as unknown as { FormData: new (form: unknown) => Iterable<[string, unknown]> })
      .FormData;
    const fields = [...new Data(submit.form)].map(([name, value]) => [name, String(value)]);
    return { action: submit.formAction, fields: Object.fromEntries(fields) as Record<string, string> };
  });
}

async function resend(page: Page, form: FormSnapshot): Promise<{ status: number; text: string }> {
  const response = await page.request.post(form.action, { form: form.fields });
  return { status: response.status(), text: await response.text() };
}

async function rowCount(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) AS q`, params);
  return Number(rows[0]?.n);
}

async function canLogIn(username: string, password: string): Promise<boolean> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${api.baseUrl}/can-bo/dang-nhap`);
  await logIn(page, username, password);
  const ok = new URL(page.url()).pathname === '/can-bo/viec-can-lam';
  await context.close();
  return ok;
}

describe('provincial admin pages', () => {
  test('start page lists the admin pages behind one header entry', async () => {
    const page = await adminPage('/quan-tri');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Quản trị');
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Quản trị' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    for (const name of ['Người dùng và vai trò', 'Lịch làm việc', 'Đơn vị hành chính', 'Mẫu văn bản']) {
      await expect(page.getByRole('main').getByRole('link', { name }).count()).resolves.toBe(1);
    }
    await checkPage(page, 'admin-index');
    await page.context().close();
  });

  test('users: create (once, on a double submit), reset a password, deactivate; not oneself', async () => {
    const page = await adminPage('/quan-tri/nguoi-dung');
    const admin = page.locator('tbody tr', { hasText: 'admin.75' });
    await expect(admin.textContent()).resolves.toContain('Quản trị hệ thống');
    await expect(admin.getByRole('link', { name: /Khóa/ }).count()).resolves.toBe(0);
    await checkPage(page, 'admin-users');

    // Empty form: the errors beside their fields, the summary above.
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.waitForLoadState();
    await expect(page.title()).resolves.toMatch(/^Lỗi: /);
    await expect(page.locator('#username-error').textContent()).resolves.toContain('Nhập tên đăng nhập');
    await checkPage(page, 'admin-users-errors');

    await page.getByLabel('Tên đăng nhập').fill('motcua.moi');
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoà');
    await page.getByLabel('Vai trò').selectOption('intake_clerk');
    await page.locator('#unitCode').selectOption('26170');
    await page.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-1');
    // A double click: two posts with one key make one user and land on the same result.
    await page.getByRole('button', { name: 'Tạo người dùng' }).dblclick();
    await page.getByRole('status').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/da-tao=motcua\.moi/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã tạo tài khoản motcua.moi');
    await expect(page.locator('tbody tr', { hasText: 'motcua.moi' }).count()).resolves.toBe(1);
    await expect(page.locator('tbody tr', { hasText: 'motcua.moi' }).textContent()).resolves.toContain(
      'Bộ phận Một cửa cấp xã',
    );
    await checkPage(page, 'admin-users-created');
    await expect(canLogIn('motcua.moi', 'mat-khau-ban-dau-1')).resolves.toBe(true);

    // Reset the new user's password: a new one shown once, which works; the old one no longer does.
    await page
      .locator('tbody tr', { hasText: 'motcua.moi' })
      .getByRole('link', { name: /Đặt lại mật khẩu/ })
      .click();
    // The unit by its name, as a person knows it; the code only beside it.
    await expect(page.locator('.summary-list').textContent()).resolves.toMatch(
      /Đơn vị\s*Xã Trảng Bom \(mã 26170\)/,
    );
    await checkPage(page, 'admin-users-reset-confirm');
    const resetLater = await formOf(page.getByRole('button', { name: 'Tạo mật khẩu mới' }));
    await page.getByRole('button', { name: 'Tạo mật khẩu mới' }).click();
    await page.waitForSelector('#mat-khau');
    const password = (await page.locator('#mat-khau').textContent()) ?? '';
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await checkPage(page, 'admin-users-reset-done');
    await expect(canLogIn('motcua.moi', 'mat-khau-ban-dau-1')).resolves.toBe(false);
    // The user logs in with it; then the same form arrives a second time (a late double click): the same
    // password is shown and nothing is done again — the session the user just opened is not ended.
    const userContext = await newContext(browser);
    const userPage = await userContext.newPage();
    await userPage.goto(`${api.baseUrl}/can-bo/dang-nhap`);
    await logIn(userPage, 'motcua.moi', password);
    expect(new URL(userPage.url()).pathname).toBe('/can-bo/viec-can-lam');
    const second = await resend(page, resetLater);
    expect(second.status).toBe(200);
    expect(second.text).toContain(password);
    await userPage.goto(`${api.baseUrl}/can-bo/viec-can-lam`);
    expect(new URL(userPage.url()).pathname).toBe('/can-bo/viec-can-lam');
    await userContext.close();

    // Deactivate after a confirmation page; they can no longer log in.
    await page.getByRole('link', { name: 'Quay lại danh sách người dùng' }).click();
    await page.locator('tbody tr', { hasText: 'motcua.moi' }).getByRole('link', { name: /Khóa/ }).click();
    await expect(page.locator('.summary-list').textContent()).resolves.toContain('(mã 26170)');
    await checkPage(page, 'admin-users-deactivate-confirm');
    // A post without the form's key was not made by this page: refused, nothing done.
    const deactivate = await formOf(page.getByRole('button', { name: 'Xác nhận khóa tài khoản' }));
    const { key: _key, ...withoutKey } = deactivate.fields;
    await expect(resend(page, { ...deactivate, fields: withoutKey })).resolves.toMatchObject({ status: 400 });
    await expect(canLogIn('motcua.moi', password)).resolves.toBe(true);
    // A double click: done once, the same result page.
    await page.getByRole('button', { name: 'Xác nhận khóa tài khoản' }).dblclick();
    // The second click aborts the first navigation: wait for what the page shows, not for one navigation.
    await page.getByRole('status').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/da-khoa=/);
    await expect(resend(page, deactivate)).resolves.toMatchObject({ status: 200 });
    await expect(page.locator('tbody tr', { hasText: 'motcua.moi' }).textContent()).resolves.toContain(
      'Đã khóa',
    );
    await checkPage(page, 'admin-users-deactivated');
    await expect(canLogIn('motcua.moi', password)).resolves.toBe(false);

    // Oneself: no link in the list, and the confirmation page says why instead of offering the button.
    const token = await api.login('admin.75');
    const users = await api.request<{ users: Array<{ id: string; username: string }> }>(
      'GET',
      '/api/admin/users',
      {
        token,
      },
    );
    const self = users.body.users.find((user) => user.username === 'admin.75');
    await page.goto(`${api.baseUrl}/quan-tri/nguoi-dung/${self?.id}/khoa`);
    await expect(page.getByRole('main').textContent()).resolves.toContain('Bạn không thể tự khóa tài khoản');
    await expect(page.getByRole('button', { name: 'Xác nhận khóa tài khoản' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  test('base levels: a new decree’s level added once, errors beside the fields with the input kept', async () => {
    const page = await adminPage('/quan-tri/muc-chuan');
    await checkPage(page, 'admin-base-levels-form');

    await page.getByRole('textbox', { name: 'Áp dụng từ ngày' }).fill('31/02/2055');
    await page.getByLabel('Mức chuẩn (đồng/tháng)').fill('năm trăm nghìn');
    await page.getByRole('button', { name: 'Thêm mức chuẩn' }).click();
    await page.waitForSelector('#effectiveFrom-error');
    await expect(page.title()).resolves.toMatch(/^Lỗi: /);
    await expect(page.locator('#effectiveFrom-error').textContent()).resolves.toContain('ngày/tháng/năm');
    await expect(page.locator('#amount-error').textContent()).resolves.toContain('Mức chuẩn phải là số đồng');
    await expect(page.locator('#legalBasis-error').textContent()).resolves.toContain('Nhập căn cứ');
    await expect(page.getByLabel('Mức chuẩn (đồng/tháng)').inputValue()).resolves.toBe('năm trăm nghìn');
    await expect(page.getByRole('textbox', { name: 'Áp dụng từ ngày' }).inputValue()).resolves.toBe(
      '31/02/2055',
    );
    await checkPage(page, 'admin-base-levels-errors');

    await page.getByRole('textbox', { name: 'Áp dụng từ ngày' }).fill('01/07/2055');
    await page.getByLabel('Mức chuẩn (đồng/tháng)').fill('540.000');
    await page.getByLabel('Căn cứ').fill('Nghị định số 999/2055/NĐ-CP (dữ liệu thử nghiệm)');
    // A double click: one level stored, the same result page.
    await page.getByRole('button', { name: 'Thêm mức chuẩn' }).dblclick();
    await page.getByRole('status').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/da-them=2055-07-01/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Đã thêm mức chuẩn 540.000 đồng/tháng, áp dụng từ ngày 01/07/2055',
    );
    await expect(rowCount(`SELECT 1 FROM base_levels WHERE amount = 540000`, [])).resolves.toBe(1);
    // Who and when, by the application's clock (the day the page calls today).
    await expect(page.locator('tr[data-date="2055-07-01"]').textContent()).resolves.toContain(
      'Thêm bởi admin.75 lúc 01/12/2054 09:00',
    );
    await checkPage(page, 'admin-base-levels-added');

    // The same day again: the API's rule (409 BASE_LEVEL_EXISTS), said beside the date.
    await page.getByRole('textbox', { name: 'Áp dụng từ ngày' }).fill('01/07/2055');
    await page.getByLabel('Mức chuẩn (đồng/tháng)').fill('550000');
    await page.getByLabel('Căn cứ').fill('Trùng ngày');
    await page.getByRole('button', { name: 'Thêm mức chuẩn' }).click();
    await page.waitForSelector('#effectiveFrom-error');
    await expect(page.locator('#effectiveFrom-error').textContent()).resolves.toContain(
      'Đã có mức chuẩn áp dụng từ ngày 01/07/2055',
    );
    await expect(page.getByLabel('Căn cứ').inputValue()).resolves.toBe('Trùng ngày');
    await expect(rowCount(`SELECT 1 FROM base_levels`, [])).resolves.toBe(1);
    await page.context().close();
  });

  test('admin pages at tablet (768 px) and phone (390 px) width: no sideways scrolling, tables readable', async () => {
    const pages = {
      users: '/quan-tri/nguoi-dung',
      'base-levels': '/quan-tri/muc-chuan',
      templates: '/quan-tri/mau-van-ban',
      calendar: '/quan-tri/lich-lam-viec?nam=2054',
      procedures: '/quan-tri/thu-tuc',
      units: '/quan-tri/don-vi',
      incidents: '/quan-tri/su-co',
    };
    for (const [width, viewport] of [
      ['tablet', { width: 768, height: 1024 }],
      ['phone', PHONE_VIEWPORT],
    ] as const) {
      const page = await adminPage('/quan-tri', viewport);
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${api.baseUrl}${path}`);
        const overflow = await page.evaluate(() => {
          const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement;
          return root.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth;
        });
        expect({ page: name, width, overflow }).toEqual({ page: name, width, overflow: 0 });
        // No table cell squeezed below a readable width (a word per line).
        const narrowest = await page
          .locator('main table.table tbody td, main table.table tbody th')
          .evaluateAll((cells) =>
            Math.min(
              Infinity,
              ...cells
                .map((cell) => cell as unknown as { getBoundingClientRect(): { width: number } })
                .map((cell) => cell.getBoundingClientRect().width)
                .filter((cellWidth) => cellWidth > 0),
            ),
          );
        expect({ page: name, width, narrow: narrowest < 88 }).toEqual({ page: name, width, narrow: false });
        await checkPage(page, `admin-${name}-${width}`);
      }
      await page.context().close();
    }
  });

  test('calendar 2054: Tết and 01/05 marked, provisional, an override added and shown', async () => {
    const page = await adminPage('/quan-tri/lich-lam-viec?nam=2054');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Lịch làm việc năm 2054',
    );
    await expect(page.getByRole('note').textContent()).resolves.toContain('Năm tạm tính');
    // Tết 2054: 06/02–10/02 holidays and 11–12/02 nghỉ bù, each cell named in words (not colour alone).
    for (const day of ['06', '07', '08', '09', '10', '11', '12']) {
      const cell = page.locator(`td[data-date="2054-02-${day}"]`);
      await expect(cell.getAttribute('aria-label')).resolves.toContain('Tết Nguyên đán');
      await expect(cell.textContent()).resolves.toMatch(/Lễ|Bù/);
    }
    await expect(page.locator('td[data-date="2054-05-01"]').getAttribute('aria-label')).resolves.toBe(
      'Thứ Sáu 01/05/2054: Ngày Quốc tế Lao động (1/5) (ngày lễ, Tết)',
    );
    await expect(page.locator('tr[data-date="2054-05-01"]').textContent()).resolves.toContain('01/05/2054');
    await expect(page.getByRole('table', { name: 'Tháng 2/2054' }).count()).resolves.toBe(1);
    await checkPage(page, 'admin-calendar-2054');

    // A wrong date comes back beside the field, the values kept.
    await page.getByLabel('Ngày', { exact: true }).fill('31/02/2054');
    await page.getByLabel('Lý do').fill('Ngày truyền thống của tỉnh');
    await page.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await page.waitForSelector('#date-error');
    await expect(page.getByLabel('Lý do').inputValue()).resolves.toBe('Ngày truyền thống của tỉnh');
    await checkPage(page, 'admin-calendar-error');

    await page.getByLabel('Ngày', { exact: true }).fill('14/08/2054');
    // A double click: one entry stored, not two.
    await page.getByRole('button', { name: 'Thêm vào lịch' }).dblclick();
    await page.getByRole('status').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/da-them=2054-08-14/);
    await expect(
      rowCount(`SELECT 1 FROM calendar_entries WHERE kind = 'override' AND payload->>'date' = $1`, [
        '2054-08-14',
      ]),
    ).resolves.toBe(1);
    await expect(page.getByRole('status').textContent()).resolves.toContain('14/08/2054');
    await expect(page.locator('td[data-date="2054-08-14"]').getAttribute('aria-label')).resolves.toContain(
      'Ngày truyền thống của tỉnh (ngày nghỉ riêng của tỉnh)',
    );
    await expect(page.locator('tr[data-date="2054-08-14"]').textContent()).resolves.toContain(
      'ngày nghỉ riêng của tỉnh',
    );
    await checkPage(page, 'admin-calendar-override');
    await page.getByRole('link', { name: /Năm 2055/ }).click();
    await page.waitForURL(/nam=2055/);
    await page.context().close();
  });

  test('units: today’s map, former districts marked; a commune added under the province', async () => {
    const page = await adminPage('/quan-tri/don-vi');
    const tree = page.locator('.unit-tree');
    // The districts abolished by the two-tier reform stay (for the three-tier route's history), marked.
    const district = tree.locator('li', { hasText: 'Huyện Trảng Bom' }).last();
    await expect(district.textContent()).resolves.toContain('Không còn hiệu lực từ 01/07/2025');
    await expect(tree.locator('li', { hasText: 'Xã Trảng Bom' }).last().textContent()).resolves.toContain(
      'trước 01/07/2025 thuộc Huyện Trảng Bom (mã 737)',
    );
    // A unit no longer in force takes no new units under it: it is not offered as a parent.
    const parents = await page
      .getByLabel('Đơn vị cấp trên')
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value')));
    expect(parents).toContain('75');
    expect(parents).not.toContain('737');
    await checkPage(page, 'admin-units');

    // A 3-digit code with 'cấp xã' chosen: caught beside the code.
    await page.getByLabel('Cấp xã (mã 5 chữ số)').check();
    await page.getByLabel('Mã đơn vị').fill('738');
    await page.getByLabel('Tên đơn vị').fill('Phường Đồng Xoài');
    await page.getByLabel('Đơn vị cấp trên').selectOption('75');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.waitForSelector('#code-error');
    await checkPage(page, 'admin-units-error');

    await page.getByLabel('Mã đơn vị').fill('26188');
    await page.getByLabel('Địa danh (không bắt buộc)').fill('Đồng Xoài');
    // A double click lands on the result, not on "the code is taken" from its own second post.
    await page.getByRole('button', { name: 'Thêm đơn vị' }).dblclick();
    await page.getByRole('status').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/da-them=26188/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Đã thêm Phường Đồng Xoài (mã 26188)',
    );
    // Nested under the province: the new unit's list item sits in the province's own list.
    const parentName = await page
      .locator('.unit-tree li', { hasText: 'Phường Đồng Xoài' })
      .last()
      .evaluate(
        (item) => item.parentElement?.closest('li')?.querySelector(':scope > .unit-name')?.textContent,
      );
    expect(parentName).toBe('Tỉnh Đồng Nai');
    await checkPage(page, 'admin-units-created');
    await page.context().close();
  });

  test('templates: a broken change shows Handlebars’ message, a valid one is previewed then saved', async () => {
    const page = await adminPage('/quan-tri/mau-van-ban');
    const row = page.locator('tbody tr', { hasText: 'receipt-appointment' });
    await expect(row.textContent()).resolves.toContain('Mẫu chung của hệ thống');
    await checkPage(page, 'admin-templates');
    await row.getByRole('link', { name: /Sửa/ }).click();
    await page.waitForURL(/\/quan-tri\/mau-van-ban\/receipt-appointment$/);
    const source = page.getByLabel('Nội dung mẫu');
    const original = await source.inputValue();
    expect(original).toContain('{{request}}');
    await expect(page.getByRole('button', { name: 'Lưu' }).count()).resolves.toBe(0);
    await checkPage(page, 'admin-template-edit');

    // A misspelt field: refused on the sample data, the message beside the textarea, the text kept.
    await source.fill(original.replace('{{request}}', '{{yeuCauSai}}'));
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.waitForSelector('#source-error');
    await expect(page.locator('#source-error').textContent()).resolves.toContain(
      'Dữ liệu của loại văn bản này không có trường "yeuCauSai"',
    );
    await expect(source.inputValue()).resolves.toContain('{{yeuCauSai}}');
    await expect(page.getByRole('button', { name: 'Lưu' }).count()).resolves.toBe(0);
    await checkPage(page, 'admin-template-rejected');

    // A valid change: previewed in the sandboxed frame, then saved.
    const note = 'Ghi chú: mang theo giấy tiếp nhận này khi đến nhận kết quả.';
    await source.fill(
      original.replace(
        '<p class="flush">2. Số lượng',
        `<p class="flush">${note}</p>\n<p class="flush">2. Số lượng`,
      ),
    );
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.waitForSelector('iframe.template-preview');
    await expect(page.locator('iframe.template-preview').getAttribute('sandbox')).resolves.toBe('');
    await expect(
      page.frameLocator('iframe.template-preview').locator('body').textContent(),
    ).resolves.toContain(note);
    // Painted before the full-page screenshot: the sandboxed frame renders in its own process.
    await page.locator('iframe.template-preview').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await checkPage(page, 'admin-template-preview', { skipFrames: ['iframe.template-preview'] });
    const saveLater = await formOf(page.getByRole('button', { name: 'Lưu' }));
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/da-luu=receipt-appointment/);
    // The same 'Lưu' arriving again: the same result, one override stored.
    await expect(resend(page, saveLater)).resolves.toMatchObject({ status: 200 });
    await expect(
      rowCount(`SELECT 1 FROM template_overrides WHERE template_id = 'receipt-appointment'`, []),
    ).resolves.toBe(1);
    await expect(
      page.locator('tbody tr', { hasText: 'receipt-appointment' }).textContent(),
    ).resolves.toContain('Mẫu riêng của tỉnh');
    await checkPage(page, 'admin-templates-saved');
    await page.context().close();
  });
});
