/**
 * Issue 15 point 13: the audit log. An admin change writes exactly one row (who, from where) in the change's
 * own transaction, a refused change none; a reveal of protected data writes one; admins and auditors read the
 * rows of their own province only, officers not at all. No Temporal: the dossier row is written as the read
 * model would.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { officerSession } from '../helpers/forms';
import { createFilesystemStore } from '../../app/attachments/filesystem-store';
import { DEMO_PASSWORD, startTestApi, type TestApi } from './harness';
import { DECIDED_FOOD_AID, insertDossierRow } from '../helpers/dossier-rows';

const CODE = '26170-541124-0009';
/** A dossier of a protected category (clause 5.8, HIV): every read that shows the category is recorded. */
const PROTECTED = '26170-541124-0010';

interface AuditBody {
  entries: Array<{
    at: string;
    actor: { username: string; role: string; unitCode: string };
    action: string;
    target: { kind: string; id: string };
    dossierCode: string | null;
    clientAddress: string;
    details: Record<string, unknown>;
  }>;
  total: number;
  page: number;
  pageSize: number;
}

let api: TestApi;
let admin: string;
let auditor: string;
beforeAll(async () => {
  api = await startTestApi({ now: new Date('2054-11-24T02:00:00Z'), pages: true });
  admin = await api.login('admin.75');
  auditor = await api.login('auditor.75');
  await insertDossierRow(api.db.pool, CODE, DECIDED_FOOD_AID);
  await insertDossierRow(api.db.pool, PROTECTED, {
    procedureId: 'monthly-allowance',
    procedureVersion: 1,
    procedureTitle: 'Trợ cấp xã hội hằng tháng',
    channel: 'walk_in',
    status: 'decided',
    applicantName: 'Trần Văn Tám',
    applicantPhone: '0912345679',
    applicantIdLast4: '0456',
    beneficiaryName: 'Trần Văn Tám',
    application: '{"beneficiary":{"qualifications":[{"clause":"5.8"}]}}',
  });
  await api.db.pool.query(
    `INSERT INTO document_template_versions (version, template_id, sources) VALUES ('sha256:test', 'x', '{}')`,
  );
  await api.db.pool.query(
    `INSERT INTO documents (idempotency_key, dossier_code, province_code, kind, issuer_code, year, template_id,
       template_version, header, data, html, html_sha256, issued_on, created_at)
     VALUES ('test-decision', $1, '75', 'decision-monthly-allowance', '737', 2054, 'decision-monthly-allowance',
       'sha256:test', '{}', '{}', '<p>Quyết định</p>', 'x', '2054-11-24', now())`,
    [PROTECTED],
  );
});
afterAll(() => api.close());

async function rows(action: string) {
  const { rows } = await api.db.pool.query<{
    actor_username: string;
    actor_role: string;
    client_address: string;
    target_id: string;
    dossier_code: string | null;
    details: Record<string, unknown>;
  }>('SELECT * FROM audit_log WHERE action = $1 ORDER BY id', [action]);
  return rows;
}

test('creating a user writes exactly one row with the actor and the client address, and no personal data', async () => {
  const created = await api.request<{ id: string }>('POST', '/api/admin/users', {
    token: admin,
    json: {
      username: 'can.bo.moi',
      fullName: 'Trần Văn Mới',
      password: 'mat-khau-moi-2054',
      role: 'commune_officer',
      unitCode: '26170',
    },
  });
  expect(created.status).toBe(201);
  const written = await rows('user.create');
  expect(written).toEqual([
    expect.objectContaining({
      actor_username: 'admin.75',
      actor_role: 'admin',
      client_address: expect.stringMatching(/127\.0\.0\.1$/),
      target_id: created.body.id,
      dossier_code: null,
      details: { role: 'commune_officer', unitCode: '26170' },
    }),
  ]);
  expect(JSON.stringify(written)).not.toMatch(/Trần Văn Mới|mat-khau/);
});

test('a refused change (taken username, 409) writes no row', async () => {
  const before = (await rows('user.create')).length;
  const taken = await api.request('POST', '/api/admin/users', {
    token: admin,
    json: {
      username: 'can.bo.moi',
      fullName: 'Người Khác',
      password: 'mat-khau-khac-2054',
      role: 'commune_officer',
      unitCode: '26170',
    },
  });
  expect(taken.status).toBe(409);
  expect(await rows('user.create')).toHaveLength(before);

  const me = await api.request<{ user: { id: string } }>('GET', '/api/auth/me', { token: admin });
  const self = await api.request('POST', `/api/admin/users/${me.body.user.id}/deactivate`, { token: admin });
  expect(self.status).toBe(409);
  expect(await rows('user.deactivate')).toHaveLength(0);
});

test('a base level and a calendar override each write one row; a refused one (409, 403) none', async () => {
  const level = { effectiveFrom: '2055-01-01', amount: 600000, legalBasis: 'Nghị định thử nghiệm' };
  expect((await api.request('POST', '/api/admin/base-levels', { token: admin, json: level })).status).toBe(
    201,
  );
  expect((await api.request('POST', '/api/admin/base-levels', { token: admin, json: level })).status).toBe(
    409,
  );
  expect(await rows('base_level.add')).toEqual([
    expect.objectContaining({
      actor_username: 'admin.75',
      target_id: '2055-01-01',
      details: { amount: 600000 },
    }),
  ]);

  const override = {
    province: '75',
    date: '2054-12-21',
    status: 'off',
    reason: 'Nghỉ kỷ niệm ngày thành lập tỉnh (thử nghiệm)',
    reference: 'Quyết định số 99/QĐ-UBND (thử nghiệm)',
  };
  const overrides = '/api/admin/calendar/overrides';
  expect((await api.request('POST', overrides, { token: admin, json: override })).status).toBe(201);
  const other = await api.request('POST', overrides, { token: admin, json: { ...override, province: '79' } });
  expect(other.status).toBe(403);
  expect(await rows('calendar.add')).toEqual([
    expect.objectContaining({ actor_username: 'admin.75', details: { kind: 'override' } }),
  ]);
});

test('a reveal of protected data writes one row naming the dossier; a plain read writes none', async () => {
  const officer = await api.login('commune_officer.26170');
  expect((await api.request('GET', `/api/dossiers/${CODE}`, { token: officer })).status).toBe(200);
  expect(await rows('dossier.reveal_sensitive')).toHaveLength(0);

  const revealed = await api.request('GET', `/api/dossiers/${CODE}?reveal=sensitive`, { token: officer });
  expect(revealed.status).toBe(200);
  expect(await rows('dossier.reveal_sensitive')).toEqual([
    expect.objectContaining({ actor_username: 'commune_officer.26170', target_id: CODE, dossier_code: CODE }),
  ]);
  // The old name still answers, as a view of the same rows.
  const { rows: legacy } = await api.db.pool.query('SELECT dossier_code FROM sensitive_reveals');
  expect(legacy).toEqual([{ dossier_code: CODE }]);
});

test('reads of a protected dossier, its documents and files are recorded when they show the category; hidden, not', async () => {
  const officer = await api.login('commune_officer.26170');
  const auditorView = await api.request('GET', `/api/dossiers/${PROTECTED}`, { token: auditor });
  expect(auditorView.status).toBe(200); // the category is hidden from the auditor: nothing protected read
  expect(await rows('dossier.read_protected')).toHaveLength(0);

  expect((await api.request('GET', `/api/dossiers/${PROTECTED}`, { token: officer })).status).toBe(200);
  expect(await rows('dossier.read_protected')).toEqual([
    expect.objectContaining({ actor_username: 'commune_officer.26170', dossier_code: PROTECTED }),
  ]);

  const { rows: documents } = await api.db.pool.query<{ id: string }>(
    'SELECT id FROM documents WHERE dossier_code = $1',
    [PROTECTED],
  );
  const path = `/api/dossiers/${PROTECTED}/documents/${documents[0]!.id}`;
  const refused = await api.request('GET', path, { token: auditor });
  expect(refused.status).toBe(403);
  expect(await rows('document.read_protected')).toHaveLength(0);
  const served = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${officer}` } });
  expect(served.status).toBe(200);
  expect(await served.text()).toContain('Quyết định');
  expect(await rows('document.read_protected')).toEqual([
    expect.objectContaining({ actor_username: 'commune_officer.26170', dossier_code: PROTECTED }),
  ]);

  // A file attached to it: the same rule (refused to the auditor, recorded for the officer).
  const store = createFilesystemStore(api.attachmentsDir);
  const stored = await store.put(Readable.from([Buffer.from('%PDF-1.4 giấy xác nhận')]));
  const fileId = randomUUID();
  await api.db.pool.query(
    `INSERT INTO attachments (id, dossier_code, batch, kind, name, media_type, size_bytes, sha256, storage_key,
       uploaded_by, created_at)
     VALUES ($1, $2, 'desk', 'Giấy xác nhận', 'xac-nhan.pdf', 'application/pdf', 24, $3, $4, 'desk', now())`,
    [fileId, PROTECTED, 'a'.repeat(64), stored.key],
  );
  const filePath = `/api/dossiers/${PROTECTED}/attachments/${fileId}`;
  expect((await api.request('GET', filePath, { token: auditor })).status).toBe(403);
  expect(await rows('attachment.read_protected')).toHaveLength(0);
  const file = await fetch(`${api.baseUrl}${filePath}`, { headers: { authorization: `Bearer ${officer}` } });
  expect(file.status).toBe(200);
  expect(await rows('attachment.read_protected')).toEqual([
    expect.objectContaining({
      actor_username: 'commune_officer.26170',
      target_id: fileId,
      dossier_code: PROTECTED,
    }),
  ]);
  // Not listed among the rows the other tests count.
  await api.db.pool.query("DELETE FROM audit_log WHERE action LIKE '%.read_protected'");
});

describe('GET /api/admin/audit', () => {
  test('an officer gets 403', async () => {
    const officer = await api.login('commune_officer.26170');
    const response = await api.request('GET', '/api/admin/audit', { token: officer });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  test('the auditor of the province lists its rows, filtered; another province’s rows are not listed', async () => {
    await api.db.pool.query(
      `INSERT INTO audit_log (at, actor_username, actor_role, unit_code, action, target_kind, target_id,
         client_address) VALUES (now(), 'admin.79', 'admin', '79', 'unit.create', 'unit', '760', '10.0.0.9')`,
    );
    const all = await api.request<AuditBody>('GET', '/api/admin/audit', { token: auditor });
    expect(all.status).toBe(200);
    expect(all.body.entries.map((entry) => entry.action).sort()).toEqual([
      'base_level.add',
      'calendar.add',
      'dossier.reveal_sensitive',
      'user.create',
    ]);
    expect(all.body).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(JSON.stringify(all.body)).not.toContain('admin.79');

    const byDossier = await api.request<AuditBody>('GET', `/api/admin/audit?dossier=${CODE}`, {
      token: admin,
    });
    expect(byDossier.body.entries.map((entry) => entry.action)).toEqual(['dossier.reveal_sensitive']);
    const byActor = await api.request<AuditBody>(
      'GET',
      '/api/admin/audit?actor=admin.75&action=user.create',
      {
        token: admin,
      },
    );
    expect(byActor.body.entries).toHaveLength(1);
    const before = await api.request<AuditBody>('GET', '/api/admin/audit?to=2054-11-23', { token: admin });
    expect(before.body.entries).toHaveLength(0);
    const onTheDay = await api.request<AuditBody>('GET', '/api/admin/audit?from=2054-11-24&to=2054-11-24', {
      token: admin,
    });
    expect(onTheDay.body.total).toBe(4);
    const pageTwo = await api.request<AuditBody>('GET', '/api/admin/audit?page=2', { token: admin });
    expect(pageTwo.body).toMatchObject({ entries: [], page: 2 });
  });

  test('a bad filter is 400 with the field named', async () => {
    const response = await api.request('GET', '/api/admin/audit?action=xoa-het&from=2054-13-01', {
      token: admin,
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors?.map((error) => error.path).sort()).toEqual([
      'query.action',
      'query.from',
    ]);
  });
});

describe('the page /quan-tri/nhat-ky', () => {
  const loggedIn = (username: string) => officerSession(api.baseUrl, username, DEMO_PASSWORD);

  test('shows an admin the rows with dd/mm/yyyy HH:mm times, filtered by a GET form', async () => {
    const browser = await loggedIn('admin.75');
    const page = await browser.get('/quan-tri/nhat-ky');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Nhật ký hệ thống</h1>');
    expect(page.html).toContain('Tạo người dùng');
    expect(page.html).toContain('Xem số định danh và thông tin được bảo vệ');
    expect(page.html).toContain(`<a href="/can-bo/ho-so/${CODE}">${CODE}</a>`);
    expect(page.html).toContain('24/11/2054 09:00'); // 02:00 UTC is 09:00 in Vietnam
    expect(page.html).not.toContain('admin.79');

    const filtered = await browser.get(`/quan-tri/nhat-ky?tu=24/11/2054&den=24/11/2054&ho_so=${CODE}`);
    expect(filtered.html).toContain('Xem số định danh và thông tin được bảo vệ');
    expect(filtered.html).not.toContain('<td>Tạo người dùng</td>');
    const bad = await browser.get('/quan-tri/nhat-ky?tu=31/02/2054');
    expect(bad.html).toContain('Ngày không hợp lệ, viết dạng dd/mm/yyyy');

    const admin = await browser.get('/quan-tri');
    expect(admin.html).toContain('href="/quan-tri/nhat-ky"');
  });

  test('is open to the auditor, and refused to an officer', async () => {
    const auditorPages = await loggedIn('auditor.75');
    expect((await auditorPages.get('/quan-tri/nhat-ky')).status).toBe(200);
    // Reached from every page's header, as the admin reaches it from /quan-tri.
    expect((await auditorPages.get('/can-bo/viec-can-lam')).html).toContain('href="/quan-tri/nhat-ky"');
    expect((await (await loggedIn('commune_officer.26170')).get('/quan-tri/nhat-ky')).status).toBe(403);
  });
});
