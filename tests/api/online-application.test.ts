/**
 * The online application over HTTP (no browser): multipart with real files, CSRF read from the multipart
 * body, refusals while streaming (size, type) that leave nothing on disk or in the table, a double submit that
 * gives one dossier and the same receipt, and officers' downloads scoped by unit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDossierApi, type DossierApi } from './dossier-harness';
import { FormClient, hiddenValue } from '../helpers/forms';
import { pdfOfSize, tinyPdf, tinyPng } from '../unit/attachments/files';

let api: DossierApi;
beforeAll(async () => {
  api = await startDossierApi({ pages: true });
  await api.skipTo('2054-12-01', 9);
});
afterAll(async () => api?.stop());

function storedFiles(): string[] {
  if (!fs.existsSync(api.attachmentsDir)) return [];
  return fs
    .readdirSync(api.attachmentsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function attachmentRows(): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM attachments');
  return Number(rows[0]?.n);
}

export function applicationFields(overrides: Record<string, string> = {}): Array<[string, string]> {
  const base: Record<string, string> = {
    applicantFullName: 'Nguyễn Thị Hoa',
    applicantGender: 'female',
    applicantPhone: '0912345678',
    applicantIdNumber: '075185000123',
    applicantAddress: 'Khu phố 3, thị trấn Trảng Bom, huyện Trảng Bom, tỉnh Đồng Nai',
    applicantRelationship: 'Con gái',
    beneficiaryFullName: 'Trần Văn Bảy',
    dobDay: '15',
    dobMonth: '3',
    dobYear: '1941',
    beneficiaryGender: 'male',
    beneficiaryIdNumber: '',
    beneficiaryAddress: 'Khu phố 3, thị trấn Trảng Bom, huyện Trảng Bom, tỉnh Đồng Nai',
    clauses: '5.5a',
    communeCode: '26170',
    ...overrides,
  };
  return Object.entries(base);
}

async function openForm(client: FormClient) {
  const page = await client.get('/nop-ho-so/monthly-allowance');
  expect(page.status).toBe(200);
  return { csrf: hiddenValue(page.html, '_csrf'), formKey: hiddenValue(page.html, 'formKey') };
}

function formData(
  hidden: { csrf?: string; formKey: string },
  files: Array<[string, Buffer, string]>,
  overrides: Record<string, string> = {},
): FormData {
  const form = new FormData();
  if (hidden.csrf !== undefined) form.append('_csrf', hidden.csrf);
  form.append('formKey', hidden.formKey);
  for (const [name, value] of applicationFields(overrides)) form.append(name, value);
  for (const [field, content, name] of files) form.append(field, new Blob([content]), name);
  return form;
}

test('a citizen applies with two files: a receipt, one dossier, the files tied to it with their hashes', async () => {
  const client = new FormClient(api.baseUrl);
  const hidden = await openForm(client);
  const files: Array<[string, Buffer, string]> = [
    ['toKhai', tinyPdf(), 'to-khai.pdf'],
    ['giayToKhac', tinyPng(), 'ảnh giấy xác nhận.png'],
  ];
  const first = await client.post('/nop-ho-so/monthly-allowance', formData(hidden, files));
  expect(first.status).toBe(303);
  expect(first.location).toMatch(/^\/nop-ho-so\/bien-nhan\/[A-Za-z0-9_-]{43}$/);
  // The same form again (a double click): the same receipt, no second dossier, no extra files kept.
  const again = await client.post('/nop-ho-so/monthly-allowance', formData(hidden, files));
  expect(again.location).toBe(first.location);

  const receipt = await client.get(first.location!);
  expect(receipt.status).toBe(200);
  const code = /class="confirmation-code">([^<]+)</.exec(receipt.html)?.[1];
  expect(code).toMatch(/^26170-541201-\d{4}$/);
  expect(receipt.html).toContain('15/12/2054');
  expect(receipt.html).toContain(`/tra-cuu?ma=${code}`);
  expect(receipt.html).not.toContain('0912345678');

  const { rows } = await api.db.pool.query(
    `SELECT dossier_code, kind, name, media_type, sha256 FROM attachments ORDER BY kind DESC`,
  );
  expect(rows).toEqual([
    expect.objectContaining({
      dossier_code: code,
      kind: 'Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)',
      media_type: 'application/pdf',
    }),
    expect.objectContaining({
      dossier_code: code,
      kind: 'Giấy tờ kèm theo',
      name: 'ảnh giấy xác nhận.png',
      media_type: 'image/png',
    }),
  ]);
  expect(storedFiles()).toHaveLength(2);
  const dossiers = await api.db.pool.query(
    `SELECT count(*)::int AS n FROM idempotency_keys WHERE scope = 'web application'`,
  );
  expect(dossiers.rows[0].n).toBe(1);

  // Another person's guess of a receipt URL finds nothing.
  const guess = await new FormClient(api.baseUrl).get(`/nop-ho-so/bien-nhan/${'A'.repeat(43)}`);
  expect(guess.status).toBe(404);
});

test('a post without the CSRF token is refused before any file is stored', async () => {
  const client = new FormClient(api.baseUrl);
  const hidden = await openForm(client);
  const before = { files: storedFiles().length, rows: await attachmentRows() };
  const response = await client.post(
    '/nop-ho-so/monthly-allowance',
    formData({ formKey: hidden.formKey }, [['toKhai', tinyPdf(), 'a.pdf']]),
  );
  expect(response.status).toBe(403);
  expect(response.html).toContain('Biểu mẫu đã hết hạn');
  expect({ files: storedFiles().length, rows: await attachmentRows() }).toEqual(before);
});

test.each([
  ['too large', pdfOfSize(11 * 1024 * 1024), 'lớn.pdf', 413, 'mức tối đa cho một tệp'],
  [
    'not PDF, JPEG or PNG by its content',
    Buffer.from('<html><script>alert(1)</script></html>'),
    'giả.pdf',
    415,
    'không phải là tệp PDF, JPG hoặc PNG',
  ],
])(
  'a file %s is refused beside its input with the form kept, and nothing is stored',
  async (_what, content, name, status, message) => {
    const client = new FormClient(api.baseUrl);
    const hidden = await openForm(client);
    const before = { files: storedFiles().length, rows: await attachmentRows() };
    const response = await client.post(
      '/nop-ho-so/monthly-allowance',
      formData(hidden, [
        ['toKhai', tinyPdf(), 'to-khai.pdf'],
        ['giayToKhac', content, name],
      ]),
    );
    expect(response.status).toBe(status);
    expect(response.html).toContain('<title>Lỗi: ');
    expect(response.html).toMatch(
      new RegExp(`id="giayToKhac-error">[^<]*<span[^>]*>Lỗi:</span>[^<]*${message}`),
    );
    expect(response.html).toContain('value="Nguyễn Thị Hoa"');
    expect({ files: storedFiles().length, rows: await attachmentRows() }).toEqual(before);
  },
);

test('a PNG named .pdf is taken as what it is: image/png', async () => {
  const client = new FormClient(api.baseUrl);
  const hidden = await openForm(client);
  const response = await client.post(
    '/nop-ho-so/monthly-allowance',
    formData(hidden, [['toKhai', tinyPng(), 'to-khai.pdf']], { applicantPhone: '0987000111' }),
  );
  expect(response.status).toBe(303);
  const { rows } = await api.db.pool.query(
    `SELECT media_type, name FROM attachments WHERE name = 'to-khai.pdf' AND media_type = 'image/png'`,
  );
  expect(rows).toHaveLength(1);
});

test('missing answers come back with a message beside each field, the input kept, files to choose again', async () => {
  const client = new FormClient(api.baseUrl);
  const hidden = await openForm(client);
  const before = { files: storedFiles().length, rows: await attachmentRows() };
  const response = await client.post(
    '/nop-ho-so/monthly-allowance',
    formData(hidden, [['toKhai', tinyPdf(), 'to-khai.pdf']], {
      applicantFullName: '',
      applicantPhone: '12345',
      dobDay: '31',
      dobMonth: '2',
      clauses: '',
    }),
  );
  expect(response.status).toBe(422);
  for (const text of [
    'Nhập họ và tên người nộp hồ sơ',
    'Nhập số điện thoại di động gồm 10 chữ số',
    'Chọn ít nhất một diện đối tượng',
    'Ngày sinh phải là một ngày có thật',
    'vui lòng chọn lại tệp', // the files were not kept
  ])
    expect(response.html).toContain(text);
  expect(response.html).toContain('value="Trần Văn Bảy"');
  expect({ files: storedFiles().length, rows: await attachmentRows() }).toEqual(before);
});
