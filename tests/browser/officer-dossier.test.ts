/**
 * The officer's dossier page in a real browser, on the real stack (Postgres, Temporal's time-skipping server,
 * the worker): the commune officer finds a dossier in the inbox, opens it, sees ID numbers masked and approves
 * it with the keyboard alone; after the public posting the chairman decides on the page; the citizen then
 * tracks the dossier and downloads the decision. On other dossiers an officer refuses (first without a reason:
 * refused beside the field, nothing changed) and asks for documents. Every page: screenshot + axe.
 */
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext, openAsOfficer } from '../helpers/browser';
import { DEMO_PASSWORD } from '../api/harness';
import {
  eventually,
  openTaskId,
  receiveAtDesk,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from '../api/dossier-harness';

const PHONE = '0912345678';

let api: DossierApi;
let browser: Browser;
let approved: string;
let refused: string;
let supplemented: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startDossierApi({ pages: true }), launchBrowser()]);
  await api.skipTo('2054-12-01', 9); // Tuesday, no holiday in the next two weeks
  // Received at the desk: accepted at once, the commune officer's verification opens.
  approved = await receiveAtDesk(api);
  refused = await receiveAtDesk(api);
  supplemented = await receiveAtDesk(api);
  for (const code of [approved, refused, supplemented]) await openTaskId(api, code, 'verification');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function logIn(page: Page, username: string): Promise<void> {
  await openAsOfficer(page, api.baseUrl, '/can-bo/viec-can-lam', { username, password: DEMO_PASSWORD });
}

async function taskRow(code: string, stepKey: string) {
  const { rows } = await api.db.pool.query<{ status: string; outcome: string | null }>(
    'SELECT status, outcome FROM tasks WHERE dossier_code = $1 AND step_key = $2 ORDER BY created_at DESC',
    [code, stepKey],
  );
  return rows[0];
}

async function submitOutcome(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Ghi nhận kết quả' }).click(),
  ]);
}

describe('a dossier from the inbox to the decision', () => {
  test('the commune officer opens it from the inbox, sees masked ID numbers and approves with the keyboard', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_officer.26170');
    await checkPage(page, 'officer-dossier-inbox');

    // Keyboard only: the dossier code in the inbox is a link.
    await page.getByRole('link', { name: approved }).focus();
    await Promise.all([
      page.waitForURL(`${api.baseUrl}/can-bo/ho-so/${approved}`),
      page.keyboard.press('Enter'),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${approved}`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Xét duyệt hồ sơ, đối chiếu Cơ sở dữ liệu quốc gia về dân cư');
    expect(main).toContain('Trần Văn Bảy');
    expect(main).toContain('15/03/1941');
    // Masked by default, even for the officer who may reveal them; no HIV flag on the page.
    expect(main).not.toContain(SENSITIVE.applicantIdNumber);
    expect(main).not.toContain(SENSITIVE.beneficiaryIdNumber);
    expect(main).toContain(`••••••••${SENSITIVE.beneficiaryIdNumber.slice(-4)}`);
    expect(main).not.toContain('HIV');
    await checkPage(page, 'officer-dossier-verification');

    await page.getByRole('radio', { name: 'Đồng ý' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // from the radio group to the reason
    await page.getByRole('button', { name: 'Ghi nhận kết quả' }).focus();
    await Promise.all([page.waitForURL(/\?xong=1$/), page.keyboard.press('Enter')]);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Đã ghi nhận kết quả xử lý');
    await expect(taskRow(approved, 'verification')).resolves.toEqual({ status: 'done', outcome: 'approve' });
    // The very page after the action shows what it led to, without a reload: the public posting has begun.
    await expect(page.locator('.timeline').textContent()).resolves.toMatch(
      /Niêm yết công khai đến hết ngày \d{2}\/\d{2}\/2054/,
    );
    await checkPage(page, 'officer-dossier-approved');

    // The same form sent again (a double submit, a back button): the workflow keeps the first answer.
    const again = await page.request.post(
      `${api.baseUrl}/can-bo/ho-so/${approved}/cong-viec/${await lastTaskId(approved, 'verification')}/ket-qua`,
      { form: { _csrf: await csrfOf(page), outcome: 'approve' } },
    );
    expect(again.status()).toBe(200);
    expect(await again.text()).toContain('đã được xử lý xong trước đó');
    await context.close();
  });

  test('after the posting the chairman decides on the page', async () => {
    // The posting's timer must be running before the clock moves, or it would start after the skip.
    await eventually(async () => {
      const { rows } = await api.db.pool.query(
        `SELECT 1 FROM dossier_events WHERE dossier_code = $1 AND type = 'posting_started'`,
        [approved],
      );
      return rows.length ? true : undefined;
    }, 'the posting');
    await api.skipTo('2054-12-04', 8); // the posting ran Wed 02 – Thu 03
    await openTaskId(api, approved, 'commune_decision');
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_chairman.26170');
    await page.getByRole('link', { name: approved }).click();
    await page.waitForURL(`${api.baseUrl}/can-bo/ho-so/${approved}`);
    // The chairman is not the officer who verifies the person: ID numbers masked to the last 4 digits.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toContain(SENSITIVE.beneficiaryIdNumber);
    await checkPage(page, 'officer-dossier-decision-step');

    await page.getByRole('radio', { name: 'Đồng ý' }).check();
    await submitOutcome(page);
    await page.waitForURL(/\?xong=1$/);
    // No reload: the page after the action already holds the signed decision and its printed copy.
    const decided = (await page.locator('main').textContent()) ?? '';
    expect(decided).toMatch(/QĐ-UBND/);
    expect(decided).toMatch(/\d{1,3}(\.\d{3})+ đồng/);
    expect(decided).toContain('Tải PDF');
    await checkPage(page, 'officer-dossier-decided');

    const preview = await page.request.get(
      `${api.baseUrl}${await page.getByRole('link', { name: /^Xem Quyết định/ }).getAttribute('href')}`,
    );
    expect(preview.headers()['content-type']).toContain('text/html');
    expect(await preview.text()).toContain('QUYẾT ĐỊNH');
    await context.close();
  });

  test('the citizen tracks it and downloads the decision', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').fill(approved);
    await page.getByLabel('Số điện thoại hoặc 4 số cuối').fill(PHONE);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Hồ sơ ${approved}`);
    await checkPage(page, 'citizen-tracking-decided');

    const button = page.getByRole('button', { name: /Tải về Quyết định/ });
    const [response] = await Promise.all([
      context.waitForEvent('response', (candidate) => candidate.url().endsWith('/tra-cuu/van-ban')),
      button.click(),
    ]);
    expect(response.status()).toBe(200);
    const type = response.headers()['content-type'] ?? '';
    // The browser shows a PDF in its viewer, so read the bytes by posting the same form's fields again.
    const fields: Record<string, string> = {};
    for (const input of await button.locator('xpath=ancestor::form').locator('input[type=hidden]').all()) {
      fields[(await input.getAttribute('name')) ?? ''] = (await input.getAttribute('value')) ?? '';
    }
    const again = await page.request.post(`${api.baseUrl}/tra-cuu/van-ban`, { form: fields });
    if (type.includes('application/pdf')) {
      expect((await again.body()).subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(await again.text()).toContain('QUYẾT ĐỊNH');
    }
    await context.close();
  });
});

async function lastTaskId(code: string, stepKey: string): Promise<string> {
  const { rows } = await api.db.pool.query<{ id: string }>(
    'SELECT id FROM tasks WHERE dossier_code = $1 AND step_key = $2 ORDER BY created_at DESC',
    [code, stepKey],
  );
  return rows[0]!.id;
}

async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name=_csrf]').first().getAttribute('value')) ?? '';
}

describe('refusing and asking for documents', () => {
  test('a refusal without a reason is refused beside the field and changes nothing; with one it counts', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_officer.26170');
    await page.goto(`${api.baseUrl}/can-bo/ho-so/${refused}`);
    await page.getByRole('radio', { name: 'Từ chối' }).check();
    await submitOutcome(page);
    await expect(page.title()).resolves.toMatch(/^Lỗi: Hồ sơ /);
    const message = 'Nhập lý do từ chối, trả lại hoặc yêu cầu bổ sung hồ sơ';
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(message);
    await expect(page.locator('#reason-error').textContent()).resolves.toContain(message);
    await expect(page.getByRole('radio', { name: 'Từ chối' }).isChecked()).resolves.toBe(true);
    await expect(taskRow(refused, 'verification')).resolves.toEqual({ status: 'open', outcome: null });
    await checkPage(page, 'officer-dossier-refuse-without-reason');

    await page.getByLabel('Lý do').fill('Gia đình có con trai đang phụng dưỡng, không thuộc diện hộ nghèo');
    await submitOutcome(page);
    await page.waitForURL(/\?xong=1$/);
    await expect(taskRow(refused, 'verification')).resolves.toEqual({ status: 'done', outcome: 'refuse' });
    await expect(page.locator('main').textContent()).resolves.toContain('Xử lý xong: Từ chối');
    await checkPage(page, 'officer-dossier-refused');
    await context.close();
  });

  test('asking for documents stops the clock until the citizen supplements', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_officer.26170');
    await page.goto(`${api.baseUrl}/can-bo/ho-so/${supplemented}`);
    await page.getByRole('radio', { name: 'Yêu cầu bổ sung hồ sơ' }).check();
    await page.getByLabel('Lý do').fill('Thiếu giấy tờ chứng minh hoàn cảnh');
    await page.getByLabel('Giấy tờ cần bổ sung').fill('Giấy xác nhận hộ nghèo\nBản sao sổ hộ khẩu');
    await submitOutcome(page);
    await page.waitForURL(/\?xong=1$/);
    // No reload: the page after the action shows the dossier awaiting its supplement.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Chờ bổ sung, hoàn thiện hồ sơ');
    expect(main).toContain('Giấy xác nhận hộ nghèo');
    await checkPage(page, 'officer-dossier-awaiting-supplement');
    await context.close();
  });
});

describe('ID numbers and HIV status: masked by default, revealed on request, every reveal recorded', () => {
  async function reveals(code: string): Promise<Array<{ user_id: string }>> {
    return (
      await api.db.pool.query<{ user_id: string }>(
        'SELECT user_id FROM sensitive_reveals WHERE dossier_code = $1',
        [code],
      )
    ).rows;
  }

  test('the commune officer reveals them and the reveal is recorded', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_officer.26170');
    await page.goto(`${api.baseUrl}/can-bo/ho-so/${supplemented}`);
    expect(await page.locator('main').textContent()).not.toContain(SENSITIVE.beneficiaryIdNumber);
    expect(await reveals(supplemented)).toEqual([]);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Hiện số định danh và thông tin được bảo vệ' }).click(),
    ]);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(SENSITIVE.beneficiaryIdNumber);
    expect(main).toContain('Lần xem này đã được ghi lại');
    expect(main).toMatch(/Nhiễm HIV\s*Có/);
    await checkPage(page, 'officer-dossier-revealed');
    expect((await reveals(supplemented)).map((row) => row.user_id)).toHaveLength(1);
    await context.close();
  });

  test('the chairman is not offered the reveal, and a forged request is refused and not recorded', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, 'commune_chairman.26170');
    await page.goto(`${api.baseUrl}/can-bo/ho-so/${approved}`);
    await expect(
      page.getByRole('button', { name: 'Hiện số định danh và thông tin được bảo vệ' }).count(),
    ).resolves.toBe(0);
    const forged = await page.request.post(`${api.baseUrl}/can-bo/ho-so/${approved}/hien-thong-tin`, {
      form: { _csrf: await csrfOf(page) },
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).not.toContain(SENSITIVE.beneficiaryIdNumber);
    expect(await reveals(approved)).toEqual([]);
    await context.close();
  });
});
