/**
 * Template overrides over HTTP: GET /api/admin/templates (kinds, and the override in force for the admin's
 * province) and PUT /api/admin/templates/:templateId (proven on the sample data before it is stored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestApi, type ErrorBody, type TestApi } from './harness';

interface TemplateList {
  provinceCode: string;
  templates: Array<{
    templateId: string;
    title: string;
    override: { id: number; version: string; source: string; createdBy: string } | null;
  }>;
}
interface Saved {
  provinceCode: string;
  templateId: string;
  id: number;
  version: string;
  previewHtml: string;
}

let api: TestApi;
let admin: string;
const builtIn = fs.readFileSync(
  path.join(__dirname, '../../templates/documents/receipt-appointment.hbs'),
  'utf8',
);
const MARK = 'Bộ phận Một cửa làm việc các buổi sáng thứ Bảy';
const edited = builtIn.replace('<div class="body">', `<div class="body">\n<p class="flush">${MARK}</p>`);

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin.75');
});
afterAll(() => api?.close());

const put = (templateId: string, source: unknown, token = admin) =>
  api.request<Saved & ErrorBody>('PUT', `/api/admin/templates/${templateId}`, { token, json: { source } });
const overrideRows = async () =>
  (
    await api.db.pool.query(
      'SELECT province_code, template_id, created_by FROM template_overrides ORDER BY id',
    )
  ).rows;

test('lists every kind; no override yet', async () => {
  const response = await api.request<TemplateList>('GET', '/api/admin/templates', { token: admin });
  expect(response.status).toBe(200);
  expect(response.body.provinceCode).toBe('75');
  expect(response.body.templates).toEqual(
    expect.arrayContaining([
      {
        templateId: 'receipt-appointment',
        title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)',
        override: null,
      },
      expect.objectContaining({ templateId: 'grant-monthly-allowance', override: null }),
    ]),
  );
});

test('a template that does not compile is 400 TEMPLATE_REJECTED with Handlebars’ message; nothing stored', async () => {
  const broken = await put('receipt-appointment', `${builtIn}\n{{#if dossierCode}}không đóng khối`);
  expect(broken.status).toBe(400);
  expect(broken.body.code).toBe('TEMPLATE_REJECTED');
  expect(broken.body.message).toContain('receipt-appointment');
  expect(broken.body.message).toMatch(/Parse error|Expecting|doesn't match/);
  expect(broken.body.fieldErrors?.[0]?.path).toBe('body.source');

  // Strict rendering of the sample: a misspelt field fails here, not on a citizen's document.
  const misspelt = await put(
    'receipt-appointment',
    builtIn.replace('<div class="body">', '<div class="body">\n<p>{{applicant.fullNamee}}</p>'),
  );
  expect(misspelt.status).toBe(400);
  expect(misspelt.body.code).toBe('TEMPLATE_REJECTED');
  expect(misspelt.body.message).toContain('fullNamee');
  expect(await overrideRows()).toEqual([]);
});

test('a working template is stored for the admin’s province: its version and a preview', async () => {
  const saved = await put('receipt-appointment', edited);
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ provinceCode: '75', templateId: 'receipt-appointment' });
  expect(saved.body.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(saved.body.previewHtml).toContain(MARK);
  expect(saved.body.previewHtml).toContain('<html');
  expect(await overrideRows()).toEqual([
    { province_code: '75', template_id: 'receipt-appointment', created_by: 'admin.75' },
  ]);

  const { body } = await api.request<TemplateList>('GET', '/api/admin/templates', { token: admin });
  const receipt = body.templates.find((t) => t.templateId === 'receipt-appointment');
  expect(receipt?.override).toMatchObject({
    id: saved.body.id,
    version: saved.body.version,
    createdBy: 'admin.75',
  });
  expect(receipt?.override?.source).toContain(MARK);
});

test('unknown template 404, empty source 400, other roles 403, anonymous 401', async () => {
  expect((await put('no-such-template', edited)).status).toBe(404);
  expect((await put('Receipt', edited)).status).toBe(400);
  const empty = await put('receipt-appointment', '');
  expect(empty.status).toBe(400);
  expect(empty.body.code).toBe('VALIDATION_FAILED');
  for (const username of ['auditor.75', 'commune_officer.26170', 'district_chairman.737']) {
    const token = await api.login(username);
    expect((await put('receipt-appointment', edited, token)).status).toBe(403);
    expect((await api.request('GET', '/api/admin/templates', { token })).status).toBe(403);
  }
  expect((await api.request('GET', '/api/admin/templates')).status).toBe(401);
  expect(api.errors).toEqual([]);
});
