/**
 * An officer's message settings: the page /can-bo/tai-khoan (linked from the header) and
 * PUT /api/me/notification-settings use one use case and one schema — a digest needs an e-mail address.
 */
import { FormClient, hiddenValue, officerSession } from '../helpers/forms';
import { DEMO_PASSWORD, startTestApi, type TestApi } from './harness';

let api: TestApi;
let browser: FormClient;

beforeAll(async () => {
  api = await startTestApi({ pages: true });
  browser = await officerSession(api.baseUrl, 'commune_officer.26170', DEMO_PASSWORD);
});
afterAll(() => api?.close());

async function settingsOverApi() {
  const token = await api.login('commune_officer.26170');
  return (
    await api.request<{ email: string | null; phone: string | null; mode: string }>(
      'GET',
      '/api/me/notification-settings',
      { token },
    )
  ).body;
}

test('the header links to the page, which shows the current settings', async () => {
  const inbox = await browser.get('/can-bo/viec-can-lam');
  expect(inbox.html).toContain('href="/can-bo/tai-khoan"');
  const page = await browser.get('/can-bo/tai-khoan');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Tài khoản và thông báo</h1>');
  expect(page.html).toContain('value="commune_officer.26170@example.test"');
  expect(page.html).toMatch(/id="mode-immediate"[^>]*checked/);
});

test('choosing the digest is saved, and the API reads the same', async () => {
  const page = await browser.get('/can-bo/tai-khoan');
  const saved = await browser.post(
    '/can-bo/tai-khoan',
    new URLSearchParams({
      _csrf: hiddenValue(page.html, '_csrf'),
      email: 'Can.Bo@Example.Test',
      phone: '0912 000 111',
      mode: 'digest',
    }),
  );
  expect(saved.status).toBe(303);
  const again = await browser.get('/can-bo/tai-khoan?da-luu=1');
  expect(again.html).toContain('Đã lưu cách nhận thông báo');
  expect(again.html).toMatch(/id="mode-digest"[^>]*checked/);
  expect(await settingsOverApi()).toEqual({
    email: 'can.bo@example.test',
    phone: '0912000111',
    mode: 'digest',
  });
});

test('a digest without an e-mail address: the page says so beside the field, nothing saved', async () => {
  const page = await browser.get('/can-bo/tai-khoan');
  const refused = await browser.post(
    '/can-bo/tai-khoan',
    new URLSearchParams({ _csrf: hiddenValue(page.html, '_csrf'), email: '', phone: '', mode: 'digest' }),
  );
  expect(refused.status).toBe(422);
  expect(refused.html).toContain('id="email-error"');
  expect(refused.html).toContain('cần địa chỉ e-mail để nhận bản tổng hợp hằng ngày');
  expect((await settingsOverApi()).email).toBe('can.bo@example.test');
});

test('the API applies the same rule', async () => {
  const token = await api.login('commune_officer.26170');
  const response = await api.request('PUT', '/api/me/notification-settings', {
    token,
    json: { email: null, phone: null, mode: 'digest' },
  });
  expect(response.status).toBe(400);
  expect(response.body.fieldErrors).toEqual([
    { path: 'body.email', message: 'cần địa chỉ e-mail để nhận bản tổng hợp hằng ngày' },
  ]);
});

test('not signed in: to the login page', async () => {
  const anonymous = new FormClient(api.baseUrl);
  const page = await anonymous.get('/can-bo/tai-khoan');
  expect(page.html).toContain('name="password"');
  expect(page.html).not.toContain('Tài khoản và thông báo</h1>');
});
