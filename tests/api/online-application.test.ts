/**
 * The online application over HTTP (no browser): multipart with real files, CSRF read from the multipart
 * body, refusals while streaming (size, type) that leave nothing on disk or in the table, a double submit that
 * gives one dossier and the same receipt, and officers' downloads scoped by unit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eventually, openTaskId, startDossierApi, type DossierApi } from './dossier-harness';
import { FormClient, hiddenValue } from '../helpers/forms';
import { pdfOfSize, tinyPdf, tinyPng } from '../unit/attachments/files';

let api: DossierApi;
/** The dossier of the first test, with its two files. */
let code: string;
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
    applicantAddress: 'Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai',
    applicantRelationship: 'Con gái',
    beneficiaryFullName: 'Trần Văn Bảy',
    dobDay: '15',
    dobMonth: '3',
    dobYear: '1941',
    beneficiaryGender: 'male',
    beneficiaryIdNumber: '',
    beneficiaryAddress: 'Khu phố 3, xã Trảng Bom, tỉnh Đồng Nai',
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
  code = /class="confirmation-code">([^<]+)</.exec(receipt.html)?.[1] ?? '';
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

describe('officers read the files; nobody else does', () => {
  test('an officer in scope lists and downloads them, with the detected type and the hash', async () => {
    const officer = await api.login('commune_officer.26170');
    const list = await api.request<{
      attachments: Array<{ id: string; mediaType: string; sha256: string; downloadUrl: string }>;
    }>('GET', `/api/dossiers/${code}/attachments`, { token: officer });
    expect(list.status).toBe(200);
    expect(list.body.attachments.map((a) => a.mediaType).sort()).toEqual(['application/pdf', 'image/png']);
    const pdf = list.body.attachments.find((a) => a.mediaType === 'application/pdf')!;
    const download = await fetch(`${api.baseUrl}${pdf.downloadUrl}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(tinyPdf())).toBe(true);
  });

  test('an officer of another commune gets 403, a citizen without a session 401, an id of another dossier 404', async () => {
    const other = await api.login('commune_officer.26173');
    const mine = await api.login('commune_officer.26170');
    const { body } = await api.request<{ attachments: Array<{ id: string }> }>(
      'GET',
      `/api/dossiers/${code}/attachments`,
      {
        token: mine,
      },
    );
    const id = body.attachments[0]!.id;
    expect(
      (await api.request('GET', `/api/dossiers/${code}/attachments/${id}`, { token: other })).status,
    ).toBe(403);
    expect((await api.request('GET', `/api/dossiers/${code}/attachments`, { token: other })).status).toBe(
      403,
    );
    expect((await api.request('GET', `/api/dossiers/${code}/attachments/${id}`)).status).toBe(401);
    const { rows } = await api.db.pool.query<{ dossier_code: string }>(
      `SELECT dossier_code FROM attachments WHERE dossier_code <> $1 LIMIT 1`,
      [code],
    );
    const otherCode = rows[0]!.dossier_code;
    expect(
      (await api.request('GET', `/api/dossiers/${otherCode}/attachments/${id}`, { token: mine })).status,
    ).toBe(404);
  });
});

describe('supplementing through the tracking page (form 02)', () => {
  async function trackingPage(client: FormClient, phone = '0912345678') {
    await client.get('/tra-cuu');
    const page = await client.get('/tra-cuu');
    const form = new URLSearchParams({
      _csrf: hiddenValue(page.html, '_csrf'),
      code,
      factorKind: 'phone',
      factor: phone,
    });
    return client.post('/tra-cuu', form);
  }

  test('the desk asks for a paper; the citizen sends it from the page; the files join the dossier once', async () => {
    const intake = await openTaskId(api, code, 'intake_check');
    const clerk = await api.login('intake_clerk.26170');
    const asked = await api.request('POST', `/api/tasks/${intake}/complete`, {
      token: clerk,
      json: {
        outcome: 'request_documents',
        reason: 'Thiếu giấy tờ',
        missingDocuments: ['Giấy xác nhận hộ nghèo'],
      },
    });
    expect(asked.status).toBe(200);
    const client = new FormClient(api.baseUrl);
    const result = await eventually(async () => {
      const page = await trackingPage(client);
      return page.html.includes('Gửi giấy tờ bổ sung') ? page : undefined;
    }, 'the supplement form');
    expect(result.html).toContain('Giấy xác nhận hộ nghèo');

    const before = { files: storedFiles().length, rows: await attachmentRows() };
    // A stranger with the code but a wrong phone stores nothing.
    const stranger = new FormData();
    stranger.append('_csrf', hiddenValue(result.html, '_csrf'));
    stranger.append('code', code);
    stranger.append('factorKind', 'phone');
    stranger.append('factor', '0987654321');
    stranger.append('supplementId', hiddenValue(result.html, 'supplementId'));
    stranger.append('giayTo-0', new Blob([tinyPdf()]), 'x.pdf');
    expect((await client.post('/tra-cuu/bo-sung', stranger)).status).toBe(404);
    expect({ files: storedFiles().length, rows: await attachmentRows() }).toEqual(before);

    const form = () => {
      const data = new FormData();
      for (const name of ['_csrf', 'code', 'factorKind', 'factor', 'supplementId', 'kind-0'])
        data.append(name, hiddenValue(result.html, name));
      data.append('giayTo-0', new Blob([tinyPng()]), 'hộ nghèo.png');
      return data;
    };
    const sent = await client.post('/tra-cuu/bo-sung', form());
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Đã gửi giấy tờ bổ sung');
    const again = await client.post('/tra-cuu/bo-sung', form());
    expect(again.html).toContain('Đã gửi giấy tờ bổ sung');
    const { rows } = await api.db.pool.query(
      `SELECT kind, name FROM attachments WHERE dossier_code = $1 AND kind = 'Giấy xác nhận hộ nghèo'`,
      [code],
    );
    expect(rows).toEqual([{ kind: 'Giấy xác nhận hộ nghèo', name: 'hộ nghèo.png' }]);
    expect(storedFiles()).toHaveLength(before.files + 1);
    await eventually(async () => {
      const { rows: dossier } = await api.db.pool.query(`SELECT status FROM dossiers WHERE code = $1`, [
        code,
      ]);
      return dossier[0]?.status !== 'awaiting_supplement' ? true : undefined;
    }, 'the dossier to resume');
  });
});

test('dates other than the birth date are typed dd/mm/yyyy; another shape is refused with the shape to use', async () => {
  const client = new FormClient(api.baseUrl);
  const hidden = await openForm(client);
  const disability = { clauses: '5.6', severity: 'severe', applicantPhone: '0987000222' };
  const wrong = await client.post(
    '/nop-ho-so/monthly-allowance',
    formData(hidden, [['toKhai', tinyPdf(), 'a.pdf']], {
      ...disability,
      disabilityCertifiedOn: '2054-13-01',
    }),
  );
  expect(wrong.status).toBe(422);
  expect(wrong.html).toContain('Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2054');
  const right = await client.post(
    '/nop-ho-so/monthly-allowance',
    formData(hidden, [['toKhai', tinyPdf(), 'a.pdf']], {
      ...disability,
      disabilityCertifiedOn: '05/11/2054',
    }),
  );
  expect(right.status).toBe(303);
});

test('files staged by a form that never finished are swept after a day, rows and bytes', async () => {
  const { sweepStagedAttachments, stageUploads } = await import('../../app/attachments/attachments');
  const { createFilesystemStore } = await import('../../app/attachments/filesystem-store');
  const { Readable } = await import('node:stream');
  const store = createFilesystemStore(api.attachmentsDir);
  const object = await store.put(Readable.from([tinyPdf()]));
  const deps = {
    pool: api.db.pool,
    attachments: { store },
    now: () => api.clock.now,
  } as unknown as Parameters<typeof stageUploads>[0];
  await stageUploads(deps, { token: 'crashed-request', batch: 'application x' }, 'citizen', [
    { kind: 'Tờ khai', filename: 'a.pdf', mediaType: 'application/pdf', ...object },
  ]);
  expect(await sweepStagedAttachments(deps)).toBe(0); // not a day old yet
  const later = { ...deps, now: () => new Date(api.clock.now.getTime() + 25 * 60 * 60 * 1000) };
  expect(await sweepStagedAttachments(later)).toBe(1);
  await expect(store.get(object.key)).rejects.toThrow('is not in the store');
  const { rows } = await api.db.pool.query(
    `SELECT 1 FROM attachments WHERE staging_token = 'crashed-request'`,
  );
  expect(rows).toHaveLength(0);
});
